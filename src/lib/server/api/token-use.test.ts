/**
 * The per-use log of API tokens (token-use.ts) on real PGlite: a read, a write and a refused write
 * (403, missing scope) each leave exactly one row with method, path and status; the row holds
 * neither the query string nor the client address; the purge removes only rows past 90 days.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { user } from '../db/schema/auth.ts';
import { apiToken } from '../db/schema/api.ts';
import { apiTokenUse } from '../db/schema/api-use.ts';
import { programmeItem, project } from '../db/schema/programme.ts';
import * as programme from '../programme/commands.ts';
import type { Actor } from '../audit/record.ts';
import type { ApiScope } from '../../api/scopes.ts';
import { clientKey } from '../registration/limits.ts';
import { createApiToken } from './tokens.ts';
import { listTokenUses, purgeTokenUses, recordTokenUse, USE_KEEP_DAYS, USES_PER_PAGE } from './token-use.ts';
import { callApi, TEST_SECRET } from './testing.ts';

const NOW = new Date('2027-02-01T09:00:00Z');
const ADDRESS = '198.51.100.23';
let database: Database;
let admin: Actor;
let itemId: number;
let counter = 0;

beforeAll(async () => {
	database = await openTestDatabase();
	const db = database.db;
	const [row] = await db.insert(user).values({ id: randomUUID(), email: 'admin@example.org', name: 'Admin', role: 'admin', emailVerified: true }).returning();
	admin = { id: row.id, email: row.email };
	const p = await programme.createProject(
		db,
		admin,
		{ slug: 'use-log', phaseName: 'P', fundingProgramme: 'B', funder: 'D', runtimeStart: '2027-01-01', runtimeEnd: '2027-12-31', title: { de: 'Projekt' }, description: {} },
		NOW
	);
	const item = await programme.createItem(
		db,
		admin,
		p.id,
		{ number: 1, kind: 'workshop', format: 'in_person', state: 'scheduled', stateNote: {}, registrationOpen: false, capacity: null, perSession: false, requiresApproval: false, title: { de: 'Workshop' }, description: {} },
		NOW
	);
	await programme.createSession(db, admin, item.id, { date: '2027-03-27', startTime: '10:00', endTime: '17:00', city: 'Köln', address: '', track: '', meetingId: null, capacity: null }, NOW);
	await db.update(programmeItem).set({ registrationOpen: true, capacity: 10 }).where(eq(programmeItem.id, item.id));
	await db.update(project).set({ status: 'published' }).where(eq(project.id, p.id));
	itemId = item.id;
});
afterAll(() => database?.close());

async function token(scopes: ApiScope[]) {
	const created = await createApiToken(database.db, admin, { name: `Partner ${++counter}`, scopes, expires: '2027-06-30' }, NOW);
	return { id: created.id, headers: { authorization: `Bearer ${created.token}` } };
}
const usesOf = (tokenId: number) => database.db.select().from(apiTokenUse).where(eq(apiTokenUse.tokenId, tokenId));
const person = { name: 'Ayşe Yılmaz', email: 'ayse@example.org', organisation_name: 'Beispielverein e.V.', language: 'tr', consent: { privacy: true, photos: false } };

describe('per-use log', () => {
	it('records a read once, with method, path without query, status and the keyed client hash, never the address', async () => {
		const t = await token(['registrations:read']);
		const res = await callApi(database.db, 'GET', `/api/v1/items/${itemId}/registrations?limit=2&status=held&lang=en`, { now: NOW, headers: t.headers, clientAddress: ADDRESS });
		expect(res.status).toBe(200);
		const rows = await usesOf(t.id);
		expect(rows).toMatchObject([{ at: NOW, method: 'GET', path: `/api/v1/items/${itemId}/registrations`, status: 200, clientKey: clientKey(ADDRESS, TEST_SECRET) }]);
		const stored = JSON.stringify(rows);
		expect(stored).not.toContain('?');
		expect(stored).not.toContain('limit=');
		expect(stored).not.toContain(ADDRESS);
		expect(stored).not.toContain('198.51.100');
		// The counter stays.
		const [row] = await database.db.select().from(apiToken).where(eq(apiToken.id, t.id));
		expect(row).toMatchObject({ useCount: 1, lastUsedAt: NOW });
	});

	it('records a write once with its status, and a 403 for a missing scope with 403', async () => {
		const writer = await token(['registrations:write']);
		const created = await callApi(database.db, 'POST', `/api/v1/items/${itemId}/registrations?lang=tr`, { now: NOW, headers: writer.headers, body: person, clientAddress: ADDRESS });
		expect(created.status).toBe(201);
		expect(await usesOf(writer.id)).toMatchObject([{ method: 'POST', path: `/api/v1/items/${itemId}/registrations`, status: 201 }]);
		const stored = JSON.stringify(await usesOf(writer.id));
		expect(stored).not.toContain('ayse');
		expect(stored).not.toContain(ADDRESS);

		const reader = await token(['registrations:read']);
		const refused = await callApi(database.db, 'POST', `/api/v1/items/${itemId}/registrations`, { now: NOW, headers: reader.headers, body: { ...person, email: 'other@example.org' } });
		expect(refused.status).toBe(403);
		expect(await usesOf(reader.id)).toMatchObject([{ method: 'POST', path: `/api/v1/items/${itemId}/registrations`, status: 403 }]);
		expect(await usesOf(reader.id)).toHaveLength(1);
	});

	it('records no row for requests without a valid token', async () => {
		const before = (await database.db.select().from(apiTokenUse)).length;
		expect((await callApi(database.db, 'GET', `/api/v1/items/${itemId}/registrations`, { now: NOW })).status).toBe(401);
		expect((await callApi(database.db, 'GET', `/api/v1/items/${itemId}/registrations`, { now: NOW, headers: { authorization: `Bearer bt_AAAAAAAA_${'x'.repeat(43)}` } })).status).toBe(401);
		expect((await callApi(database.db, 'GET', '/api/v1/projects', { now: NOW })).status).toBe(200);
		expect((await database.db.select().from(apiTokenUse)).length).toBe(before);
	});

	it('lists a token’s uses newest first in pages', async () => {
		const t = await token(['registrations:read']);
		for (let i = 0; i < USES_PER_PAGE + 2; i++) {
			await recordTokenUse(database.db, { tokenId: t.id, method: 'GET', url: new URL(`http://x.test/api/v1/registrations/${i}?q=1`), status: 200, address: ADDRESS, secret: TEST_SECRET }, new Date(NOW.getTime() + i * 1000));
		}
		const first = await listTokenUses(database.db, t.id, 1);
		expect(first).toMatchObject({ page: 1, pages: 2, total: USES_PER_PAGE + 2 });
		expect(first.uses).toHaveLength(USES_PER_PAGE);
		expect(first.uses[0].path).toBe(`/api/v1/registrations/${USES_PER_PAGE + 1}`);
		const second = await listTokenUses(database.db, t.id, 99);
		expect(second.page).toBe(2);
		expect(second.uses.map((u) => u.path)).toEqual(['/api/v1/registrations/1', '/api/v1/registrations/0']);
	});

	it('never fails the request: a row that cannot be written is logged and skipped', async () => {
		await expect(recordTokenUse(database.db, { tokenId: 999_999, method: 'GET', url: new URL('http://x.test/api/v1/x'), status: 200, address: ADDRESS, secret: TEST_SECRET }, NOW)).resolves.toBeUndefined();
	});

	it('purges uses older than 90 days, and only those', async () => {
		const t = await token(['registrations:read']);
		const day = 86_400_000;
		const at = (days: number) => new Date(NOW.getTime() - days * day);
		for (const days of [USE_KEEP_DAYS + 1, USE_KEEP_DAYS - 1, 0]) {
			await recordTokenUse(database.db, { tokenId: t.id, method: 'GET', url: new URL(`http://x.test/api/v1/d/${days}`), status: 200, address: ADDRESS, secret: TEST_SECRET }, at(days));
		}
		await purgeTokenUses(database.db, NOW);
		expect((await usesOf(t.id)).map((u) => u.path).sort()).toEqual([`/api/v1/d/0`, `/api/v1/d/${USE_KEEP_DAYS - 1}`]);
	});
});
