import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { rateLimit } from '../db/schema/auth.ts';
import { project } from '../db/schema/programme.ts';
import { loadDemoProgramme } from '../programme/demo.ts';
import { listPublicProjects } from '../programme/public.ts';
import { clientKey } from '../registration/limits.ts';
import { callApi, TEST_ORIGIN, TEST_SECRET } from './testing.ts';

const NOW = new Date('2026-11-28T10:00:00Z');
let database: Database;

beforeAll(async () => {
	database = await openTestDatabase();
	await loadDemoProgramme(database.db, NOW);
});
afterAll(() => database?.close());

const get = (path: string, opts: Parameters<typeof callApi>[3] = {}) => callApi(database.db, 'GET', path, { now: NOW, ...opts });
type Row = { slug: string; id: number; kind: string; archived?: boolean; sessions: { starts_at: string; city: string }[]; title: { value: string; lang: string; fallback: boolean } };

describe('GET /api/v1/projects and /archive', () => {
	it('lists the published projects (current, past or both) with public caching and CORS; the archive the past ones', async () => {
		const { current, archived } = await listPublicProjects(database.db, 'de', NOW);
		expect(current.length).toBeGreaterThan(0);
		const res = await get('/api/v1/projects?when=current');
		expect(res.status).toBe(200);
		expect(res.body.data.map((p: Row) => p.slug)).toEqual(current.map((p) => p.slug));
		// By default every published project, the past ones marked.
		const all = await get('/api/v1/projects');
		expect(all.body.data.map((p: Row) => p.slug).sort()).toEqual([...current, ...archived].map((p) => p.slug).sort());
		expect(all.body.data.filter((p: Row) => p.archived).map((p: Row) => p.slug).sort()).toEqual(archived.map((p) => p.slug).sort());
		expect((await get('/api/v1/projects?when=past')).body.data.map((p: Row) => p.slug)).toEqual((await get('/api/v1/archive')).body.data.map((p: Row) => p.slug));
		expect((await get('/api/v1/projects?when=later')).status).toBe(400);
		expect(res.body.next_cursor).toBeNull();
		expect(res.body.data[0].url).toBe(`${TEST_ORIGIN}/projekte/${current[0].slug}`);
		expect(res.body.data[0].items_url).toBe(`${TEST_ORIGIN}/api/v1/projects/${current[0].slug}/items`);
		expect(res.headers.get('cache-control')).toBe('public, max-age=60, s-maxage=60, stale-while-revalidate=60');
		expect(res.headers.get('access-control-allow-origin')).toBe('*');
		expect(res.headers.get('etag')).toMatch(/^"[\w-]{27}"$/);
		expect(res.headers.get('ratelimit-policy')).toBe('"address";q=300;w=60');
		expect(res.headers.get('ratelimit')).toMatch(/^"address";r=\d+;t=\d+$/);
		const archive = await get('/api/v1/archive');
		expect(archive.body.data.map((p: Row) => p.slug)).toEqual(archived.map((p) => p.slug));
	});

	it('answers 304 to a matching If-None-Match, also in its weak form from compression', async () => {
		const first = await get('/api/v1/projects');
		const etag = first.headers.get('etag')!;
		const again = await get('/api/v1/projects', { headers: { 'if-none-match': etag } });
		expect(again.status).toBe(304);
		expect(again.headers.get('etag')).toBe(etag);
		expect((await get('/api/v1/projects', { headers: { 'if-none-match': `W/${etag}` } })).status).toBe(304);
		expect((await get('/api/v1/projects?lang=en', { headers: { 'if-none-match': etag } })).status).toBe(200);
	});

	it('refuses bad input as a problem with per-field errors in the requested language', async () => {
		const res = await get('/api/v1/projects?limit=500&from=gestern&lang=en');
		expect(res.status).toBe(400);
		expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
		expect(res.headers.get('cache-control')).toBe('no-store');
		expect(res.body).toMatchObject({ status: 400, code: 'invalid_request', title: 'Invalid request', type: 'urn:bildungsturbo:problem:invalid_request' });
		expect(res.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`).sort()).toEqual(['from:invalid_format', 'limit:too_big']);
		const de = await get('/api/v1/projects?limit=0');
		expect(de.body.title).toBe('Ungültige Anfrage');
		expect(de.body.errors[0]).toMatchObject({ field: 'limit', code: 'too_small', message: 'Dieser Wert ist zu klein oder zu kurz.' });
		const lang = await get('/api/v1/projects?lang=xx', { headers: { 'accept-language': 'tr' } });
		expect(lang.status).toBe(400);
		expect(lang.body.errors[0]).toMatchObject({ field: 'lang', code: 'invalid_choice' });
		expect(lang.body.title).toBe('Geçersiz istek');
	});

	it('pages with stable keyset cursors; a bad cursor or one of another list is a 400 problem', async () => {
		const all = (await get('/api/v1/archive')).body.data.map((p: Row) => p.slug);
		expect(all.length).toBeGreaterThan(1);
		const seen: string[] = [];
		let cursor: string | null = null;
		do {
			const res = await get(`/api/v1/archive?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
			expect(res.body.data).toHaveLength(1);
			seen.push(res.body.data[0].slug);
			cursor = res.body.next_cursor;
		} while (cursor);
		expect(seen).toEqual(all);
		const bad = await get('/api/v1/projects?cursor=kaputt!');
		expect(bad.status).toBe(400);
		expect(bad.body.code).toBe('invalid_cursor');
		expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'cursor', code: 'invalid' })]);
		const first = await get('/api/v1/archive?limit=1');
		expect(first.body.next_cursor).not.toBeNull();
		expect((await get(`/api/v1/projects?cursor=${first.body.next_cursor}`)).body.code).toBe('invalid_cursor');
	});

	it('answers 429 with Retry-After once an address is over its limit, and counts per address', async () => {
		const address = '198.51.100.23';
		await database.db.insert(rateLimit).values({ id: randomUUID(), key: `api:ip:${clientKey(address, TEST_SECRET)}`, count: 300, lastRequest: NOW.getTime() - 10_000 });
		const res = await get('/api/v1/projects?lang=en', { clientAddress: address });
		expect(res.status).toBe(429);
		expect(res.body.code).toBe('rate_limited');
		expect(res.body.detail).toBe('Too many requests in a short time. Please wait 50 seconds.');
		expect(res.headers.get('retry-after')).toBe('50');
		expect(res.headers.get('ratelimit')).toBe('"address";r=0;t=50');
		expect((await get('/api/v1/projects', { clientAddress: '198.51.100.24' })).status).toBe(200);
		// The same IPv6 /64 is one client.
		await database.db.insert(rateLimit).values({ id: randomUUID(), key: `api:ip:${clientKey('2001:db8:1:2::1', TEST_SECRET)}`, count: 300, lastRequest: NOW.getTime() });
		expect((await get('/api/v1/projects', { clientAddress: '2001:db8:1:2:abcd::9' })).status).toBe(429);
	});
});

describe('a project and its items', () => {
	it('gives a project, and 404 problems for an unknown or a draft one', async () => {
		const res = await get('/api/v1/projects/digit-ready-ii');
		expect(res.status).toBe(200);
		expect(res.body.slug).toBe('digit-ready-ii');
		expect((await get('/api/v1/projects/gibt-es-nicht')).body).toMatchObject({ status: 404, code: 'not_found' });
		await database.db.update(project).set({ status: 'draft' }).where(eq(project.slug, 'digit-ready-iii'));
		try {
			expect((await get('/api/v1/projects/digit-ready-iii')).status).toBe(404);
			expect((await get('/api/v1/projects/digit-ready-iii/items')).status).toBe(404);
			expect((await get('/api/v1/projects')).body.data.map((p: Row) => p.slug)).not.toContain('digit-ready-iii');
		} finally {
			await database.db.update(project).set({ status: 'published' }).where(eq(project.slug, 'digit-ready-iii'));
		}
	});

	it('lists items with sessions, places, links, the German fallback marked, and never a meeting link', async () => {
		const res = await get('/api/v1/projects/digit-ready-ii/items?limit=100&lang=ar');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-language')).toBe('ar');
		const items: (Row & { url: string; register_url: string | null; tracks: unknown[] | null; availability: { status: string } })[] = res.body.data;
		expect(items.length).toBeGreaterThan(1);
		expect(items[0].url).toBe(`${TEST_ORIGIN}/ar/projekte/digit-ready-ii/${items[0].id}`);
		for (const item of items) {
			expect(item.title.fallback).toBe(item.title.lang !== 'ar');
			expect(item.register_url === null).toBe(!['open', 'waitlist'].includes(item.availability.status));
		}
		const text = JSON.stringify(res.body);
		// The demo's Zoom meeting ID and any join link stay in the trusted layer.
		expect(text).not.toContain('81538756610');
		expect(text).not.toMatch(/zoom\.us|join_url|passcode/i);
		const series = items.find((i) => i.kind === 'consultation_series')!;
		expect(series.sessions.length).toBe(24);
	});

	it('filters by date range, city, format, kind and language', async () => {
		const all: Row[] = (await get('/api/v1/projects/digit-ready-iii/items?limit=100')).body.data;
		const days = all.flatMap((i) => i.sessions.map((s) => s.starts_at)).sort();
		expect(days.length).toBeGreaterThan(0);
		const day = new Date(days[0]).toLocaleDateString('sv', { timeZone: 'Europe/Berlin' });
		const onDay: Row[] = (await get(`/api/v1/projects/digit-ready-iii/items?from=${day}&to=${day}&limit=100`)).body.data;
		expect(onDay.length).toBeGreaterThan(0);
		for (const i of onDay) expect(i.sessions.some((s) => new Date(s.starts_at).toLocaleDateString('sv', { timeZone: 'Europe/Berlin' }) === day)).toBe(true);
		const city = all.flatMap((i) => i.sessions.map((s) => s.city)).find((c) => c);
		expect(city).toBeTruthy();
		const inCity: Row[] = (await get(`/api/v1/projects/digit-ready-iii/items?city=${encodeURIComponent(city!.toUpperCase())}&limit=100`)).body.data;
		expect(inCity.length).toBeGreaterThan(0);
		expect(inCity.length).toBeLessThanOrEqual(all.length);
		expect(inCity.every((i) => i.sessions.some((s) => s.city === city))).toBe(true);
		expect((await get('/api/v1/projects/digit-ready-iii/items?city=Atlantis')).body.data).toEqual([]);
		const kinds = [...new Set(all.map((i) => i.kind))];
		const ofKind: Row[] = (await get(`/api/v1/projects/digit-ready-iii/items?kind=${kinds[0]}&limit=100`)).body.data;
		expect(ofKind.map((i) => i.id)).toEqual(all.filter((i) => i.kind === kinds[0]).map((i) => i.id));
		const online: (Row & { format: string })[] = (await get('/api/v1/projects/digit-ready-iii/items?format=online&limit=100')).body.data;
		expect(online.every((i) => i.format === 'online')).toBe(true);
		const german: Row[] = (await get('/api/v1/projects/digit-ready-iii/items?language=de&limit=100')).body.data;
		expect(german.length).toBe(all.length);
		expect((await get('/api/v1/projects/digit-ready-iii/items?format=telepathie')).body.errors[0]).toMatchObject({ field: 'format', code: 'invalid_choice' });
		expect((await get('/api/v1/projects/digit-ready-iii/items?from=2026-02-30')).body.errors[0]).toMatchObject({ field: 'from', code: 'invalid_format' });
	});

	it('pages items by cursor in page order, and gives one item with its consultation tracks', async () => {
		const all: Row[] = (await get('/api/v1/projects/digit-ready-ii/items?limit=100')).body.data;
		const first = await get('/api/v1/projects/digit-ready-ii/items?limit=2');
		const second = await get(`/api/v1/projects/digit-ready-ii/items?limit=2&cursor=${first.body.next_cursor}`);
		expect([...first.body.data, ...second.body.data].map((i: Row) => i.id)).toEqual(all.slice(0, 4).map((i) => i.id));
		const itemsOfOther = await get('/api/v1/projects/digit-ready-iii/items?limit=1');
		expect((await get(`/api/v1/projects/digit-ready-ii/items?cursor=${itemsOfOther.body.next_cursor}`)).body.code).toBe('invalid_cursor');

		const one = await get(`/api/v1/items/${all[0].id}?lang=en`);
		expect(one.status).toBe(200);
		expect(one.body.id).toBe(all[0].id);
		expect(one.body.tracks).toBeNull();
		const current: Row[] = (await get('/api/v1/projects/digit-ready-iii/items?kind=consultation_series')).body.data;
		const withTracks = await get(`/api/v1/items/${current[0].id}`);
		expect(withTracks.body.tracks.length).toBeGreaterThan(0);
		const track = withTracks.body.tracks[0];
		expect(track.free_slots).toBe(track.slots.filter((s: { free: number }) => s.free > 0).length);
		// Counts only: no consultant, no booking, no room.
		expect(Object.keys(track).sort()).toEqual(['description', 'free_slots', 'slots', 'title']);
		expect(Object.keys(track.slots[0]).sort()).toEqual(['ends_at', 'free', 'past', 'starts_at']);
		expect((await get('/api/v1/items/999999')).status).toBe(404);
		expect((await get('/api/v1/items/abc')).status).toBe(404);
		expect((await get('/api/v1/items/99999999999999')).status).toBe(404);
	});
});
