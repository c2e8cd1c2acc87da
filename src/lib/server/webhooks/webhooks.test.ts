/**
 * Webhooks end to end on a real PGlite and a real HTTP receiver on this machine: the receiver
 * verifies every delivery with the `standardwebhooks` package, as a partner's server would.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { auditEntry } from '../db/schema/audit.ts';
import { webhookDelivery, webhookEvent } from '../db/schema/webhooks.ts';
import { programmeItem } from '../db/schema/programme.ts';
import * as programme from '../programme/commands.ts';
import * as reg from '../registration/commands.ts';
import { markAttendance } from '../registration/attendance.ts';
import { emitEvent } from './events.ts';
import { deliverDueWebhooks, retryPauseMs } from './delivery.ts';
import { createEndpoint, deleteEndpoint, getEndpoint, listEndpoints, rotateEndpointSecret, setEndpointEnabled } from './endpoints.ts';
import { listDeliveries, replayDelivery } from './log.ts';
import { endpointUrlError, parseEndpointForm } from '../../webhooks/forms.ts';
import { bookSlot, cancelBooking, moveBooking } from '../consultation/booking.ts';
import { envAt, intake, makeOffer, makeOrganisation, makeSlot, TEAM } from '../consultation/test-fixtures.ts';
import type { EventType } from '../../webhooks/events.ts';

const ORIGIN = 'https://programm.example.org';
const actor = { id: 'admin', email: 'admin@example.org' };
const t0 = () => new Date();

type Received = { path: string; headers: Record<string, string>; body: string };
let database: Database;
let server: http.Server;
let base = '';
const received: Received[] = [];
/** Answers per path, used up in order; then 200. `hang` never answers. */
const answers: Record<string, (number | 'hang')[]> = {};

let itemId = 0;
let sessionId = 0;
let env: reg.Env;

beforeAll(async () => {
	database = await openTestDatabase();
	server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
			received.push({ path: req.url ?? '', headers, body: Buffer.concat(chunks).toString('utf8') });
			const answer = answers[req.url ?? '']?.shift() ?? 200;
			if (answer === 'hang') return;
			res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer >= 300 ? 'receiver says no' : 'ok');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	const db = database.db;
	const now = t0();
	env = { db, now, origin: ORIGIN, secret: 's', holdHours: 48 };
	const p = await programme.createProject(db, actor, { slug: 'hooks', phaseName: 'Digit-Ready III', fundingProgramme: 'B', funder: 'D', runtimeStart: '2027-01-01', runtimeEnd: '2099-12-31', title: { de: 'P' }, description: {} }, now);
	const item = await programme.createItem(db, actor, p.id, { number: 1, kind: 'workshop', format: 'in_person', state: 'scheduled', stateNote: {}, registrationOpen: true, capacity: 1, perSession: false, requiresApproval: false, title: { de: 'Workshop' }, description: {} }, now);
	itemId = item.id;
	sessionId = (await programme.createSession(db, actor, item.id, { date: '2099-03-19', startTime: '10:00', endTime: '17:00', city: 'Köln', address: '', track: '', meetingId: null, capacity: null }, now)).id;
});
afterAll(async () => {
	server?.closeAllConnections();
	server?.close();
	await database?.close();
});

/** Registers a person (name and address must never reach a receiver). */
async function register(email: string) {
	const r = await reg.registerParticipant({ ...env, now: t0() }, { itemId, sessionId: null, name: 'Ayşe Yılmaz', email, organisationId: null, organisationName: 'Verein', language: 'de', needs: '', photoConsent: false });
	return r.registration;
}

async function endpoint(path: string, events: EventType[]) {
	return createEndpoint(database.db, actor, { url: `${base}${path}`, description: path, events }, t0());
}

const deliver = (now = t0(), timeoutMs?: number) => deliverDueWebhooks(database.db, { origin: ORIGIN, now, timeoutMs });
const at = (path: string) => received.filter((r) => r.path === path);
/** Throws unless `r` carries a valid Standard Webhooks signature by `secret`; returns the payload. */
const verify = (secret: string, r: Received) => new Webhook(secret).verify(r.body, r.headers) as { type: string; timestamp: string; data: Record<string, unknown> };

describe('webhook deliveries', () => {
	it('signs each delivery (the receiver verifies it with standardwebhooks) and sends ids and a link, no personal data', async () => {
		const a = await endpoint('/signed', ['registration.created', 'registration.cancelled']);
		const r = await register('ayse@example.org');
		await reg.cancelRegistration({ ...env, now: t0() }, r.id, actor);
		expect(await deliver()).toMatchObject({ succeeded: 2, retry: 0, failed: 0 });
		const got = at('/signed');
		expect(got).toHaveLength(2);
		const payloads = got.map((g) => verify(a.secret, g));
		expect(payloads.map((p) => p.type).sort()).toEqual(['registration.cancelled', 'registration.created']);
		for (const p of payloads) {
			expect(p.data).toEqual({ registration_id: r.id, item_id: itemId, session_id: null, url: `${ORIGIN}/api/v1/registrations/${r.id}` });
			expect(Number.isNaN(Date.parse(p.timestamp))).toBe(false);
		}
		for (const g of got) {
			expect(g.headers['content-type']).toBe('application/json');
			expect(g.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
			expect(g.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
			expect(g.body).not.toMatch(/Ayşe|ayse@example\.org/);
		}
		// Two events, two ids; a wrong secret fails verification.
		expect(new Set(got.map((g) => g.headers['webhook-id'])).size).toBe(2);
		expect(() => verify(`whsec_${Buffer.from('not the secret').toString('base64')}`, got[0])).toThrow();
		await deleteEndpoint(database.db, actor, a.id, t0());
	});

	it('retries a delivery the receiver answered 500 with the same webhook-id, after the back-off', async () => {
		const b = await endpoint('/flaky', ['registration.created']);
		answers['/flaky'] = [500];
		const r = await register('retry@example.org');
		const first = t0();
		expect(await deliver(first)).toMatchObject({ retry: 1 });
		const [log] = (await listDeliveries(database.db, b.id, 1)).rows;
		expect(log).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 500 });
		expect(log.lastError).toContain('HTTP 500');
		expect(log.nextAttemptAt.getTime()).toBe(first.getTime() + retryPauseMs(1));
		// Not yet due: nothing is sent.
		expect(await deliver(new Date(first.getTime() + 30_000))).toMatchObject({ succeeded: 0, retry: 0 });
		expect(await deliver(new Date(first.getTime() + retryPauseMs(1)))).toMatchObject({ succeeded: 1 });
		const got = at('/flaky');
		expect(got).toHaveLength(2);
		expect(got[1].headers['webhook-id']).toBe(got[0].headers['webhook-id']);
		expect(got[1].body).toBe(got[0].body);
		for (const g of got) expect(verify(b.secret, g).data.registration_id).toBe(r.id);
		const [done] = (await listDeliveries(database.db, b.id, 1)).rows;
		expect(done).toMatchObject({ status: 'succeeded', attempts: 2, lastStatus: 200, lastError: null });
		expect(done.lastDurationMs).toBeGreaterThanOrEqual(0);

		// A replay sends it once more, with the same id.
		await replayDelivery(database.db, actor, b.id, done.id, t0());
		expect(await deliver()).toMatchObject({ succeeded: 1 });
		expect(at('/flaky')).toHaveLength(3);
		expect(at('/flaky')[2].headers['webhook-id']).toBe(got[0].headers['webhook-id']);
		expect((await listDeliveries(database.db, b.id, 1)).rows[0]).toMatchObject({ status: 'succeeded', attempts: 3 });
		// Another endpoint's delivery cannot be replayed through this one.
		const other = await endpoint('/other', ['session.cancelled']);
		await expect(replayDelivery(database.db, actor, other.id, done.id, t0())).rejects.toMatchObject({ code: 'not_found' });
		await deleteEndpoint(database.db, actor, b.id, t0());
		await deleteEndpoint(database.db, actor, other.id, t0());
	});

	it('gives up three days after the event, with pauses doubling up to 12 hours', async () => {
		expect([1, 2, 3, 4].map(retryPauseMs)).toEqual([60_000, 120_000, 240_000, 480_000]);
		expect(retryPauseMs(30)).toBe(12 * 3_600_000);
		const c = await endpoint('/down', ['registration.created']);
		answers['/down'] = Array(100).fill(503);
		await register('down@example.org');
		const start = t0();
		let now = start;
		for (let i = 0; i < 100; i++) {
			await deliver(now);
			const [d] = (await listDeliveries(database.db, c.id, 1)).rows;
			if (d.status !== 'pending') break;
			now = d.nextAttemptAt;
		}
		const [d] = (await listDeliveries(database.db, c.id, 1)).rows;
		expect(d.status).toBe('failed');
		expect(d.lastStatus).toBe(503);
		expect(d.lastAttemptAt!.getTime() - start.getTime()).toBeLessThanOrEqual(3 * 86_400_000);
		expect(d.lastAttemptAt!.getTime() - start.getTime()).toBeGreaterThan(2 * 86_400_000);
		expect(d.attempts).toBe(at('/down').length);
		expect(new Set(at('/down').map((g) => g.headers['webhook-id'])).size).toBe(1);
		await deleteEndpoint(database.db, actor, c.id, t0());
	});

	it('disables an endpoint that answers 410 Gone; it gets no further deliveries', async () => {
		const g = await endpoint('/gone', ['registration.created']);
		answers['/gone'] = [410];
		await register('gone1@example.org');
		expect(await deliver()).toMatchObject({ failed: 1 });
		expect(await getEndpoint(database.db, g.id)).toMatchObject({ enabled: false, disabledReason: 'gone' });
		const audit = await database.db.select().from(auditEntry).where(eq(auditEntry.action, 'webhook.gone'));
		expect(audit.map((a) => a.entityId)).toContain(String(g.id));
		await register('gone2@example.org');
		expect(await deliver()).toMatchObject({ succeeded: 0, failed: 0, retry: 0 });
		expect(at('/gone')).toHaveLength(1);
		expect((await listDeliveries(database.db, g.id, 1)).total).toBe(1);
		// Switched on again by an admin, it receives new events.
		await setEndpointEnabled(database.db, actor, g.id, true, t0());
		await register('gone3@example.org');
		expect(await deliver()).toMatchObject({ succeeded: 1 });
		await deleteEndpoint(database.db, actor, g.id, t0());
	});

	it('writes the event in the transaction of the change: a rolled-back change emits nothing', async () => {
		const e = await endpoint('/tx', ['session.changed', 'attendance.recorded']);
		const events = async () => (await database.db.select().from(webhookEvent).where(eq(webhookEvent.type, 'session.changed'))).length;
		const before = await events();
		await expect(
			database.db.transaction(async (tx) => {
				await emitEvent(tx, 'session.changed', { session_id: sessionId, item_id: itemId }, t0());
				throw new Error('the change fails after emitting');
			})
		).rejects.toThrow('the change fails');
		expect(await events()).toBe(before);
		// A real change of date does emit (and only a real change: the same values again emit nothing).
		const input = { date: '2099-03-20', startTime: '10:00', endTime: '17:00', city: 'Köln', address: '', track: '', meetingId: null, capacity: null };
		await programme.updateSession(database.db, actor, sessionId, input, t0());
		await programme.updateSession(database.db, actor, sessionId, input, t0());
		expect(await events()).toBe(before + 1);
		// Cancelling the whole item cancels its sessions for receivers.
		const other = await programme.createItem(database.db, actor, (await database.db.select().from(programmeItem).where(eq(programmeItem.id, itemId)))[0].projectId, { number: 2, kind: 'workshop', format: 'in_person', state: 'scheduled', stateNote: {}, registrationOpen: false, capacity: null, perSession: false, requiresApproval: false, title: { de: 'Zweiter' }, description: {} }, t0());
		const otherSession = await programme.createSession(database.db, actor, other.id, { ...input, date: '2099-04-01' }, t0());
		await endpoint('/cancelled', ['session.cancelled']).then(async (c) => {
			await programme.updateItem(database.db, actor, other.id, { number: 2, kind: 'workshop', format: 'in_person', state: 'cancelled', stateNote: {}, registrationOpen: false, capacity: null, perSession: false, requiresApproval: false, title: { de: 'Zweiter' }, description: {} }, t0());
			await deliver();
			expect(at('/cancelled').map((g) => verify(c.secret, g).data)).toEqual([{ session_id: otherSession.id, item_id: other.id, url: `${ORIGIN}/api/v1/items/${other.id}` }]);
			await deleteEndpoint(database.db, actor, c.id, t0());
		});
		// Attendance of a confirmed registration.
		const r = await reg.addRegistrationByStaff({ ...env, now: t0() }, actor, { itemId, sessionId: null, name: 'N', email: 'att@example.org', organisationId: null, organisationName: '', language: 'de', needs: '', photoConsent: false });
		await markAttendance(database.db, actor, sessionId, r.registration.id, true, t0());
		await deliver();
		expect(at('/tx')).toHaveLength(2);
		const payloads = at('/tx').map((g) => verify(e.secret, g));
		expect(payloads.map((p) => [p.type, p.data.url])).toEqual(
			expect.arrayContaining([
				['session.changed', `${ORIGIN}/api/v1/items/${itemId}`],
				['attendance.recorded', `${ORIGIN}/api/v1/registrations/${r.registration.id}`]
			])
		);
		// No endpoint wants registration.created here: nothing was written for it.
		expect((await database.db.select().from(webhookDelivery).where(eq(webhookDelivery.endpointId, e.id))).length).toBe(2);
		await deleteEndpoint(database.db, actor, e.id, t0());
	});

	it('reports a project published (once) and a consultation booking booked, moved and cancelled, by ids only', async () => {
		const e = await endpoint('/programme', ['project.published', 'consultation_booking.booked', 'consultation_booking.changed', 'consultation_booking.cancelled']);
		const db = database.db;
		const now = t0();
		const p = await programme.createProject(db, actor, { slug: 'hooks-pub', phaseName: 'P', fundingProgramme: 'B', funder: 'D', runtimeStart: '2027-01-01', runtimeEnd: '2099-12-31', title: { de: 'Veröffentlicht' }, description: { de: 'Beschreibung' } }, now);
		await programme.setProjectStatus(db, actor, p.id, 'published', now);
		await programme.setProjectStatus(db, actor, p.id, 'published', now);
		const { track } = await makeOffer(db, now);
		const org = await makeOrganisation(db);
		const [one, two] = [await makeSlot(db, now, track.id, null, 72), await makeSlot(db, now, track.id, null, 96)];
		const booking = await bookSlot(envAt(db, now), TEAM, { slotId: one.id, organisationId: org.id, intake: intake('hook') });
		await moveBooking(envAt(db, now), TEAM, booking.id, two.id);
		await cancelBooking(envAt(db, now), TEAM, booking.id);
		expect(await deliver()).toMatchObject({ succeeded: 4, retry: 0 });
		const payloads = at('/programme').map((g) => verify(e.secret, g));
		const bookingUrl = `${ORIGIN}/api/v1/consultation-bookings/${booking.id}`;
		expect(payloads.map((x) => [x.type, x.data]).sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual([
			['consultation_booking.booked', { booking_id: booking.id, slot_id: one.id, organisation_id: org.id, url: bookingUrl }],
			['consultation_booking.cancelled', { booking_id: booking.id, slot_id: two.id, organisation_id: org.id, url: bookingUrl }],
			['consultation_booking.changed', { booking_id: booking.id, slot_id: two.id, organisation_id: org.id, url: bookingUrl }],
			['project.published', { project_id: p.id, project_slug: 'hooks-pub', url: `${ORIGIN}/api/v1/projects/hooks-pub` }]
		]);
		expect(at('/programme').map((g) => g.body).join()).not.toMatch(/Person hook|personhook@example\.org/);
		await deleteEndpoint(db, actor, e.id, t0());
	});

	it('never sends one delivery from two workers at once, and a hanging receiver is given up after the timeout', async () => {
		const h = await endpoint('/slow', ['registration.created']);
		answers['/slow'] = ['hang'];
		await register('slow@example.org');
		const [a, b] = await Promise.all([deliver(t0(), 300), deliver(t0(), 300)]);
		expect(a.retry + b.retry).toBe(1);
		expect(at('/slow')).toHaveLength(1);
		const [d] = (await listDeliveries(database.db, h.id, 1)).rows;
		expect(d).toMatchObject({ status: 'pending', attempts: 1, lastStatus: null });
		expect(d.lastError).toContain('timeout');
		await deleteEndpoint(database.db, actor, h.id, t0());
	});

	it('signs with the old and the new secret for a day after a rotation; the list never shows a secret', async () => {
		const s = await endpoint('/rotate', ['registration.created']);
		const fresh = await rotateEndpointSecret(database.db, actor, s.id, t0());
		expect(fresh).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
		expect(fresh).not.toBe(s.secret);
		await register('rotate@example.org');
		await deliver();
		const [g] = at('/rotate');
		expect(g.headers['webhook-signature'].split(' ')).toHaveLength(2);
		expect(verify(fresh, g).type).toBe('registration.created');
		expect(verify(s.secret, g).type).toBe('registration.created');
		const listed = JSON.stringify(await listEndpoints(database.db));
		expect(listed).not.toContain('whsec_');
		expect(JSON.stringify(await getEndpoint(database.db, s.id))).not.toContain('whsec_');
		await deleteEndpoint(database.db, actor, s.id, t0());
	});
});

describe('the endpoint form', () => {
	it('wants https, except to this machine on a local start', () => {
		expect(endpointUrlError('https://crm.example.org/hooks', false)).toBeNull();
		expect(endpointUrlError('http://crm.example.org/hooks', true)).toBe('webhook_err_https');
		expect(endpointUrlError('http://localhost:4711/hook', false)).toBe('webhook_err_https');
		expect(endpointUrlError('http://localhost:4711/hook', true)).toBeNull();
		expect(endpointUrlError('http://127.0.0.1:4711/hook', true)).toBeNull();
		expect(endpointUrlError('https://user:pw@crm.example.org/', false)).toBe('webhook_err_url');
		expect(endpointUrlError('crm.example.org', false)).toBe('webhook_err_url');
		expect(endpointUrlError('ftp://crm.example.org', true)).toBe('webhook_err_https');
	});

	it('needs at least one known event', () => {
		const form = (events: string[]) => {
			const f = new FormData();
			f.set('url', 'https://crm.example.org/hooks');
			f.set('description', 'CRM');
			for (const e of events) f.append('events', e);
			return f;
		};
		expect(parseEndpointForm(form([]), false)).toMatchObject({ ok: false, errors: { events: { key: 'webhook_err_events' } } });
		expect(parseEndpointForm(form(['registration.nonsense']), false)).toMatchObject({ ok: false, errors: { events: { key: 'err_choice' } } });
		expect(parseEndpointForm(form(['project.published', 'registration.created', 'project.published']), false)).toEqual({
			ok: true,
			data: { url: 'https://crm.example.org/hooks', description: 'CRM', events: ['registration.created', 'project.published'] }
		});
	});
});
