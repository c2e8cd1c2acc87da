/**
 * The token API on real PGlite, every answer checked against the OpenAPI document (callApi):
 * authentication and scopes, registrations through the same service as the form (the same
 * confirmation mail), one audit entry per write naming the token, reads counted on the token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { user } from '../db/schema/auth.ts';
import { auditEntry } from '../db/schema/audit.ts';
import { apiToken } from '../db/schema/api.ts';
import { mailOutbox, registration } from '../db/schema/registration.ts';
import { programmeItem, project } from '../db/schema/programme.ts';
import * as programme from '../programme/commands.ts';
import { registerParticipant } from '../registration/commands.ts';
import type { Actor } from '../audit/record.ts';
import type { ApiScope } from '../../api/scopes.ts';
import { createApiToken, revokeApiToken } from './tokens.ts';
import { callApi, TEST_ORIGIN, TEST_SECRET } from './testing.ts';

const NOW = new Date('2027-02-01T09:00:00Z');
let database: Database;
let admin: Actor;
let counter = 0;

beforeAll(async () => {
	database = await openTestDatabase();
	const [row] = await database.db.insert(user).values({ id: randomUUID(), email: 'admin@example.org', name: 'Admin', role: 'admin', emailVerified: true }).returning();
	admin = { id: row.id, email: row.email };
});
afterAll(() => database?.close());

async function token(scopes: ApiScope[], expires = '2027-06-30') {
	return (await createApiToken(database.db, admin, { name: `Partner ${++counter}`, scopes, expires }, NOW)).token;
}

/** A published project with one item taking registrations (`capacity` places). */
async function openItem(capacity: number | null, status: 'published' | 'draft' = 'published') {
	const db = database.db;
	const p = await programme.createProject(
		db,
		admin,
		{ slug: `api-${++counter}`, phaseName: 'P', fundingProgramme: 'B', funder: 'D', runtimeStart: '2027-01-01', runtimeEnd: '2027-12-31', title: { de: 'Projekt' }, description: {} },
		NOW
	);
	const item = await programme.createItem(
		db,
		admin,
		p.id,
		{ number: 1, kind: 'workshop', format: 'in_person', state: 'scheduled', stateNote: {}, registrationOpen: false, capacity: null, perSession: false, requiresApproval: false, title: { de: 'Workshop Vereinsarbeit', tr: 'Dernek çalışması atölyesi' }, description: {} },
		NOW
	);
	await programme.createSession(db, admin, item.id, { date: '2027-03-27', startTime: '10:00', endTime: '17:00', city: 'Köln', address: '', track: '', meetingId: null, capacity: null }, NOW);
	await db.update(programmeItem).set({ registrationOpen: true, capacity }).where(eq(programmeItem.id, item.id));
	await db.update(project).set({ status }).where(eq(project.id, p.id));
	return item.id;
}

const auth = (t: string) => ({ authorization: `Bearer ${t}` });
const person = (n: string, extra: Record<string, unknown> = {}) => ({
	name: 'Ayşe Yılmaz',
	email: `${n}@example.org`,
	organisation_name: 'Beispielverein e.V.',
	language: 'tr',
	consent: { privacy: true, photos: false },
	...extra
});

describe('authentication and scopes', () => {
	it('answers 401 without a token and for unknown, expired and revoked ones, each saying why in the request language', async () => {
		const itemId = await openItem(10);
		const path = `/api/v1/items/${itemId}/registrations`;
		const none = await callApi(database.db, 'GET', path, { now: NOW });
		expect(none.status).toBe(401);
		expect(none.headers.get('www-authenticate')).toBe('Bearer');
		expect(none.body.code).toBe('unauthorized');

		const unknown = await callApi(database.db, 'GET', `${path}?lang=en`, { now: NOW, headers: auth(`bt_AAAAAAAA_${'x'.repeat(43)}`) });
		expect(unknown.status).toBe(401);
		expect(unknown.body).toMatchObject({ code: 'token_invalid', detail: 'This token is unknown. Check that it was copied completely.' });
		// A refused token counts against the client address, as a missing one does.
		expect(unknown.headers.get('ratelimit-policy')).toMatch(/^"address";/);
		expect(unknown.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');

		const shortLived = await token(['registrations:read'], '2027-02-01');
		expect((await callApi(database.db, 'GET', path, { now: NOW, headers: auth(shortLived) })).status).toBe(200);
		const expired = await callApi(database.db, 'GET', path, { now: new Date('2027-02-02T00:00:00Z'), headers: auth(shortLived) });
		expect(expired.status).toBe(401);
		expect(expired.body).toMatchObject({ code: 'token_expired', detail: 'Dieser Zugangsschlüssel ist abgelaufen. Bitten Sie das Team um einen neuen.' });

		const revokedToken = await token(['registrations:read']);
		const [row] = await database.db.select().from(apiToken).where(eq(apiToken.prefix, revokedToken.split('_')[1]));
		await revokeApiToken(database.db, admin, row.id, NOW);
		const revoked = await callApi(database.db, 'GET', path, { now: NOW, headers: auth(revokedToken) });
		expect(revoked.status).toBe(401);
		expect(revoked.body.code).toBe('token_revoked');
	});

	it('answers 403 for a scope the token lacks, and writes nothing', async () => {
		const itemId = await openItem(10);
		const reader = await token(['registrations:read', 'attendance:write']);
		const res = await callApi(database.db, 'POST', `/api/v1/items/${itemId}/registrations`, { now: NOW, headers: auth(reader), body: person('scope') });
		expect(res.status).toBe(403);
		expect(res.body).toMatchObject({ code: 'forbidden', detail: 'Diesem Zugangsschlüssel fehlt die Berechtigung registrations:write.' });
		expect(await database.db.select().from(registration).where(eq(registration.itemId, itemId))).toEqual([]);
	});

	it('carries the per-token rate limit headers', async () => {
		const itemId = await openItem(10);
		const t = await token(['registrations:read']);
		const res = await callApi(database.db, 'GET', `/api/v1/items/${itemId}/registrations`, { now: NOW, headers: auth(t) });
		expect(res.status).toBe(200);
		expect(res.headers.get('ratelimit-policy')).toMatch(/^"token";q=\d+;w=60$/);
		expect(res.headers.get('ratelimit')).toMatch(/^"token";r=\d+;t=\d+$/);
		expect(res.headers.get('cache-control')).toBe('private, no-store');
	});
});

describe('registrations', () => {
	it('registers a person on their behalf with the same confirmation mail as the form, audited once with the token and the consent', async () => {
		const itemId = await openItem(10);
		const writerToken = await token(['registrations:write', 'registrations:read']);
		// The form's way (what the item page's action calls) and the API's, for two people with the same name and language.
		await registerParticipant(
			{ db: database.db, now: NOW, origin: TEST_ORIGIN, secret: TEST_SECRET, holdHours: 2 },
			{ itemId, sessionId: null, name: 'Ayşe Yılmaz', email: 'form@example.org', organisationId: null, organisationName: 'Beispielverein e.V.', language: 'tr', needs: '', photoConsent: false }
		);
		const res = await callApi(database.db, 'POST', `/api/v1/items/${itemId}/registrations`, { now: NOW, headers: auth(writerToken), body: person('api') });
		expect(res.status).toBe(201);
		expect(res.body.data).toMatchObject({ item_id: itemId, status: 'held', email: 'api@example.org', email_confirmed: false, organisation: { name: 'Beispielverein e.V.' }, language: 'tr', confirm_until: '2027-02-01T11:00:00.000Z' });

		const mails = await database.db.select().from(mailOutbox).orderBy(mailOutbox.id);
		const form = mails.find((m) => m.to === 'form@example.org')!;
		const api = mails.find((m) => m.to === 'api@example.org')!;
		// The same mail but for the address and the two secret links (a new token in each).
		const normal = (text: string, email: string) => text.replaceAll(email, '<email>').replace(/\/anmeldung\/bestaetigen\/[\w-]+/g, '/anmeldung/bestaetigen/<token>').replace(/\/teilnahme\/[\w-]+/g, '/teilnahme/<link>');
		expect(api.template).toBe('confirm');
		expect([api.template, api.language, api.subject]).toEqual([form.template, form.language, form.subject]);
		expect(normal(api.text, api.to)).toBe(normal(form.text, form.to));
		expect(api.ics?.replace(/^(UID|DTSTAMP):.*$/gm, '')).toBe(form.ics?.replace(/^(UID|DTSTAMP):.*$/gm, ''));

		const id = res.body.data.id;
		const audit = await database.db.select().from(auditEntry).where(and(eq(auditEntry.entityType, 'registration'), eq(auditEntry.entityId, String(id))));
		expect(audit).toHaveLength(1);
		expect(audit[0]).toMatchObject({ action: 'registration.created', actorId: admin.id, details: { onBehalf: true, privacyVersion: expect.any(String), photoConsent: false } });
		expect(typeof audit[0].details.apiToken).toBe('number');

		// The same person again: the existing registration, 200, no second mail.
		const again = await callApi(database.db, 'POST', `/api/v1/items/${itemId}/registrations`, { now: NOW, headers: auth(writerToken), body: person('api') });
		expect(again.status).toBe(200);
		expect(again.body.data.id).toBe(id);
		expect((await database.db.select().from(mailOutbox).where(eq(mailOutbox.to, 'api@example.org'))).length).toBe(1);
	});

	it('refuses what the form refuses, field by field in the request language, and items that are not public', async () => {
		const itemId = await openItem(10);
		const t = await token(['registrations:write']);
		const bad = await callApi(database.db, 'POST', `/api/v1/items/${itemId}/registrations?lang=en`, { now: NOW, headers: auth(t), body: person('bad', { name: 'A', email: 'kein-at', organisation_name: undefined }) });
		expect(bad.status).toBe(400);
		expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'name', 'organisation_name']);
		expect(bad.body.errors.find((e: { field: string }) => e.field === 'email').message).toMatch(/email/i);
		const noConsent = await callApi(database.db, 'POST', `/api/v1/items/${itemId}/registrations`, { now: NOW, headers: auth(t), body: person('nc', { consent: { privacy: false } }) });
		expect(noConsent.status).toBe(400);
		expect(noConsent.body.errors.map((e: { field: string }) => e.field)).toEqual(['consent.privacy']);
		const unknownOrg = await callApi(database.db, 'POST', `/api/v1/items/${itemId}/registrations`, { now: NOW, headers: auth(t), body: person('org', { organisation_id: 999_999 }) });
		expect(unknownOrg.status).toBe(400);
		expect(unknownOrg.body.errors).toMatchObject([{ field: 'organisation_id' }]);
		const draft = await openItem(10, 'draft');
		expect((await callApi(database.db, 'POST', `/api/v1/items/${draft}/registrations`, { now: NOW, headers: auth(t), body: person('draft') })).status).toBe(404);
		await database.db.update(programmeItem).set({ registrationOpen: false }).where(eq(programmeItem.id, itemId));
		const closed = await callApi(database.db, 'POST', `/api/v1/items/${itemId}/registrations`, { now: NOW, headers: auth(t), body: person('closed') });
		expect(closed.status).toBe(409);
		expect(closed.body).toMatchObject({ code: 'registration_closed', detail: 'Die Anmeldung ist geschlossen.' });
		expect(await database.db.select().from(registration).where(eq(registration.itemId, itemId))).toEqual([]);
	});

	it('lists an item’s registrations in pages and cancels one as the team does (mail, waiting list moves up)', async () => {
		const itemId = await openItem(1);
		const t = await token(['registrations:write', 'registrations:read']);
		for (const n of ['a', 'b', 'c']) expect((await callApi(database.db, 'POST', `/api/v1/items/${itemId}/registrations`, { now: NOW, headers: auth(t), body: person(n) })).status).toBe(201);
		const first = await callApi(database.db, 'GET', `/api/v1/items/${itemId}/registrations?limit=2`, { now: NOW, headers: auth(t) });
		expect(first.status).toBe(200);
		expect(first.body.data.map((r: { email: string; status: string }) => `${r.email}:${r.status}`)).toEqual(['a@example.org:held', 'b@example.org:waitlisted']);
		const second = await callApi(database.db, 'GET', `/api/v1/items/${itemId}/registrations?limit=2&cursor=${first.body.next_cursor}`, { now: NOW, headers: auth(t) });
		expect(second.body).toMatchObject({ data: [{ email: 'c@example.org' }], next_cursor: null });
		const waiting = await callApi(database.db, 'GET', `/api/v1/items/${itemId}/registrations?status=waitlisted`, { now: NOW, headers: auth(t) });
		expect(waiting.body.data).toHaveLength(2);

		const cancel = await callApi(database.db, 'POST', `/api/v1/registrations/${first.body.data[0].id}/cancel`, { now: NOW, headers: auth(t) });
		expect(cancel.status).toBe(200);
		expect(cancel.body.data.status).toBe('cancelled');
		expect((await database.db.select().from(mailOutbox).where(and(eq(mailOutbox.to, 'a@example.org'), eq(mailOutbox.template, 'cancelled')))).length).toBe(1);
		const audit = await database.db.select().from(auditEntry).where(and(eq(auditEntry.action, 'registration.cancelled'), eq(auditEntry.entityId, String(first.body.data[0].id))));
		expect(audit).toMatchObject([{ actorId: admin.id, details: { by: 'staff', apiToken: expect.any(Number) } }]);
		expect((await callApi(database.db, 'POST', '/api/v1/registrations/999999/cancel', { now: NOW, headers: auth(t) })).status).toBe(404);

		// Reads leave no audit entry, but count on the token.
		const [row] = await database.db.select().from(apiToken).where(eq(apiToken.prefix, t.split('_')[1]));
		expect(row.useCount).toBe(8);
		expect(row.lastUsedAt).toEqual(NOW);
	});
});
