import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { loadDemoProgramme } from '../programme/demo.ts';
import { listPublicProjects } from '../programme/public.ts';
import { callApi } from './testing.ts';

const NOW = new Date('2026-11-28T10:00:00Z');
let database: Database;

beforeAll(async () => {
	database = await openTestDatabase();
	await loadDemoProgramme(database.db, NOW);
});
afterAll(() => database?.close());

const get = (path: string, opts: Parameters<typeof callApi>[3] = {}) => callApi(database.db, 'GET', path, { now: NOW, ...opts });

describe('GET /api/v1/projects', () => {
	it('lists the current published projects with public caching and CORS', async () => {
		const { current } = await listPublicProjects(database.db, 'de', NOW);
		const res = await get('/api/v1/projects');
		expect(res.status).toBe(200);
		expect(res.body.data.map((p: { slug: string }) => p.slug)).toEqual(current.map((p) => p.slug));
		expect(res.body.next_cursor).toBeNull();
		expect(res.headers.get('cache-control')).toBe('public, max-age=60, s-maxage=60, stale-while-revalidate=60');
		expect(res.headers.get('access-control-allow-origin')).toBe('*');
		expect(res.headers.get('etag')).toMatch(/^"[\w-]{27}"$/);
		expect(res.headers.get('ratelimit-policy')).toBe('"address";q=300;w=60');
		expect(res.headers.get('ratelimit')).toMatch(/^"address";r=\d+;t=\d+$/);
	});

	it('answers 304 to a matching If-None-Match, also in its weak form from compression', async () => {
		const first = await get('/api/v1/projects');
		const etag = first.headers.get('etag')!;
		expect((await get('/api/v1/projects', { headers: { 'if-none-match': etag } })).status).toBe(304);
		expect((await get('/api/v1/projects', { headers: { 'if-none-match': `W/${etag}` } })).status).toBe(304);
		expect((await get('/api/v1/projects?lang=en', { headers: { 'if-none-match': etag } })).status).toBe(200);
	});

	it('refuses bad input as a problem with per-field errors in the requested language', async () => {
		const res = await get('/api/v1/projects?limit=500&from=gestern&lang=en');
		expect(res.status).toBe(400);
		expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
		expect(res.body).toMatchObject({ status: 400, code: 'invalid_request', title: 'Invalid request' });
		expect(res.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`).sort()).toEqual(['from:invalid_format', 'limit:too_big']);
		const de = await get('/api/v1/projects?limit=0');
		expect(de.body.title).toBe('Ungültige Anfrage');
		expect(de.body.errors[0]).toMatchObject({ field: 'limit', code: 'too_small', message: 'Dieser Wert ist zu klein oder zu kurz.' });
	});
});
