/**
 * The API's public reads through the page cache, on a test database (PGlite, or PostgreSQL with
 * TEST_DATABASE_URL): the real handlers answer the first request, the real `public_version`
 * triggers invalidate. What is stored and served, with which headers; what is never stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brotliDecompressSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import type { RequestEvent } from '@sveltejs/kit';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { rateLimit } from '../db/schema/auth.ts';
import { project } from '../db/schema/programme.ts';
import { loadDemoProgramme } from '../programme/demo.ts';
import { nextPublicChange, readPublicVersion } from '../programme/public-version.ts';
import { apiRoutes } from '../api/openapi.ts';
import { API_PREFIX } from '../api/hook.ts';
import { TEST_ORIGIN, TEST_SECRET, templateOf } from '../api/testing.ts';
import { PageCache, pageCacheHandle } from './page-cache.ts';

let database: Database;
const clock = { t: Date.now() };
let cache: PageCache;
let renders = 0;

beforeAll(async () => {
	database = await openTestDatabase();
	await loadDemoProgramme(database.db, new Date());
	cache = new PageCache({ readVersion: () => readPublicVersion(database.db), nextChange: (now) => nextPublicChange(database.db, now) }, { now: () => clock.t });
});
afterAll(() => database?.close());

/** One request through the page cache's handle; a miss is answered by the route's own API handler. */
async function get(path: string, headers: Record<string, string> = {}, method = 'GET') {
	const url = new URL(`${TEST_ORIGIN}${path}`);
	const request = new Request(url, { method, headers });
	const routes = await apiRoutes();
	const template = templateOf(routes.map((r) => r.path), path)!;
	const route = routes.find((r) => r.path === template)!;
	const segments = url.pathname.replace(API_PREFIX, '').split('/');
	const params: Record<string, string> = {};
	template.split('/').forEach((p, i) => {
		if (/^\{.+\}$/.test(p)) params[p.slice(1, -1)] = decodeURIComponent(segments[i]);
	});
	const resolve = async () => {
		renders++;
		return route.handlers.GET!.respond(new Request(url, { headers }), { db: database.db, now: new Date(clock.t), params, clientAddress: '203.0.113.9', origin: TEST_ORIGIN, secret: TEST_SECRET });
	};
	const event = { request, url } as unknown as RequestEvent;
	return pageCacheHandle(() => cache)({ event, resolve: resolve as never });
}

/** Requests counted against rate limits (keys are stored hashed; only the API counts in this file). */
const counted = async () => (await database.db.select().from(rateLimit)).reduce((n, r) => n + r.count, 0);

describe('API public reads from the page cache', () => {
	it('are stored once per language, served with the API headers, ETag per encoding, 304, HEAD; a stored answer does not count against the rate limit', async () => {
		const first = await get('/api/v1/projects', { 'accept-encoding': 'br, gzip' });
		expect(first.status).toBe(200);
		expect(renders).toBe(1);
		const h = first.headers;
		expect(h.get('content-type')).toBe('application/json; charset=utf-8');
		expect(h.get('content-encoding')).toBe('br');
		expect(h.get('cache-control')).toBe('public, max-age=60, s-maxage=60, stale-while-revalidate=60');
		expect(h.get('access-control-allow-origin')).toBe('*');
		expect(h.get('content-language')).toBe('de');
		expect(h.get('vary')).toBe('Accept-Language, Accept-Encoding');
		expect(h.get('ratelimit-policy')).toBe('"address";q=300;w=60');
		expect(h.get('ratelimit')).toBeNull(); // one client's remaining count is nobody else's
		const etag = h.get('etag')!;
		expect(etag).toMatch(/^"[\w-]+-br"$/);
		const slugs = JSON.parse(brotliDecompressSync(Buffer.from(await first.arrayBuffer())).toString()).data.map((p: { slug: string }) => p.slug);
		expect(slugs).toEqual(expect.arrayContaining(['digit-ready-ii']));
		const countAfterFirst = await counted();
		expect(countAfterFirst).toBe(1);

		const again = await get('/api/v1/projects', { 'accept-encoding': 'br, gzip' });
		expect(renders).toBe(1);
		expect(again.headers.get('etag')).toBe(etag);
		const plain = await get('/api/v1/projects?lang=de');
		expect(renders).toBe(1);
		expect(plain.headers.get('content-encoding')).toBeNull();
		expect(plain.headers.get('etag')).not.toBe(etag);
		expect((await plain.json()).data.map((p: { slug: string }) => p.slug)).toEqual(slugs);

		const notModified = await get('/api/v1/projects', { 'accept-encoding': 'br, gzip', 'if-none-match': etag });
		expect(notModified.status).toBe(304);
		expect(notModified.headers.get('access-control-allow-origin')).toBe('*');
		expect(notModified.headers.get('etag')).toBe(etag);
		const head = await get('/api/v1/projects', {}, 'HEAD');
		expect(head.status).toBe(200);
		expect(head.body).toBeNull();
		expect(head.headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect(renders).toBe(1);
		expect(await counted()).toBe(countAfterFirst);

		// English by Accept-Language or by ?lang: one more render, one more stored answer.
		const en = await get('/api/v1/projects', { 'accept-language': 'en-GB,en;q=0.9' });
		expect(en.headers.get('content-language')).toBe('en');
		expect((await get('/api/v1/projects?lang=en')).headers.get('content-language')).toBe('en');
		expect(renders).toBe(2);
		const past = await get('/api/v1/projects?when=past&lang=en');
		expect(renders).toBe(3);
		expect((await past.json()).data.every((p: { archived: boolean }) => p.archived)).toBe(true);
	});

	it('never answers from the store a request with a token, a cursor, a limit or a filter', async () => {
		await get('/api/v1/projects/digit-ready-ii/items');
		const before = renders;
		await get('/api/v1/projects/digit-ready-ii/items');
		expect(renders).toBe(before);
		const token = await get('/api/v1/projects/digit-ready-ii/items', { authorization: 'Bearer bt_whatever' });
		expect(token.headers.get('ratelimit')).toMatch(/^"address";r=\d+;t=\d+$/);
		await get('/api/v1/projects/digit-ready-ii/items?limit=1');
		await get('/api/v1/projects/digit-ready-ii/items?limit=1');
		await get('/api/v1/projects/digit-ready-ii/items?format=online');
		await get('/api/v1/archive?when=past');
		expect(renders).toBe(before + 5);
	});

	it('a write makes the next read fresh; a missing project is not stored', async () => {
		const read = async () => (await (await get('/api/v1/projects/digit-ready-ii')).json()).phase_name;
		const before = await read();
		const rendered = renders;
		expect(await read()).toBe(before);
		expect(renders).toBe(rendered);
		await database.db.update(project).set({ phaseName: 'Phase nach dem Schreiben' }).where(eq(project.slug, 'digit-ready-ii'));
		cache.checkSoon(); // what a form post on this instance (or the database's NOTIFY from another) does
		expect(await read()).toBe('Phase nach dem Schreiben');
		expect(renders).toBe(rendered + 1);

		expect((await get('/api/v1/projects/gibt-es-nicht')).status).toBe(404);
		expect((await get('/api/v1/projects/gibt-es-nicht')).status).toBe(404);
		expect(renders).toBe(rendered + 3);
	});
});
