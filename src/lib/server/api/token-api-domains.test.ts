/**
 * The token API's attendance, organisations and consultation bookings on real PGlite, every answer
 * checked against the OpenAPI document (callApi); writes go through the backoffice's services and
 * leave their audit entries, each naming the token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { user } from '../db/schema/auth.ts';
import { auditEntry } from '../db/schema/audit.ts';
import { mailOutbox, registration } from '../db/schema/registration.ts';
import { consultationBooking } from '../db/schema/consultation.ts';
import { programmeItem } from '../db/schema/programme.ts';
import * as programme from '../programme/commands.ts';
import { addRegistrationByStaff } from '../registration/commands.ts';
import type { Actor } from '../audit/record.ts';
import type { ApiScope } from '../../api/scopes.ts';
import { makeOffer, makeOrganisation, makeSlot } from '../consultation/test-fixtures.ts';
import { projectFigures } from '../reports/figures.ts';
import { createApiToken } from './tokens.ts';
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

const token = async (scopes: ApiScope[]) => (await createApiToken(database.db, admin, { name: `Partner ${++counter}`, scopes, expires: '2027-06-30' }, NOW)).token;
const auth = (t: string) => ({ authorization: `Bearer ${t}` });
const auditOf = (action: string) => database.db.select().from(auditEntry).where(eq(auditEntry.action, action));

describe('attendance', () => {
	it('reads the sheet and records marks, one audit entry per mark; a registration not on the sheet writes nothing', async () => {
		const db = database.db;
		const p = await programme.createProject(db, admin, { slug: `att-${++counter}`, phaseName: 'P', fundingProgramme: 'B', funder: 'D', runtimeStart: null, runtimeEnd: null, title: { de: 'P' }, description: {} }, NOW);
		const item = await programme.createItem(db, admin, p.id, { number: 1, kind: 'workshop', format: 'in_person', state: 'scheduled', stateNote: {}, registrationOpen: false, capacity: null, perSession: false, requiresApproval: false, title: { de: 'Workshop' }, description: {} }, NOW);
		const s = await programme.createSession(db, admin, item.id, { date: '2027-01-20', startTime: '10:00', endTime: '12:00', city: 'Köln', address: '', track: '', meetingId: null, capacity: null }, NOW);
		await db.update(programmeItem).set({ registrationOpen: true }).where(eq(programmeItem.id, item.id));
		const env = { db, now: NOW, origin: TEST_ORIGIN, secret: TEST_SECRET, holdHours: 2 };
		const person = (n: number) => ({ itemId: item.id, sessionId: null, name: `Person ${n}`, email: `p${n}@example.org`, organisationId: null, organisationName: '', language: 'de', needs: '', photoConsent: false });
		const a = (await addRegistrationByStaff(env, admin, person(1))).registration;
		const b = (await addRegistrationByStaff(env, admin, person(2))).registration;

		const reader = await token(['attendance:read']);
		const sheet = await callApi(db, 'GET', `/api/v1/sessions/${s.id}/attendance`, { now: NOW, headers: auth(reader) });
		expect(sheet.status).toBe(200);
		expect(sheet.body.data.people).toEqual([
			{ registration_id: a.id, name: 'Person 1', organisation: null, present: null },
			{ registration_id: b.id, name: 'Person 2', organisation: null, present: null }
		]);
		expect((await callApi(db, 'PUT', `/api/v1/sessions/${s.id}/attendance`, { now: NOW, headers: auth(reader), body: { marks: [{ registration_id: a.id, present: true }] } })).status).toBe(403);

		const writer = await token(['attendance:write']);
		const bad = await callApi(db, 'PUT', `/api/v1/sessions/${s.id}/attendance`, { now: NOW, headers: auth(writer), body: { marks: [{ registration_id: a.id, present: true }, { registration_id: 999_999, present: true }] } });
		expect(bad.status).toBe(400);
		expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['marks.1.registration_id']);
		expect(await auditOf('attendance.present')).toEqual([]);

		const marked = await callApi(db, 'PUT', `/api/v1/sessions/${s.id}/attendance`, { now: NOW, headers: auth(writer), body: { marks: [{ registration_id: a.id, present: true }, { registration_id: b.id, present: false }] } });
		expect(marked.status).toBe(200);
		expect(marked.body.data.people.map((x: { present: boolean }) => x.present)).toEqual([true, false]);
		const entries = [...(await auditOf('attendance.present')), ...(await auditOf('attendance.absent'))];
		expect(entries.map((e) => [e.entityId, e.actorId, typeof e.details.apiToken])).toEqual([
			[String(a.id), admin.id, 'number'],
			[String(b.id), admin.id, 'number']
		]);
		expect((await callApi(db, 'GET', '/api/v1/sessions/999999/attendance', { now: NOW, headers: auth(reader) })).status).toBe(404);
	});
});

describe('organisations', () => {
	it('creates one as the team’s form does, refuses what the form refuses, lists and reads', async () => {
		const db = database.db;
		const t = await token(['organisations:read', 'organisations:write']);
		const created = await callApi(db, 'POST', '/api/v1/organisations', { now: NOW, headers: auth(t), body: { name: 'Kulturbrücke e.V.', city: 'Köln', languages: ['de', 'tr'], year_founded: 2009 } });
		expect(created.status).toBe(201);
		expect(created.body.data).toMatchObject({ name: 'Kulturbrücke e.V.', confirmed: true, city: 'Köln', languages: ['de', 'tr'], year_founded: 2009 });
		const entry = (await auditOf('organisation.created')).find((e) => e.entityId === String(created.body.data.id))!;
		expect(entry).toMatchObject({ actorId: admin.id, details: { apiToken: expect.any(Number) } });

		const twice = await callApi(db, 'POST', '/api/v1/organisations?lang=en', { now: NOW, headers: auth(t), body: { name: 'KULTURBRÜCKE E.V.' } });
		expect(twice.status).toBe(409);
		expect(twice.body).toMatchObject({ code: 'name_taken', errors: [{ field: 'name', code: 'name_taken' }] });
		const bad = await callApi(db, 'POST', '/api/v1/organisations', { now: NOW, headers: auth(t), body: { name: 'X', year_founded: 1500, links: ['http://unsicher.example'] } });
		expect(bad.status).toBe(400);
		expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['links', 'name', 'year_founded']);

		const one = await callApi(db, 'GET', `/api/v1/organisations/${created.body.data.id}`, { now: NOW, headers: auth(t) });
		expect(one.body.data.name).toBe('Kulturbrücke e.V.');
		await callApi(db, 'POST', '/api/v1/organisations', { now: NOW, headers: auth(t), body: { name: 'Zweiter Verein' } });
		const first = await callApi(db, 'GET', '/api/v1/organisations?limit=1', { now: NOW, headers: auth(t) });
		const next = await callApi(db, 'GET', `/api/v1/organisations?limit=1&cursor=${first.body.next_cursor}`, { now: NOW, headers: auth(t) });
		expect([...first.body.data, ...next.body.data].map((o: { name: string }) => o.name)).toEqual(['Kulturbrücke e.V.', 'Zweiter Verein']);
		expect((await callApi(db, 'GET', '/api/v1/organisations?q=brücke', { now: NOW, headers: auth(t) })).body.data).toHaveLength(1);
		expect((await callApi(db, 'GET', '/api/v1/organisations/999999', { now: NOW, headers: auth(t) })).status).toBe(404);
	});
});

describe('consultation bookings', () => {
	it('books a slot on an association’s behalf as the team does (mail, audit), refuses a taken slot, lists and cancels', async () => {
		const db = database.db;
		const offer = await makeOffer(db, NOW);
		const slot = await makeSlot(db, NOW, offer.track.id, offer.consultant.id, 24);
		const first = await makeOrganisation(db);
		const second = await makeOrganisation(db);
		const t = await token(['consultations:read', 'consultations:write']);
		const body = (organisationId: number, email: string) => ({ organisation_id: organisationId, topic: 'Mitgliederverwaltung', language: 'de', attendees: [{ name: 'Selin Kaya', email }] });

		const invalid = await callApi(db, 'POST', `/api/v1/consultation-slots/${slot.id}/bookings`, { now: NOW, headers: auth(t), body: { ...body(first.id, 'kein-at'), topic: '' } });
		expect(invalid.status).toBe(400);
		expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['attendees.0.email', 'topic']);

		const booked = await callApi(db, 'POST', `/api/v1/consultation-slots/${slot.id}/bookings`, { now: NOW, headers: auth(t), body: body(first.id, 'selin@example.org') });
		expect(booked.status).toBe(201);
		expect(booked.body.data).toMatchObject({ slot_id: slot.id, organisation_id: first.id, state: 'booked' });
		expect((await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'selin@example.org'))).length).toBeGreaterThan(0);
		expect((await auditOf('consultation.booked')).at(-1)).toMatchObject({ actorId: admin.id, details: { byTeam: true, apiToken: expect.any(Number) } });

		const taken = await callApi(db, 'POST', `/api/v1/consultation-slots/${slot.id}/bookings`, { now: NOW, headers: auth(t), body: body(second.id, 'ali@example.org') });
		expect(taken.status).toBe(409);
		expect(taken.body.code).toBe('slot_taken');

		const list = await callApi(db, 'GET', `/api/v1/items/${offer.itemId}/consultation-bookings`, { now: NOW, headers: auth(t) });
		expect(list.status).toBe(200);
		expect(list.body.data).toMatchObject([{ id: booked.body.data.id, organisation: { id: first.id }, state: 'booked', by_team: true, people: 1 }]);

		const cancelled = await callApi(db, 'POST', `/api/v1/consultation-bookings/${booked.body.data.id}/cancel`, { now: NOW, headers: auth(t) });
		expect(cancelled.status).toBe(204);
		const [row] = await db.select().from(consultationBooking).where(eq(consultationBooking.id, booked.body.data.id));
		expect(row.state).toBe('cancelled');
		expect((await callApi(db, 'POST', `/api/v1/consultation-bookings/${booked.body.data.id}/cancel`, { now: NOW, headers: auth(t) })).status).toBe(404);
		expect((await callApi(db, 'GET', '/api/v1/items/999999/consultation-bookings', { now: NOW, headers: auth(t) })).status).toBe(404);
		// A registration was never involved.
		expect(await db.select().from(registration).where(and(eq(registration.email, 'selin@example.org')))).toEqual([]);
	});
});

describe('funder figures', () => {
	it('are projectFigures, for the whole runtime or a period, in snake_case with titles in the request language', async () => {
		const db = database.db;
		const p = await programme.createProject(db, admin, { slug: `fig-${++counter}`, phaseName: 'P', fundingProgramme: 'B', funder: 'D', runtimeStart: '2027-01-01', runtimeEnd: '2027-12-31', title: { de: 'Zahlenprojekt', en: 'Figures project' }, description: {} }, NOW);
		const item = await programme.createItem(db, admin, p.id, { number: 1, kind: 'workshop', format: 'in_person', state: 'scheduled', stateNote: {}, registrationOpen: false, capacity: null, perSession: false, requiresApproval: false, title: { de: 'Workshop' }, description: {} }, NOW);
		await programme.createSession(db, admin, item.id, { date: '2027-01-12', startTime: '10:00', endTime: '13:00', city: 'Köln', address: '', track: '', meetingId: null, capacity: null }, NOW);
		await programme.createSession(db, admin, item.id, { date: '2027-01-26', startTime: '10:00', endTime: '12:00', city: '', address: '', track: '', meetingId: null, capacity: null }, NOW);
		const expected = await projectFigures(db, p.id, null, NOW);
		const t = await token(['figures:read']);
		const all = await callApi(db, 'GET', `/api/v1/projects/${p.slug}/figures?lang=en`, { now: NOW, headers: auth(t) });
		expect(all.status).toBe(200);
		expect(all.body.data.project.title).toEqual({ value: 'Figures project', lang: 'en', fallback: false });
		expect(all.body.data.totals).toMatchObject({ sessions: expected.totals.sessions, hours: expected.totals.hours, sessions_in_person: expected.totals.sessionsInPerson });
		expect(all.body.data.totals.sessions).toBe(2);
		expect(all.body.data.per_item).toHaveLength(expected.perItem.length);
		const january = await callApi(db, 'GET', `/api/v1/projects/${p.slug}/figures?from=2027-01-20&to=2027-01-31`, { now: NOW, headers: auth(t) });
		expect(january.body.data.totals.sessions).toBe(1);
		expect(january.body.data.period).toEqual({ from: '2027-01-20', to: '2027-01-31' });
		expect((await callApi(db, 'GET', `/api/v1/projects/${p.slug}/figures?from=2027-01-20`, { now: NOW, headers: auth(t) })).body.errors).toMatchObject([{ field: 'to' }]);
		expect((await callApi(db, 'GET', '/api/v1/projects/gibt-es-nicht/figures', { now: NOW, headers: auth(t) })).status).toBe(404);
		expect((await callApi(db, 'GET', `/api/v1/projects/${p.slug}/figures`, { now: NOW, headers: auth(await token(['registrations:read'])) })).status).toBe(403);
	});
});
