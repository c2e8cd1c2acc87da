import { describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { handleOutage, noteDatabaseError } from './outage.ts';

function requestEvent(locale: string, path = '/projekte'): RequestEvent {
	const url = new URL(`http://localhost${path}`);
	return { locals: { locale, user: null }, url, request: new Request(url) } as unknown as RequestEvent;
}
const refused = () => new Error('Failed query: select …', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }) });
const silenced = <T>(run: () => T | Promise<T>) => {
	const log = console.error;
	console.error = () => {};
	return Promise.resolve().then(run).finally(() => (console.error = log));
};

describe('a database outage answers 503 with a short page in the visitor’s language', () => {
	it('an outage while the session is looked up (a later handle throws)', async () => {
		const response = await silenced(() =>
			handleOutage({
				event: requestEvent('tr'),
				resolve: async () => {
					throw refused();
				}
			})
		);
		expect(response.status).toBe(503);
		expect(response.headers.get('retry-after')).toBe('60');
		expect(response.headers.get('cache-control')).toBe('no-store');
		expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
		const html = await response.text();
		expect(html).toContain('<html lang="tr" dir="ltr">');
		expect(html).toContain('Bu sayfaya şu anda ulaşılamıyor. Lütfen bir dakika sonra tekrar deneyin.');
		expect(html.length).toBeLessThan(1_000);
	});

	it('an outage in a route: handleError turns it into a 503 and the page replaces SvelteKit’s 500', async () => {
		const event = requestEvent('ar');
		const body = await silenced(async () => noteDatabaseError(event, Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })));
		expect(body).toEqual({ status: 503, message: 'لا يمكن الوصول إلى هذه الصفحة الآن. يُرجى المحاولة مرة أخرى بعد دقيقة.' });
		const response = await handleOutage({ event, resolve: async () => new Response('<h1>Fehler 500</h1>', { status: 500 }) });
		expect(response.status).toBe(503);
		expect(response.headers.get('retry-after')).toBe('60');
		const html = await response.text();
		expect(html).toContain('<html lang="ar" dir="rtl">');
		expect(html).toContain('غير متاح مؤقتًا');
		expect(html).not.toContain('Fehler 500');
	});

	it('German by default, and nothing else changes: other errors stay errors, other answers pass untouched', async () => {
		const german = await silenced(() =>
			handleOutage({
				event: requestEvent('xx'),
				resolve: async () => {
					throw refused();
				}
			})
		);
		expect(await german.text()).toContain('Die Seite ist gerade nicht erreichbar. Bitte versuchen Sie es in einer Minute noch einmal.');

		const event = requestEvent('de');
		expect(noteDatabaseError(event, Object.assign(new Error('duplicate key'), { code: '23505' }))).toBeNull();
		const failing = new Response('500', { status: 500 });
		expect(await handleOutage({ event, resolve: async () => failing })).toBe(failing);
		const bug = new TypeError('bug');
		await expect(
			handleOutage({
				event,
				resolve: async () => {
					throw bug;
				}
			})
		).rejects.toBe(bug);
	});
});
