import { describe, expect, it } from 'vitest';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { RequestEvent } from '@sveltejs/kit';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { cacheKey, isCacheableRequest, PageCache, pageCacheHandle, PUBLIC_CACHE_CONTROL, represent, serveFromCache, sharedPageCache, type PageCacheSource, type RequestFacts } from './page-cache.ts';
import { chooseEncoding } from './encoding.ts';

const HTML = `<!doctype html><html><body>${'<p>Programm: Workshop Köln, 10:00–17:00</p>'.repeat(40)}</body></html>`;

function fakeSource(start = 1) {
	const state = { version: start, next: null as Date | null, reads: 0, fail: false };
	const source: PageCacheSource = {
		readVersion: async () => {
			state.reads++;
			if (state.fail) throw new Error('database unavailable');
			return state.version;
		},
		nextChange: async () => state.next
	};
	return { state, source };
}

function clock(start = 1_000_000) {
	const c = { t: start, now: () => c.t };
	return c;
}

function page(body = HTML, init: ResponseInit = {}) {
	return new Response(body, { status: 200, ...init, headers: { 'content-type': 'text/html', ...(init.headers as Record<string, string>) } });
}

function req(url: string, headers: Record<string, string> = {}, method = 'GET'): RequestFacts {
	const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
	return { method, url, header: (name) => lower[name] };
}

function event(path: string, headers: Record<string, string> = {}, method = 'GET') {
	const url = new URL(`http://localhost${path}`);
	return { request: new Request(url, { method, headers }), url } as unknown as RequestEvent;
}

describe('which requests the page cache answers', () => {
	it('public pages and feeds in every language', () => {
		for (const url of ['/', '/en', '/ar/', '/archiv', '/tr/archiv', '/impressum', '/datenschutz', '/projekte/digit-ready-ii', '/uk/projekte/digit-ready-ii/1', '/projekte/digit-ready-ii/kalender.ics', '/ru/projekte/digit-ready-ii/3/kalender.ics', '/projekte/digit-ready-ii/handbuch', '/ar/projekte/digit-ready-ii/handbuch']) {
			expect(isCacheableRequest(req(url)), url).toBe(true);
		}
	});

	it('never personal or signed-in pages, queries, cookies, credentials or form posts', () => {
		for (const url of ['/teilnahme', '/teilnahme/abc', '/verein', '/verein/anmelden', '/admin', '/en/admin/projekte', '/anmeldung/bestaetigen/abc', '/zertifikat/ABC', '/healthz', '/projekte/a/1/__data.json', '/%61dmin', '/projekte/Digit', '/projekte/a/handbuch/kalender.ics', '/projekte/a/handbuch/bild/1']) {
			expect(isCacheableRequest(req(url)), url).toBe(false);
		}
		expect(isCacheableRequest(req('/projekte/a?x=1'))).toBe(false);
		expect(isCacheableRequest(req('/projekte/a?'))).toBe(false);
		expect(isCacheableRequest(req('/projekte/a', { cookie: 'better-auth.session_token=abc' }))).toBe(false);
		expect(isCacheableRequest(req('/projekte/a', { authorization: 'Basic eDp5' }))).toBe(false);
		expect(isCacheableRequest(req('/projekte/a/1', {}, 'POST'))).toBe(false);
		expect(isCacheableRequest(req('/projekte/a/1', {}, 'HEAD'))).toBe(true);
	});
});

describe('which API requests the page cache answers', () => {
	it('the public reads without query, or with only lang and (on the project list) when; keyed by the answer\'s language', () => {
		expect(cacheKey(req('/api/v1/projects'))).toBe('/api/v1/projects de');
		expect(cacheKey(req('/api/v1/projects', { 'accept-language': 'en-GB,en;q=0.9,de;q=0.5' }))).toBe('/api/v1/projects en');
		expect(cacheKey(req('/api/v1/projects?lang=en'))).toBe('/api/v1/projects en');
		expect(cacheKey(req('/api/v1/projects?lang=uk', { 'accept-language': 'en' }))).toBe('/api/v1/projects uk');
		expect(cacheKey(req('/api/v1/projects?when=past&lang=ar'))).toBe('/api/v1/projects?when=past ar');
		expect(cacheKey(req('/api/v1/projects?lang=ar&when=past'))).toBe('/api/v1/projects?when=past ar');
		for (const url of ['/api/v1/archive', '/api/v1/projects/digit-ready-ii', '/api/v1/projects/digit-ready-ii/items', '/api/v1/items/12']) expect(isCacheableRequest(req(url)), url).toBe(true);
		expect(isCacheableRequest(req('/api/v1/items/12', {}, 'HEAD'))).toBe(true);
	});

	it('never cursors, limits, filters, unknown or repeated parameters, tokens, cookies, writes or other API paths', () => {
		for (const url of ['/api/v1/projects?cursor=abc', '/api/v1/projects?limit=5', '/api/v1/projects?when=later', '/api/v1/projects?lang=xx', '/api/v1/projects?lang=en&lang=de', '/api/v1/projects?', '/api/v1/archive?when=past', '/api/v1/projects/a/items?format=online', '/api/v1/openapi.json', '/api/v1/registrations', '/api/v1/items/abc', '/api/v1/projects/A']) {
			expect(isCacheableRequest(req(url)), url).toBe(false);
		}
		expect(isCacheableRequest(req('/api/v1/projects', { authorization: 'Bearer bt_x' }))).toBe(false);
		expect(isCacheableRequest(req('/api/v1/projects', { cookie: 'a=b' }))).toBe(false);
		expect(isCacheableRequest(req('/api/v1/projects', {}, 'POST'))).toBe(false);
	});
});

describe('PageCache', () => {
	it('renders a page once and serves the stored bytes after (also to parallel requests)', async () => {
		const { source } = fakeSource();
		const cache = new PageCache(source, { now: clock().now });
		let renders = 0;
		const render = async () => {
			renders++;
			await new Promise((r) => setTimeout(r, 5));
			return page();
		};
		expect(await cache.refresh()).toBe(true);
		const results = await Promise.all([cache.fill('/a', render), cache.fill('/a', render), cache.fill('/a', render)]);
		expect(renders).toBe(1);
		for (const r of results) expect(r).not.toBeInstanceOf(Response);
		expect(cache.get('/a')?.body.toString()).toBe(HTML);
		expect(cache.peek('/a')?.body.toString()).toBe(HTML);
	});

	it('drops every page when the version changes, read at most every checkEveryMs', async () => {
		const { state, source } = fakeSource();
		const c = clock();
		const cache = new PageCache(source, { now: c.now, checkEveryMs: 1000 });
		await cache.refresh();
		await cache.fill('/a', async () => page());
		state.version = 2;
		c.t += 500;
		await cache.refresh();
		expect(state.reads).toBe(1);
		expect(cache.get('/a')).not.toBeNull(); // not asked yet: another instance's change shows within a second
		c.t += 600;
		expect(cache.peek('/a')).toBeNull(); // the fast path never serves an unchecked page
		await cache.refresh();
		expect(state.reads).toBe(2);
		expect(cache.get('/a')).toBeNull();
	});

	it('reads the version before the next hit after a form post on this instance', async () => {
		const { state, source } = fakeSource();
		const c = clock();
		const cache = new PageCache(source, { now: c.now });
		await cache.refresh();
		await cache.fill('/a', async () => page());
		state.version = 2;
		cache.checkSoon();
		expect(cache.peek('/a')).toBeNull();
		await cache.refresh();
		expect(cache.get('/a')).toBeNull();
	});

	it('a render begun before a change does not store its outdated page', async () => {
		const { state, source } = fakeSource();
		const c = clock();
		const cache = new PageCache(source, { now: c.now });
		await cache.refresh();
		let release!: () => void;
		const slow = cache.fill('/a', () => new Promise<Response>((r) => (release = () => r(page('old')))));
		state.version = 2;
		cache.checkSoon();
		await cache.refresh();
		release();
		await slow;
		expect(cache.get('/a')).toBeNull();
	});

	it('drops every page when a session starts or ends (nextChange), and after maxAgeMs', async () => {
		const { state, source } = fakeSource();
		const c = clock();
		state.next = new Date(c.t + 60_000);
		const cache = new PageCache(source, { now: c.now, maxAgeMs: 10 * 60_000 });
		await cache.refresh();
		await cache.fill('/a', async () => page());
		c.t += 59_999;
		cache.checkSoon();
		await cache.refresh();
		expect(cache.get('/a')).not.toBeNull();
		c.t += 1;
		expect(cache.fresh()).toBe(false);
		state.next = null;
		await cache.refresh();
		expect(cache.get('/a')).toBeNull();
		await cache.fill('/a', async () => page());
		c.t += 10 * 60_000;
		expect(cache.get('/a')).toBeNull();
	});

	it('keeps the last known pages while the database cannot say its version, and drops them once it says the version moved', async () => {
		const { state, source } = fakeSource();
		const cache = new PageCache(source, { now: clock().now });
		await cache.refresh();
		await cache.fill('/a', async () => page());
		state.fail = true;
		cache.checkSoon();
		expect(await cache.refresh()).toBe(false);
		expect(cache.peek('/a')).toBeNull();
		expect(cache.lastKnown('/a')).not.toBeNull();
		state.fail = false;
		expect(await cache.refresh()).toBe(true);
		expect(cache.get('/a')).not.toBeNull();
		state.fail = true;
		cache.checkSoon();
		expect(await cache.refresh()).toBe(false);
		state.fail = false;
		state.version++;
		expect(await cache.refresh()).toBe(true);
		expect(cache.get('/a')).toBeNull();
	});

	it('stores only plain 200 HTML or iCalendar answers', async () => {
		const cache = new PageCache(fakeSource().source, { now: clock().now });
		await cache.refresh();
		const answers = [
			new Response('nope', { status: 404, headers: { 'content-type': 'text/html' } }),
			page(HTML, { headers: { 'set-cookie': 'a=b' } }),
			page(HTML, { headers: { 'cache-control': 'no-store' } }),
			new Response('{}', { headers: { 'content-type': 'application/json' } })
		];
		for (const [i, answer] of answers.entries()) {
			const result = await cache.fill(`/x${i}`, async () => answer);
			expect(result).toBe(answer);
			expect(cache.get(`/x${i}`)).toBeNull();
		}
	});
});

describe('pages out of date by time', () => {
	it('are rendered again by one request while the others get the page as it was; a write never serves the old page', async () => {
		const { state, source } = fakeSource();
		const c = clock();
		state.next = new Date(c.t + 60_000);
		const cache = new PageCache(source, { now: c.now });
		const handle = pageCacheHandle(() => cache);
		await cache.refresh();
		await cache.fill('/projekte/a', async () => page('old'));
		c.t += 60_000; // a session started: every page is out of date, no write happened
		state.next = null;
		expect(cache.peek('/projekte/a')).toBeNull();
		let release!: () => void;
		let renders = 0;
		const resolve = () => {
			renders++;
			return new Promise<Response>((r) => (release = () => r(page('new'))));
		};
		const first = handle({ event: event('/projekte/a'), resolve });
		await new Promise((r) => setTimeout(r, 0));
		await new Promise((r) => setTimeout(r, 0));
		expect(renders).toBe(1);
		// Meanwhile: the old bytes, from the fast path and from the handle, without another render.
		expect(cache.peek('/projekte/a')?.body.toString()).toBe('old');
		expect(await (await handle({ event: event('/projekte/a'), resolve })).text()).toBe('old');
		expect(renders).toBe(1);
		release();
		expect(await (await first).text()).toBe('new');
		expect(cache.peek('/projekte/a')?.body.toString()).toBe('new');

		// A write: the old page is gone, every request waits for the one render.
		state.version++;
		cache.checkSoon();
		const afterWrite = handle({ event: event('/projekte/a'), resolve });
		await new Promise((r) => setTimeout(r, 0));
		await new Promise((r) => setTimeout(r, 0));
		expect(renders).toBe(2);
		expect(cache.peek('/projekte/a')).toBeNull();
		const waiting = handle({ event: event('/projekte/a'), resolve });
		release();
		expect(await (await afterWrite).text()).toBe('new');
		expect(await (await waiting).text()).toBe('new');
		expect(renders).toBe(2);
	});
});

describe('the server\'s fast path', () => {
	function serve(cache: PageCache, url: string, headers: Record<string, string> = {}, method = 'GET') {
		const sent: { status?: number; headers?: Record<string, string>; body?: Buffer } = {};
		const res = { writeHead: (status: number, h: Record<string, string>) => Object.assign(sent, { status, headers: h }), end: (body?: Buffer) => (sent.body = body) };
		const served = serveFromCache(cache, { method, url, headers } as unknown as IncomingMessage, res as unknown as ServerResponse);
		return { served, ...sent };
	}
	const json = JSON.stringify({ data: Array.from({ length: 40 }, (_, i) => ({ slug: `projekt-${i}`, title: { value: 'Workshop', lang: 'de', fallback: false } })), next_cursor: null });
	const apiAnswer = (lang: string) =>
		new Response(json, {
			headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=60, s-maxage=60, stale-while-revalidate=60', 'access-control-allow-origin': '*', 'content-language': lang, vary: 'Accept-Language', 'ratelimit-policy': '"address";q=300;w=60', ratelimit: '"address";r=299;t=60', etag: '"handler"' }
		});

	it('sends a stored API read with its headers, 304 and HEAD; never for a token, a cookie or another language', async () => {
		const cache = new PageCache(fakeSource().source, { now: clock().now });
		await cache.refresh();
		expect(serve(cache, '/api/v1/projects').served).toBe(false); // nothing stored yet
		await cache.fill(cacheKey(req('/api/v1/projects'))!, async () => apiAnswer('de'));
		const hit = serve(cache, '/api/v1/projects', { 'accept-encoding': 'gzip, deflate, br' });
		expect(hit.served).toBe(true);
		expect(hit.status).toBe(200);
		expect(JSON.parse(brotliDecompressSync(hit.body!).toString())).toEqual(JSON.parse(json));
		expect(hit.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', 'content-encoding': 'br', 'cache-control': 'public, max-age=60, s-maxage=60, stale-while-revalidate=60', 'access-control-allow-origin': '*', 'content-language': 'de', vary: 'Accept-Language, Accept-Encoding', 'ratelimit-policy': '"address";q=300;w=60' });
		expect(hit.headers!.ratelimit).toBeUndefined();
		expect(hit.headers!.etag).toMatch(/-br"$/);
		expect(serve(cache, '/api/v1/projects?lang=de').headers!['content-encoding']).toBeUndefined();
		const notModified = serve(cache, '/api/v1/projects', { 'accept-encoding': 'br', 'if-none-match': hit.headers!.etag });
		expect(notModified.status).toBe(304);
		expect(notModified.body).toBeUndefined();
		expect(notModified.headers).toMatchObject({ etag: hit.headers!.etag, 'access-control-allow-origin': '*', 'content-language': 'de' });
		const head = serve(cache, '/api/v1/projects', {}, 'HEAD');
		expect(head.status).toBe(200);
		expect(head.body).toBeUndefined();
		expect(head.headers!['content-length']).toBe(String(Buffer.byteLength(json)));

		expect(serve(cache, '/api/v1/projects', { authorization: 'Bearer bt_x' }).served).toBe(false);
		expect(serve(cache, '/api/v1/projects', { cookie: 'better-auth.session_token=abc' }).served).toBe(false);
		expect(serve(cache, '/api/v1/projects', { 'accept-language': 'en' }).served).toBe(false);
		expect(serve(cache, '/api/v1/projects?limit=20').served).toBe(false);
		expect(serve(cache, '/api/v1/projects', {}, 'POST').served).toBe(false);
		cache.checkSoon();
		expect(serve(cache, '/api/v1/projects').served).toBe(false); // the version must be read first
	});

	it('a page answer carries the server\'s own headers, so a hit sets none one by one', async () => {
		const key = Symbol.for('bildungsturbo.server-headers');
		(globalThis as Record<symbol, unknown>)[key] = { 'X-Content-Type-Options': 'nosniff', 'Strict-Transport-Security': 'max-age=31536000' };
		try {
			const cache = new PageCache(fakeSource().source, { now: clock().now });
			await cache.refresh();
			await cache.fill('/', async () => page(HTML, { headers: { 'x-content-type-options': 'nosniff' } }));
			const hit = serve(cache, '/', { 'accept-encoding': 'br' });
			expect(hit.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'strict-transport-security': 'max-age=31536000', vary: 'Accept-Encoding', 'cache-control': PUBLIC_CACHE_CONTROL });
			expect(Object.keys(hit.headers!).filter((k) => k.toLowerCase() === 'x-content-type-options')).toHaveLength(1);
		} finally {
			delete (globalThis as Record<symbol, unknown>)[key];
		}
	});
});

describe('answers from a stored page', () => {
	async function stored() {
		const cache = new PageCache(fakeSource().source, { now: clock().now });
		await cache.refresh();
		const p = await cache.fill('/a', async () => page(HTML, { headers: { 'content-security-policy': "default-src 'self'", etag: '"sveltekit"' } }));
		if (p instanceof Response) throw new Error('not stored');
		return p;
	}

	it('brotli, else gzip, else plain; an ETag per encoding and 304 for it', async () => {
		const p = await stored();
		const br = represent(p, req('/a', { 'accept-encoding': 'gzip, deflate, br' }));
		expect(br.headers['content-encoding']).toBe('br');
		expect(brotliDecompressSync(br.body!).toString()).toBe(HTML);
		expect(br.headers['content-security-policy']).toBe("default-src 'self'");
		expect(br.headers['cache-control']).toBe(PUBLIC_CACHE_CONTROL);
		expect(br.headers.vary).toBe('Accept-Encoding');
		const gz = represent(p, req('/a', { 'accept-encoding': 'gzip' }));
		expect(gunzipSync(gz.body!).toString()).toBe(HTML);
		const plain = represent(p, req('/a'));
		expect(plain.headers['content-encoding']).toBeUndefined();
		expect(plain.body!.toString()).toBe(HTML);
		expect(new Set([br.headers.etag, gz.headers.etag, plain.headers.etag]).size).toBe(3);
		const again = represent(p, req('/a', { 'accept-encoding': 'br', 'if-none-match': br.headers.etag }));
		expect(again.status).toBe(304);
		expect(again.body).toBeNull();
		expect(represent(p, req('/a', { 'if-none-match': br.headers.etag })).status).toBe(200);
		expect(represent(p, req('/a', {}, 'HEAD')).body).toBeNull();
	});

	it('negotiates by q-values', () => {
		expect(chooseEncoding('br;q=0, gzip')).toBe('gzip');
		expect(chooseEncoding('identity')).toBeNull();
		expect(chooseEncoding('*')).toBe('br');
		expect(chooseEncoding('br', ['gzip'])).toBeNull();
		expect(chooseEncoding(undefined)).toBeNull();
	});
});

describe('the SvelteKit handle', () => {
	it('serves a hit without rendering, never caches a request with a cookie, checks after a post', async () => {
		const { state, source } = fakeSource();
		const cache = new PageCache(source, { now: clock().now });
		const handle = pageCacheHandle(() => cache);
		let renders = 0;
		const resolve = async () => {
			renders++;
			return page(`${HTML}${renders}`);
		};
		const first = await handle({ event: event('/projekte/a', { 'accept-encoding': 'br' }), resolve });
		const second = await handle({ event: event('/projekte/a'), resolve });
		expect(renders).toBe(1);
		expect(first.headers.get('content-encoding')).toBe('br');
		expect(await second.text()).toBe(`${HTML}1`);
		expect(second.headers.get('cache-control')).toBe(PUBLIC_CACHE_CONTROL);

		const signedIn = await handle({ event: event('/projekte/a', { cookie: 'better-auth.session_token=abc' }), resolve });
		expect(renders).toBe(2);
		expect(await signedIn.text()).toBe(`${HTML}2`);
		expect(signedIn.headers.get('cache-control')).toBeNull();
		expect(await (await handle({ event: event('/projekte/a'), resolve })).text()).toBe(`${HTML}1`);

		state.version = 2;
		await handle({ event: event('/projekte/a/1', {}, 'POST'), resolve });
		expect(renders).toBe(3);
		expect(await (await handle({ event: event('/projekte/a'), resolve })).text()).toBe(`${HTML}4`);
		expect(await (await handle({ event: event('/teilnahme/abc'), resolve })).text()).toBe(`${HTML}5`);
		expect(await (await handle({ event: event('/teilnahme/abc'), resolve })).text()).toBe(`${HTML}6`);
	});
});

describe('the shared cache', () => {
	it('reads the version again as soon as the database notifies a change', async () => {
		const { state, source } = fakeSource();
		let notify = () => {};
		const cache = sharedPageCache(() => ({ ...source, subscribe: (onChange) => (notify = onChange) }));
		await cache.refresh();
		await cache.fill('/a', async () => page());
		expect(cache.peek('/a')).not.toBeNull();
		state.version = 2;
		notify();
		expect(cache.peek('/a')).toBeNull();
		await cache.refresh();
		expect(cache.get('/a')).toBeNull();
	});
});
