/**
 * Public pages from the page cache (src/lib/server/http/page-cache.ts) against the built server:
 * compressed, with ETag and 304, a Cache-Control a proxy may follow; nothing of that for a request
 * with a cookie or a private page; the API's public reads likewise, with the API's headers; a
 * registration shows in the free places (page and API) at once.
 */
import { describe, expect, it } from 'vitest';
import { baseUrl } from './fixtures.ts';

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${baseUrl()}${path}`, { headers: { 'accept-encoding': 'br, gzip', ...headers }, redirect: 'manual' });

describe('the page cache', () => {
	it('serves public pages and feeds compressed, with an ETag, 304 for it and a Cache-Control for proxies', async () => {
		for (const path of ['/', '/en/archiv', '/projekte/digit-ready-ii', '/ar/projekte/digit-ready-ii', '/projekte/digit-ready-ii/kalender.ics']) {
			await (await get(path)).arrayBuffer();
			const res = await get(path);
			expect(res.status, path).toBe(200);
			expect(res.headers.get('content-encoding'), path).toBe('br');
			expect(res.headers.get('cache-control'), path).toMatch(/^public, .*s-maxage=\d+.*stale-while-revalidate=\d+/);
			expect(res.headers.get('vary'), path).toBe('Accept-Encoding');
			const etag = res.headers.get('etag')!;
			expect(etag, path).toMatch(/^"[\w-]+-br"$/);
			expect((await res.text()).length, path).toBeGreaterThan(1000);
			const again = await get(path, { 'if-none-match': etag });
			expect(again.status, path).toBe(304);
			const gzip = await get(path, { 'accept-encoding': 'gzip' });
			expect(gzip.headers.get('content-encoding'), path).toBe('gzip');
			expect(gzip.headers.get('etag'), path).not.toBe(etag);
		}
	});

	it('never marks as public what a signed-in visitor, a query or a private page gets', async () => {
		const withCookie = await get('/projekte/digit-ready-ii', { cookie: 'better-auth.session_token=whatever' });
		expect(withCookie.status).toBe(200);
		expect(withCookie.headers.get('cache-control') ?? '').not.toContain('public');
		const withQuery = await get('/projekte/digit-ready-ii?x=1');
		expect(withQuery.headers.get('cache-control') ?? '').not.toContain('public');
		for (const path of ['/admin/anmelden', '/verein/anmelden', '/teilnahme']) {
			const res = await get(path);
			expect(res.headers.get('cache-control') ?? '', path).not.toContain('public');
			// Compressed all the same (HTML from the app, not from the cache).
			expect(res.headers.get('content-encoding'), path).toBe('br');
			expect(res.headers.get('etag') ?? '', path).not.toMatch(/-br"$/);
		}
	});

	it('serves the API\'s public reads from the store with the API\'s headers; a token\'s request goes to the handler', async () => {
		for (const path of ['/api/v1/projects', '/api/v1/projects/digit-ready-ii/items']) {
			await (await get(path)).arrayBuffer();
			const res = await get(path);
			expect(res.status, path).toBe(200);
			expect(res.headers.get('content-type'), path).toBe('application/json; charset=utf-8');
			expect(res.headers.get('content-encoding'), path).toBe('br');
			expect(res.headers.get('vary'), path).toBe('Accept-Language, Accept-Encoding');
			expect(res.headers.get('access-control-allow-origin'), path).toBe('*');
			expect(res.headers.get('content-language'), path).toBe('de');
			expect(res.headers.get('cache-control'), path).toBe('public, max-age=60, s-maxage=60, stale-while-revalidate=60');
			expect(res.headers.get('ratelimit'), path).toBeNull(); // a stored answer is not counted
			const etag = res.headers.get('etag')!;
			expect(etag, path).toMatch(/^"[\w-]+-br"$/);
			expect((await res.json()).data.length, path).toBeGreaterThan(0);
			const again = await get(path, { 'if-none-match': etag });
			expect(again.status, path).toBe(304);
			expect(again.headers.get('access-control-allow-origin'), path).toBe('*');
			const head = await fetch(`${baseUrl()}${path}`, { method: 'HEAD' });
			expect(head.status, path).toBe(200);
			expect(await head.text(), path).toBe('');
			const en = await get(path, { 'accept-language': 'en' });
			expect(en.headers.get('content-language'), path).toBe('en');
			const token = await get(path, { authorization: 'Bearer bt_not_a_token' });
			expect(token.headers.get('ratelimit'), path).toMatch(/^"address";r=\d+;t=\d+$/);
		}
	});

	it('a registration shows in the free places on the next request', async () => {
		const start = await (await get('/')).text();
		const items = [...new Set([...start.matchAll(/href="(\/projekte\/digit-ready-iii\/\d+)"/g)].map((m) => m[1]))];
		let itemPath = '';
		let before = NaN;
		for (const path of items) {
			const match = (await (await get(path)).text()).match(/Noch (\d+) Plätze frei/);
			if (match) {
				itemPath = path;
				before = Number(match[1]);
				break;
			}
		}
		expect(itemPath).not.toBe('');
		expect((await get(itemPath)).headers.get('cache-control')).toMatch(/^public/); // now stored
		const apiItem = `/api/v1/items/${itemPath.split('/').pop()}`;
		const apiFree = async () => (await (await get(apiItem)).json()).availability.free as number;
		const apiBefore = await apiFree();
		expect(await apiFree()).toBe(apiBefore); // now stored too
		const form = new URLSearchParams({ name: 'Cache Test', email: 'cache-test@example.org', organisationId: 'other', organisationName: 'Beispielverein e.V.', language: 'de', privacy: 'on' });
		const posted = await fetch(`${baseUrl()}${itemPath}?/register`, { method: 'POST', body: form, headers: { origin: baseUrl(), 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
		expect(posted.status).toBeLessThan(400);
		const after = (await (await get(itemPath)).text()).match(/Noch (\d+) Plätze frei/);
		expect(Number(after?.[1])).toBe(before - 1);
		expect(await apiFree()).toBe(apiBefore - 1);
	});
});
