/**
 * The resources webhook payloads link to exist in the API: every event type's `resourcePath` has a
 * GET operation in the generated OpenAPI document, and the two reads added for those links
 * (one registration, one consultation booking) answer as the lists do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { user } from '../db/schema/auth.ts';
import { programmeItem } from '../db/schema/programme.ts';
import * as programme from '../programme/commands.ts';
import { addRegistrationByStaff } from '../registration/commands.ts';
import type { Actor } from '../audit/record.ts';
import type { ApiScope } from '../../api/scopes.ts';
import { EVENT_TYPES, resourcePath } from '../../webhooks/events.ts';
import { makeOffer, makeOrganisation, makeSlot } from '../consultation/test-fixtures.ts';
import { createApiToken } from './tokens.ts';
import { callApi, openApiForTests, templateOf, TEST_ORIGIN, TEST_SECRET } from './testing.ts';

const SAMPLE = { registration_id: 41, item_id: 42, session_id: 43, project_id: 44, project_slug: 'digital-fit', booking_id: 45, slot_id: 46, organisation_id: 47 };

describe('webhook links', () => {
	it('point, for every event type, at a GET operation of the OpenAPI document', async () => {
		const { doc } = await openApiForTests();
		const paths = Object.keys(doc.paths ?? {});
		const linked = EVENT_TYPES.map((type) => {
			const path = resourcePath(type, SAMPLE);
			const template = templateOf(paths, path);
			return { type, path, template, get: template ? (doc.paths![template] as Record<string, unknown>).get !== undefined : false };
		});
		expect(linked.filter((l) => !l.get)).toEqual([]);
		// Each resolves to the resource itself, not a catch-all.
		expect(Object.fromEntries(linked.map((l) => [l.type, l.template]))).toEqual({
			'registration.created': '/registrations/{id}',
			'registration.confirmed': '/registrations/{id}',
			'registration.cancelled': '/registrations/{id}',
			'registration.moved_up': '/registrations/{id}',
			'attendance.recorded': '/registrations/{id}',
			'session.changed': '/items/{id}',
			'session.cancelled': '/items/{id}',
			'project.published': '/projects/{slug}',
			'consultation_booking.booked': '/consultation-bookings/{id}',
			'consultation_booking.changed': '/consultation-bookings/{id}',
			'consultation_booking.cancelled': '/consultation-bookings/{id}'
		});
	});
});

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

describe('GET /registrations/{id}', () => {
	it('answers the registration as the item’s list does; unknown → 404 problem; without registrations:read → 403', async () => {
		const db = database.db;
		const p = await programme.createProject(db, admin, { slug: `links-${++counter}`, phaseName: 'P', fundingProgramme: 'B', funder: 'D', runtimeStart: null, runtimeEnd: null, title: { de: 'P' }, description: {} }, NOW);
		const item = await programme.createItem(db, admin, p.id, { number: 1, kind: 'workshop', format: 'in_person', state: 'scheduled', stateNote: {}, registrationOpen: false, capacity: null, perSession: false, requiresApproval: false, title: { de: 'Workshop' }, description: {} }, NOW);
		await db.update(programmeItem).set({ registrationOpen: true }).where(eq(programmeItem.id, item.id));
		const org = await makeOrganisation(db, 'Kulturbrücke e.V.');
		const env = { db, now: NOW, origin: TEST_ORIGIN, secret: TEST_SECRET, holdHours: 2 };
		const person = (n: number, organisationId: number | null) => ({ itemId: item.id, sessionId: null, name: `Person ${n}`, email: `links${n}@example.org`, organisationId, organisationName: '', language: 'tr', needs: '', photoConsent: n === 1 });
		const a = (await addRegistrationByStaff(env, admin, person(1, org.id))).registration;
		const b = (await addRegistrationByStaff(env, admin, person(2, null))).registration;

		const reader = await token(['registrations:read']);
		const list = await callApi(db, 'GET', `/api/v1/items/${item.id}/registrations`, { now: NOW, headers: auth(reader) });
		expect(list.status).toBe(200);
		for (const r of [a, b]) {
			const one = await callApi(db, 'GET', `/api/v1/registrations/${r.id}`, { now: NOW, headers: auth(reader) });
			expect(one.status).toBe(200);
			expect(one.body.data).toEqual(list.body.data.find((x: { id: number }) => x.id === r.id));
			expect(one.headers.get('cache-control')).toBe('private, no-store');
		}
		const first = await callApi(db, 'GET', `/api/v1/registrations/${a.id}`, { now: NOW, headers: auth(reader) });
		expect(first.body.data).toMatchObject({ id: a.id, item_id: item.id, name: 'Person 1', organisation: { id: org.id, name: 'Kulturbrücke e.V.' }, language: 'tr', photo_consent: true });

		const unknown = await callApi(db, 'GET', '/api/v1/registrations/999999', { now: NOW, headers: auth(reader) });
		expect(unknown.status).toBe(404);
		expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
		expect(unknown.body).toMatchObject({ status: 404, code: 'not_found' });

		const other = await token(['consultations:read', 'registrations:write']);
		const refused = await callApi(db, 'GET', `/api/v1/registrations/${a.id}`, { now: NOW, headers: auth(other) });
		expect(refused.status).toBe(403);
		expect(refused.body).toMatchObject({ status: 403 });
		expect(refused.body.data).toBeUndefined();
		expect((await callApi(db, 'GET', `/api/v1/registrations/${a.id}`, { now: NOW })).status).toBe(401);
	});
});

describe('GET /consultation-bookings/{id}', () => {
	it('answers the booking as its series’ list does, also once cancelled; unknown → 404 problem; without consultations:read → 403', async () => {
		const db = database.db;
		const offer = await makeOffer(db, NOW);
		const slot = await makeSlot(db, NOW, offer.track.id, offer.consultant.id, 24);
		const org = await makeOrganisation(db, 'Brückenbau e.V.');
		const t = await token(['consultations:read', 'consultations:write']);
		const booked = await callApi(db, 'POST', `/api/v1/consultation-slots/${slot.id}/bookings`, {
			now: NOW,
			headers: auth(t),
			body: { organisation_id: org.id, topic: 'Mitgliederverwaltung', language: 'de', attendees: [{ name: 'Selin Kaya', email: 'selin.links@example.org' }] }
		});
		expect(booked.status).toBe(201);
		const id = booked.body.data.id;

		const reader = await token(['consultations:read']);
		const list = await callApi(db, 'GET', `/api/v1/items/${offer.itemId}/consultation-bookings`, { now: NOW, headers: auth(reader) });
		const one = await callApi(db, 'GET', `/api/v1/consultation-bookings/${id}`, { now: NOW, headers: auth(reader) });
		expect(one.status).toBe(200);
		expect(one.body.data).toEqual(list.body.data.find((x: { id: number }) => x.id === id));
		expect(one.body.data).toMatchObject({ id, slot_id: slot.id, track_id: offer.track.id, organisation: { id: org.id, name: 'Brückenbau e.V.' }, state: 'booked', topic: 'Mitgliederverwaltung', people: 1, by_team: true });

		expect((await callApi(db, 'POST', `/api/v1/consultation-bookings/${id}/cancel`, { now: NOW, headers: auth(t) })).status).toBe(204);
		const cancelled = await callApi(db, 'GET', `/api/v1/consultation-bookings/${id}`, { now: NOW, headers: auth(reader) });
		expect(cancelled.status).toBe(200);
		expect(cancelled.body.data.state).toBe('cancelled');

		const unknown = await callApi(db, 'GET', '/api/v1/consultation-bookings/999999', { now: NOW, headers: auth(reader) });
		expect(unknown.status).toBe(404);
		expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
		expect(unknown.body).toMatchObject({ status: 404, code: 'not_found' });

		const other = await token(['registrations:read', 'consultations:write']);
		const refused = await callApi(db, 'GET', `/api/v1/consultation-bookings/${id}`, { now: NOW, headers: auth(other) });
		expect(refused.status).toBe(403);
		expect(refused.body).toMatchObject({ status: 403 });
		expect(refused.body.data).toBeUndefined();
	});
});
