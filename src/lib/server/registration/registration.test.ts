import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import { openDatabase, type Database, type Db } from '../db/client.ts';
import { mailOutbox, registration } from '../db/schema/registration.ts';
import { programmeItem } from '../db/schema/programme.ts';
import * as programme from '../programme/commands.ts';
import * as reg from './commands.ts';
import { hashToken } from './links.ts';
import { clientKey, clientNetwork, unconfirmedPerClient } from './limits.ts';
import { participantView, suspiciousBursts } from './queries.ts';
import { auditEntry } from '../db/schema/audit.ts';

const NOW = new Date('2027-02-01T09:00:00Z');
const actor = { id: 'staff', email: 'team@example.org' };
let database: Database;
let counter = 0;

beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.close());

const env = (db: Db = database.db, now = NOW): reg.Env => ({ db, now, origin: 'http://localhost:3000', secret: 'test-secret', holdHours: 48 });

async function openItem(capacity: number | null, opts: { requiresApproval?: boolean; perSession?: boolean } = {}) {
	const db = database.db;
	const p = await programme.createProject(
		db,
		actor,
		{ slug: `reg-${++counter}`, phaseName: 'P', fundingProgramme: 'B', funder: 'D', runtimeStart: '2027-01-01', runtimeEnd: '2027-12-31', title: { de: 'P' }, description: {} },
		NOW
	);
	const item = await programme.createItem(
		db,
		actor,
		p.id,
		{ number: 1, kind: 'workshop', format: 'in_person', state: 'scheduled', stateNote: {}, registrationOpen: false, capacity: null, perSession: false, requiresApproval: false, title: { de: 'Workshop', en: 'Workshop EN' }, description: {} },
		NOW
	);
	const s = await programme.createSession(db, actor, item.id, { date: '2027-03-27', startTime: '10:00', endTime: '17:00', city: 'Köln', address: '', track: '', meetingId: null, capacity: null }, NOW);
	await db
		.update(programmeItem)
		.set({ registrationOpen: true, capacity, requiresApproval: opts.requiresApproval ?? false, perSession: opts.perSession ?? false })
		.where(eq(programmeItem.id, item.id));
	return { itemId: item.id, sessionId: s.id };
}

const person = (itemId: number, n: number | string, extra: Partial<reg.RegistrationInput> = {}): reg.RegistrationInput => ({
	itemId,
	sessionId: null,
	name: `Person ${n}`,
	email: `Person${n}@Example.org`,
	organisationId: null,
	organisationName: 'Verein Beispiel e.V.',
	language: 'de',
	needs: '',
	photoConsent: false,
	...extra
});

/** The confirmation token from the latest confirm mail to an address (as the participant would click it). */
async function tokenFromMail(email: string): Promise<string> {
	const mails = await database.db.select().from(mailOutbox).where(and(eq(mailOutbox.to, email.toLowerCase()), eq(mailOutbox.template, 'confirm')));
	const text = mails[mails.length - 1].text;
	return text.match(/\/anmeldung\/bestaetigen\/([A-Za-z0-9_-]+)/)![1];
}

async function statuses(itemId: number) {
	const rows = await database.db.select().from(registration).where(eq(registration.itemId, itemId));
	const by = (s: string) => rows.filter((r) => r.status === s).length;
	return { held: by('held'), confirmed: by('confirmed'), waitlisted: by('waitlisted'), cancelled: by('cancelled'), expired: by('expired'), awaiting: by('awaiting_approval'), rows };
}

describe('registration', () => {
	it('double opt-in: a place is held until the emailed link confirms it', async () => {
		const { itemId } = await openItem(2);
		const { registration: r } = await reg.registerParticipant(env(), person(itemId, 1));
		expect(r.status).toBe('held');
		expect(r.email).toBe('person1@example.org');
		const confirmed = await reg.confirmRegistration(env(), await tokenFromMail(r.email));
		expect(confirmed.status).toBe('confirmed');
		// A second click changes nothing.
		expect((await reg.confirmRegistration(env(), await tokenFromMail(r.email))).status).toBe('confirmed');
		const mails = await database.db.select().from(mailOutbox).where(eq(mailOutbox.registrationId, r.id));
		expect(mails.map((m) => m.template)).toEqual(['confirm', 'confirmed']);
		expect(mails[1].ics).toContain('DTSTART;TZID=Europe/Berlin:20270327T100000');
		expect(mails[1].text).toContain('/teilnahme/');
	});

	it('the same form submitted twice gives one registration', async () => {
		const { itemId } = await openItem(5);
		const first = await reg.registerParticipant(env(), person(itemId, 'x'));
		const again = await reg.registerParticipant(env(), person(itemId, 'x', { email: ' PERSONx@example.org ' }));
		expect(again.duplicate).toBe(true);
		expect(again.registration.id).toBe(first.registration.id);
		expect((await statuses(itemId)).rows).toHaveLength(1);
	});

	it('fills up, waiting-lists the next person and promotes them when a place frees', async () => {
		const { itemId } = await openItem(1);
		const a = await reg.registerParticipant(env(), person(itemId, 'a'));
		await reg.confirmRegistration(env(), await tokenFromMail(a.registration.email));
		const b = await reg.registerParticipant(env(), person(itemId, 'b'));
		expect(b.registration.status).toBe('waitlisted');
		await reg.confirmRegistration(env(), await tokenFromMail(b.registration.email));
		await reg.cancelRegistration(env(), a.registration.id, null, { email: a.registration.email });
		const after = await statuses(itemId);
		expect(after.confirmed).toBe(1);
		expect(after.rows.find((r) => r.id === b.registration.id)!.status).toBe('confirmed');
		const promoted = await database.db.select().from(mailOutbox).where(and(eq(mailOutbox.registrationId, b.registration.id), eq(mailOutbox.template, 'promoted')));
		expect(promoted).toHaveLength(1);
	});

	it('an unconfirmed registration expires after the set time and frees its place', async () => {
		const { itemId } = await openItem(1);
		const a = await reg.registerParticipant(env(), person(itemId, 'slow'));
		const b = await reg.registerParticipant(env(), person(itemId, 'quick'));
		await reg.confirmRegistration(env(), await tokenFromMail(b.registration.email));
		expect(await reg.expireUnconfirmed(env(database.db, new Date(NOW.getTime() + 47 * 3_600_000)))).toBe(0);
		expect(await reg.expireUnconfirmed(env(database.db, new Date(NOW.getTime() + 49 * 3_600_000)))).toBeGreaterThanOrEqual(1);
		const after = await statuses(itemId);
		expect(after.rows.find((r) => r.id === a.registration.id)!.status).toBe('expired');
		expect(after.rows.find((r) => r.id === b.registration.id)!.status).toBe('confirmed');
		await expect(reg.confirmRegistration(env(), await tokenFromMail(a.registration.email))).rejects.toMatchObject({ code: 'confirm_invalid' });
	});

	it('with approval, a confirmed email waits for the team', async () => {
		const { itemId } = await openItem(3, { requiresApproval: true });
		const a = await reg.registerParticipant(env(), person(itemId, 'ap'));
		expect((await reg.confirmRegistration(env(), await tokenFromMail(a.registration.email))).status).toBe('awaiting_approval');
		expect((await reg.approveRegistration(env(), a.registration.id, actor)).status).toBe('confirmed');
	});

	it('refuses closed items and a session registration where only the whole item is bookable', async () => {
		const { itemId, sessionId } = await openItem(3);
		await expect(reg.registerParticipant(env(), person(itemId, 's', { sessionId }))).rejects.toMatchObject({ code: 'session_not_bookable' });
		await database.db.update(programmeItem).set({ registrationOpen: false }).where(eq(programmeItem.id, itemId));
		await expect(reg.registerParticipant(env(), person(itemId, 'c'))).rejects.toMatchObject({ code: 'registration_closed' });
	});

	it('staff can move someone up only into a free place', async () => {
		const { itemId } = await openItem(1);
		const a = await reg.registerParticipant(env(), person(itemId, 'm1'));
		const b = await reg.registerParticipant(env(), person(itemId, 'm2'));
		await reg.confirmRegistration(env(), await tokenFromMail(b.registration.email));
		await expect(reg.promoteRegistration(env(), b.registration.id, actor)).rejects.toMatchObject({ code: 'full' });
		await reg.cancelRegistration(env(), a.registration.id, actor);
		expect((await statuses(itemId)).rows.find((r) => r.id === b.registration.id)!.status).toBe('confirmed');
	});

	it('stores only the hash of a token', () => {
		expect(hashToken('a')).toMatch(/^[0-9a-f]{64}$/);
	});
});

describe('no overbooking, ever', () => {
	it('200 truly parallel registrations at capacity 5: never more than 5 places, every request answered', async () => {
		const { itemId } = await openItem(5);
		// On PostgreSQL the requests are split over two pools, as two app instances would be.
		const second = database.url ? await openDatabase({ url: database.url, max: 20 }) : null;
		try {
			const results = await Promise.allSettled(
				Array.from({ length: 200 }, (_, i) => reg.registerParticipant(env(i % 2 && second ? second.db : database.db), person(itemId, `p${i}`)))
			);
			expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
			const s = await statuses(itemId);
			expect(s.held + s.confirmed).toBe(5);
			expect(s.waitlisted).toBe(195);
			expect(s.rows).toHaveLength(200);
			// Confirming everyone never pushes past capacity either.
			await Promise.all(s.rows.map(async (r) => reg.confirmRegistration(env(), await tokenFromMail(r.email))));
			const after = await statuses(itemId);
			expect(after.confirmed).toBe(5);
			expect(after.waitlisted).toBe(195);
		} finally {
			await second?.close();
		}
	});
});

describe('data protection', () => {
	it('a deletion request cancels, frees the place for the waiting list and removes the person', async () => {
		const { itemId } = await openItem(1);
		const a = await reg.registerParticipant(env(), person(itemId, 'del-a'));
		await reg.confirmRegistration(env(), await tokenFromMail(a.registration.email));
		const b = await reg.registerParticipant(env(), person(itemId, 'del-b'));
		await reg.confirmRegistration(env(), await tokenFromMail(b.registration.email));
		await reg.deleteParticipantData(env(), a.registration.email);
		const rows = (await statuses(itemId)).rows;
		const gone = rows.find((r) => r.id === a.registration.id)!;
		expect(gone.status).toBe('cancelled');
		expect(gone.name).toBe('');
		expect(gone.email).not.toContain('del-a');
		expect(rows.find((r) => r.id === b.registration.id)!.status).toBe('confirmed');
		const left = await database.db.select().from(mailOutbox).where(eq(mailOutbox.to, a.registration.email));
		expect(left).toEqual([]);
	});
});

describe('added by the team', () => {
	it('gets a place without double opt-in while one is free, else the waiting list', async () => {
		const { itemId } = await openItem(1);
		const a = await reg.addRegistrationByStaff(env(), actor, person(itemId, 'paper-a'));
		expect(a.registration.status).toBe('confirmed');
		const b = await reg.addRegistrationByStaff(env(), actor, person(itemId, 'paper-b'));
		expect(b.registration.status).toBe('waitlisted');
		// The waiting person moves up when the place frees (their email counts as confirmed).
		await reg.cancelRegistration(env(), a.registration.id, actor);
		expect((await statuses(itemId)).rows.find((r) => r.id === b.registration.id)!.status).toBe('confirmed');
	});
});

/** Every confirmation token mailed to an address, oldest first. */
async function tokensFromMails(email: string): Promise<string[]> {
	const mails = await database.db.select().from(mailOutbox).where(and(eq(mailOutbox.to, email.toLowerCase()), eq(mailOutbox.template, 'confirm')));
	return mails.sort((a, b) => a.id - b.id).map((m) => m.text.match(/\/anmeldung\/bestaetigen\/([A-Za-z0-9_-]+)/)![1]);
}

const minutes = (n: number, from = NOW) => new Date(from.getTime() + n * 60_000);
/** The test item's session: 27 March 2027, 10:00 in Berlin (still winter time). */
const SESSION_START = new Date('2027-03-27T09:00:00Z');
const holdEnv = (now: Date, holdHours = 2): reg.Env => ({ ...env(database.db, now), holdHours });

describe('holds and limits (docs/locking.md)', () => {
	it('an unconfirmed registration holds its place briefly, and never past the start of the first session', async () => {
		const { itemId } = await openItem(3);
		const early = await reg.registerParticipant(holdEnv(NOW), person(itemId, 'hold-early'));
		expect(early.registration.confirmExpiresAt).toEqual(minutes(120));
		const late = await reg.registerParticipant(holdEnv(minutes(-60, SESSION_START)), person(itemId, 'hold-late'));
		expect(late.registration.confirmExpiresAt).toEqual(SESSION_START);
		// The link cannot be used once the session has begun, and the hold lapses then.
		const [token] = await tokensFromMails(late.registration.email);
		await expect(reg.confirmRegistration(holdEnv(SESSION_START), token)).rejects.toMatchObject({ code: 'confirm_invalid' });
		expect(await reg.expireUnconfirmed(holdEnv(SESSION_START))).toBeGreaterThanOrEqual(1);
		expect((await statuses(itemId)).rows.find((r) => r.id === late.registration.id)!.status).toBe('expired');
	});

	it('an item whose sessions have all started takes no registration, even posted directly', async () => {
		const { itemId } = await openItem(3);
		await expect(reg.registerParticipant(holdEnv(minutes(30, SESSION_START)), person(itemId, 'past'))).rejects.toMatchObject({ code: 'registration_closed' });
		const perSession = await openItem(3, { perSession: true });
		await expect(
			reg.registerParticipant(holdEnv(SESSION_START), person(perSession.itemId, 'past-s', { sessionId: perSession.sessionId }))
		).rejects.toMatchObject({ code: 'registration_closed' });
		expect((await statuses(itemId)).rows).toHaveLength(0);
	});

	it('registering again never extends the hold, keeps the first link working and re-sends at most once', async () => {
		const { itemId } = await openItem(3);
		const first = await reg.registerParticipant(holdEnv(NOW), person(itemId, 'again'));
		const email = first.registration.email;
		const again = await reg.registerParticipant(holdEnv(minutes(1)), person(itemId, 'again'));
		expect(again.duplicate).toBe(true);
		expect(await tokensFromMails(email)).toHaveLength(1);
		await reg.registerParticipant(holdEnv(minutes(10)), person(itemId, 'again'));
		await reg.registerParticipant(holdEnv(minutes(30)), person(itemId, 'again'));
		await reg.registerParticipant(holdEnv(minutes(60)), person(itemId, 'again'));
		const tokens = await tokensFromMails(email);
		expect(tokens).toHaveLength(2);
		const [row] = (await statuses(itemId)).rows;
		expect(row.confirmExpiresAt).toEqual(minutes(120));
		// The first mail's link still confirms.
		expect((await reg.confirmRegistration(holdEnv(minutes(90)), tokens[0])).status).toBe('confirmed');
		expect((await reg.confirmRegistration(holdEnv(minutes(91)), tokens[1])).status).toBe('confirmed');
	});

	it('the re-sent link works too, until the same deadline', async () => {
		const { itemId } = await openItem(3);
		await reg.registerParticipant(holdEnv(NOW), person(itemId, 'resent'));
		await reg.registerParticipant(holdEnv(minutes(6)), person(itemId, 'resent'));
		const [, second] = await tokensFromMails('personresent@example.org');
		await expect(reg.confirmRegistration(holdEnv(minutes(120)), second)).rejects.toMatchObject({ code: 'confirm_invalid' });
		expect((await reg.confirmRegistration(holdEnv(minutes(119)), second)).status).toBe('confirmed');
	});

	it('one client holds only a few places unconfirmed; confirming makes room again', async () => {
		expect([unconfirmedPerClient(1), unconfirmedPerClient(5), unconfirmedPerClient(10), unconfirmedPerClient(40), unconfirmedPerClient(null)]).toEqual([2, 2, 3, 5, 5]);
		const { itemId } = await openItem(5);
		const e = holdEnv(NOW);
		const a = await reg.registerParticipant(e, person(itemId, 'k-a'), { clientKey: 'k1' });
		await reg.registerParticipant(e, person(itemId, 'k-b'), { clientKey: 'k1' });
		await expect(reg.registerParticipant(e, person(itemId, 'k-c'), { clientKey: 'k1' })).rejects.toMatchObject({ code: 'too_many_unconfirmed' });
		await reg.registerParticipant(e, person(itemId, 'k-d'), { clientKey: 'k2' });
		await reg.confirmRegistration(e, (await tokensFromMails(a.registration.email))[0]);
		expect((await statuses(itemId)).rows.find((r) => r.id === a.registration.id)!.clientKey).toBeNull();
		await reg.registerParticipant(e, person(itemId, 'k-c'), { clientKey: 'k1' });
		expect((await statuses(itemId)).rows).toHaveLength(4);
	});

	it('the team sees a burst from one client and releases it in one audited action; the waiting list moves up', async () => {
		// Capacity 9: one client may hold 3 places unconfirmed.
		const { itemId } = await openItem(9);
		const e = holdEnv(NOW);
		const burst: Awaited<ReturnType<typeof reg.registerParticipant>>[] = [];
		for (const n of [1, 2, 3]) burst.push(await reg.registerParticipant(e, person(itemId, `burst-${n}`), { clientKey: 'bad' }));
		for (const n of [1, 2, 3, 4, 5, 6]) await reg.addRegistrationByStaff(e, actor, person(itemId, `paper-${n}`));
		const waiting = await reg.addRegistrationByStaff(e, actor, person(itemId, 'paper-7'));
		expect(waiting.registration.status).toBe('waitlisted');
		await reg.registerParticipant(e, person(itemId, 'single'), { clientKey: 'fine' });

		const bursts = await suspiciousBursts(database.db, itemId);
		expect(bursts).toHaveLength(1);
		expect(bursts[0]).toMatchObject({ clientKey: 'bad', count: 3, held: 3 });
		expect(bursts[0].registrations.map((r) => r.email)).toEqual(burst.map((b) => b.registration.email));

		expect(await reg.releaseBurst(holdEnv(minutes(5)), actor, itemId, 'bad')).toBe(3);
		const after = await statuses(itemId);
		for (const b of burst) expect(after.rows.find((r) => r.id === b.registration.id)!.status).toBe('cancelled');
		expect(after.rows.find((r) => r.id === waiting.registration.id)!.status).toBe('confirmed');
		expect(await suspiciousBursts(database.db, itemId)).toEqual([]);
		const audited = await database.db.select().from(auditEntry).where(eq(auditEntry.action, 'registration.released'));
		expect(audited.filter((a) => burst.some((b) => String(b.registration.id) === String(a.entityId)))).toHaveLength(3);
		// The never-confirmed addresses get no further mail.
		for (const b of burst) {
			const mails = await database.db.select().from(mailOutbox).where(eq(mailOutbox.registrationId, b.registration.id));
			expect(mails.map((m) => m.template)).toEqual(['confirm']);
		}
	});

	it('a client is an IPv4 address or an IPv6 /64, stored only as a keyed hash', () => {
		expect(clientNetwork('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
		expect(clientNetwork('2001:0db8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
		expect(clientNetwork('2001:db8::1')).toBe('2001:db8:0:0::/64');
		expect(clientNetwork('::ffff:192.0.2.7')).toBe('192.0.2.7');
		expect(clientNetwork('192.0.2.7')).toBe('192.0.2.7');
		expect(clientKey('2001:db8:1:2::5', 's')).toBe(clientKey('2001:db8:1:2:9::7', 's'));
		expect(clientKey('2001:db8:1:3::5', 's')).not.toBe(clientKey('2001:db8:1:2::5', 's'));
		expect(clientKey('192.0.2.7', 's')).not.toBe(clientKey('192.0.2.8', 's'));
		expect(clientKey('192.0.2.7', 's')).not.toBe(clientKey('192.0.2.7', 't'));
		expect(clientKey('192.0.2.7', 's')).not.toContain('192');
	});
});

describe('cancelling by the participant', () => {
	it('works while a session is ahead, is refused once all have started, and frees nothing into the past', async () => {
		const { itemId } = await openItem(1);
		const a = await reg.registerParticipant(env(), person(itemId, 'own-a'));
		await reg.confirmRegistration(env(), await tokenFromMail(a.registration.email));
		const b = await reg.registerParticipant(env(), person(itemId, 'own-b'));
		await reg.confirmRegistration(env(), await tokenFromMail(b.registration.email));
		const started = holdEnv(minutes(30, SESSION_START));
		expect((await participantView(database.db, a.registration.email, NOW))[0].cancellable).toBe(true);
		expect((await participantView(database.db, a.registration.email, started.now))[0].cancellable).toBe(false);
		await expect(reg.cancelOwnRegistration(started, a.registration.id, a.registration.email)).rejects.toMatchObject({ code: 'cancel_too_late' });
		await expect(reg.cancelOwnRegistration(env(), a.registration.id, 'someone@example.org')).rejects.toMatchObject({ code: 'not_found' });
		// The team may still correct the list afterwards, but nobody moves up into a past event.
		await reg.cancelRegistration(started, a.registration.id, actor);
		expect((await statuses(itemId)).rows.find((r) => r.id === b.registration.id)!.status).toBe('waitlisted');
	});

	it('a waiting-list registration is cancelled before the date without touching anyone else', async () => {
		const { itemId } = await openItem(1);
		const a = await reg.registerParticipant(env(), person(itemId, 'wl-a'));
		await reg.confirmRegistration(env(), await tokenFromMail(a.registration.email));
		const b = await reg.registerParticipant(env(), person(itemId, 'wl-b'));
		expect((await reg.cancelOwnRegistration(env(), b.registration.id, b.registration.email)).status).toBe('cancelled');
		expect((await statuses(itemId)).rows.find((r) => r.id === a.registration.id)!.status).toBe('confirmed');
		// Cancelling twice changes nothing.
		expect((await reg.cancelOwnRegistration(env(), b.registration.id, b.registration.email)).status).toBe('cancelled');
	});
});
