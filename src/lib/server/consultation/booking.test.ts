import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import { openDatabase, type Database } from '../db/client.ts';
import { mailOutbox } from '../db/schema/registration.ts';
import { auditEntry } from '../db/schema/audit.ts';
import { teamInvitation } from '../db/schema/team.ts';
import { parseIntakeForm } from '../../consultation/rules.ts';
import { consultationBooking } from '../db/schema/consultation.ts';
import { DomainError } from '../errors.ts';
import { bookSlot, cancelBooking, moveBooking, swapConsultant } from './booking.ts';
import { listOpenSlots, joinRoom, publicOfferSummary } from './queries.ts';
import { sendConsultationReminders, bookingUid } from './mails.ts';
import { setTrackConsultants } from './setup.ts';
import { envAt, intake, makeOffer, makeOrganisation, makeSlot, makeUser, TEAM, errorCode } from './test-fixtures.ts';

const NOW = new Date('2027-03-01T08:00:00Z');
const HOUR = 3_600_000;
let database: Database;

beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.close());

const code = (p: Promise<unknown> | (() => unknown)) => errorCode(p, true);

async function mailsTo(email: string) {
	return database.db.select().from(mailOutbox).where(eq(mailOutbox.to, email)).orderBy(mailOutbox.id);
}

describe('booking a slot', () => {
	it('books for the association, mails every attendee in the booking language with a calendar file, and audits', async () => {
		const db = database.db;
		const { track, consultant } = await makeOffer(db, NOW);
		const slot = await makeSlot(db, NOW, track.id, consultant.id, 72);
		const org = await makeOrganisation(db);
		const booking = await bookSlot(envAt(db, NOW), org.who, {
			slotId: slot.id,
			intake: intake('a1', { language: 'ar', attendees: [{ name: 'Amira', email: 'Amira@Example.org' }, { name: 'Karim', email: 'karim@example.org' }] })
		});
		expect(booking).toMatchObject({ organisationId: org.id, state: 'booked', seat: 1, language: 'ar', byTeam: false });
		expect(booking.attendees.map((a) => a.email)).toEqual(['amira@example.org', 'karim@example.org']);
		const [mail] = await mailsTo('amira@example.org');
		expect(mail.language).toBe('ar');
		expect(mail.subject).toContain('تم حجز الاستشارة');
		expect(mail.text).toContain('/ar/verein/beratung/');
		expect(mail.ics).toContain(`UID:${bookingUid(booking.id)}`);
		expect(mail.ics).toContain('SEQUENCE:0');
		expect(await mailsTo('karim@example.org')).toHaveLength(1);
		const audit = await db.select().from(auditEntry).where(and(eq(auditEntry.action, 'consultation.booked'), eq(auditEntry.entityId, String(booking.id))));
		expect(audit).toHaveLength(1);
	});

	it('mails each attendee in their own language (else the booking’s) and the consultant in the language of their team invitation', async () => {
		const db = database.db;
		const { track, consultant } = await makeOffer(db, NOW);
		await db.insert(teamInvitation).values({ userId: consultant.id, email: `${consultant.id}@example.org`, role: 'consultant', language: 'tr', status: 'accepted', createdAt: NOW, expiresAt: NOW });
		const slot = await makeSlot(db, NOW, track.id, consultant.id, 72);
		const org = await makeOrganisation(db);
		const form = new FormData();
		for (const [k, v] of Object.entries({ topic: 'Datenschutz', language: 'de', 'attendees.0.name': 'Olena', 'attendees.0.email': 'olena@example.org', 'attendees.0.language': 'uk', 'attendees.1.name': 'Jonas', 'attendees.1.email': 'jonas@example.org', 'attendees.1.language': '' })) form.set(k, v);
		const parsed = parseIntakeForm(form);
		if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
		const booking = await bookSlot(envAt(db, NOW), org.who, { slotId: slot.id, intake: parsed.data });
		expect(booking.attendees.map((a) => a.language)).toEqual(['uk', 'de']);
		const [olena] = await mailsTo('olena@example.org');
		expect(olena.language).toBe('uk');
		expect(olena.text).toContain('/uk/verein/beratung/');
		expect(olena.ics).toContain(`UID:${bookingUid(booking.id)}`);
		const [jonas] = await mailsTo('jonas@example.org');
		expect(jonas.language).toBe('de');
		expect(jonas.text).toContain('/verein/beratung/');
		expect(jonas.text).not.toContain('/uk/');
		const [advisor] = await mailsTo(`${consultant.id}@example.org`.toLowerCase());
		expect(advisor.language).toBe('tr');
		expect(advisor.text).toContain('/tr/beratung/buchung/');
		// A language that is not one of ours is refused next to its field, not mailed in German.
		form.set('attendees.1.language', 'xx');
		const refused = parseIntakeForm(form);
		expect(refused.ok).toBe(false);
		if (!refused.ok) expect(refused.errors['attendees.1.language']?.key).toBe('err_choice');
	});

	it('applies the track rules: closes N hours before, at most N days ahead, at most N open bookings; the team books on behalf past them', async () => {
		const db = database.db;
		const { track, consultant } = await makeOffer(db, NOW, { closesHoursBefore: 24, bookableDaysAhead: 14, maxOpenBookings: 1 });
		const soon = await makeSlot(db, NOW, track.id, consultant.id, 20);
		const far = await makeSlot(db, NOW, track.id, consultant.id, 15 * 24 + 1);
		const a = await makeSlot(db, NOW, track.id, consultant.id, 48);
		const b = await makeSlot(db, NOW, track.id, consultant.id, 96);
		const org = await makeOrganisation(db);
		const env = envAt(db, NOW);
		expect(await code(bookSlot(env, org.who, { slotId: soon.id, intake: intake() }))).toBe('slot_not_bookable');
		expect(await code(bookSlot(env, org.who, { slotId: far.id, intake: intake() }))).toBe('slot_not_bookable');
		expect(await code(bookSlot(env, org.who, { slotId: a.id, intake: intake() }))).toBe('ok');
		expect(await code(bookSlot(env, org.who, { slotId: a.id, intake: intake() }))).toBe('already_booked');
		expect(await code(bookSlot(env, org.who, { slotId: b.id, intake: intake() }))).toBe('booking_limit');
		// After the first slot is past, the limit counts only what is still ahead.
		expect(await code(bookSlot(envAt(db, new Date(NOW.getTime() + 51 * HOUR)), org.who, { slotId: b.id, intake: intake() }))).toBe('ok');
		// The team on the phone: inside the closing time, on the association's behalf.
		const other = await makeOrganisation(db);
		const byTeam = await bookSlot(env, TEAM, { slotId: soon.id, organisationId: other.id, intake: intake('t') });
		expect(byTeam).toMatchObject({ organisationId: other.id, byTeam: true });
		// A consultant cannot book.
		const c = await makeUser(db);
		expect(await code(bookSlot(env, c.who, { slotId: far.id, intake: intake() }))).toBe('not_found');
	});

	it('refuses a bad intake with the field: no one or more than four people, a person twice, an unknown area, no topic', async () => {
		const db = database.db;
		const { track, consultant } = await makeOffer(db, NOW);
		const slot = await makeSlot(db, NOW, track.id, consultant.id, 72);
		const org = await makeOrganisation(db);
		const env = envAt(db, NOW);
		const five = [1, 2, 3, 4, 5].map((n) => ({ name: `P${n}`, email: `p${n}@example.org` }));
		expect(await code(bookSlot(env, org.who, { slotId: slot.id, intake: intake(1, { attendees: [] }) }))).toBe('choice:attendees');
		expect(await code(bookSlot(env, org.who, { slotId: slot.id, intake: intake(1, { attendees: five }) }))).toBe('choice:attendees');
		expect(await code(bookSlot(env, org.who, { slotId: slot.id, intake: intake(1, { attendees: [five[0], { name: 'X', email: 'P1@example.org' }] }) }))).toBe('choice:attendees');
		expect(await code(bookSlot(env, org.who, { slotId: slot.id, intake: intake(1, { dimensionKey: 'nonsense' }) }))).toBe('choice:dimensionKey');
		expect(await code(bookSlot(env, org.who, { slotId: slot.id, intake: intake(1, { topic: '  ' }) }))).toBe('choice:topic');
		expect(await code(bookSlot(env, org.who, { slotId: slot.id, intake: intake(1, { attendees: five.slice(0, 4) }) }))).toBe('ok');
	});
});

describe('one association per slot, never two', () => {
	it('200 truly parallel bookings of one slot by 200 associations: exactly one booking, 199 told the slot is taken', async () => {
		const db = database.db;
		const { track, consultant } = await makeOffer(db, NOW, { maxOpenBookings: 5 });
		const slot = await makeSlot(db, NOW, track.id, consultant.id, 72);
		const orgs = [];
		for (let i = 0; i < 200; i++) orgs.push(await makeOrganisation(db));
		// On PostgreSQL half the attempts come through a second pool, as from a second app instance.
		const second = database.url ? await openDatabase({ url: database.url, max: 20 }) : null;
		try {
			const results = await Promise.allSettled(orgs.map((o, i) => bookSlot(envAt(i % 2 && second ? second.db : db, NOW), o.who, { slotId: slot.id, intake: intake(`par${i}`) })));
			const ok = results.filter((r) => r.status === 'fulfilled');
			const refused = results.filter((r) => r.status === 'rejected').map((r) => ((r as PromiseRejectedResult).reason as DomainError).code);
			expect(ok).toHaveLength(1);
			expect(refused).toEqual(Array(199).fill('slot_taken'));
		} finally {
			await second?.close();
		}
		const rows = await db.select().from(consultationBooking).where(eq(consultationBooking.slotId, slot.id));
		expect(rows).toHaveLength(1);
		const mails = await db.select().from(mailOutbox).where(like(mailOutbox.to, 'personpar%'));
		expect(mails).toHaveLength(1);
	});

	it('a group clinic of three places: 30 parallel attempts give exactly three bookings on seats 1–3', async () => {
		const db = database.db;
		const { track, consultant } = await makeOffer(db, NOW);
		const slot = await makeSlot(db, NOW, track.id, consultant.id, 72, 3);
		const orgs = [];
		for (let i = 0; i < 30; i++) orgs.push(await makeOrganisation(db));
		const results = await Promise.allSettled(orgs.map((o, i) => bookSlot(envAt(db, NOW), o.who, { slotId: slot.id, intake: intake(`grp${i}`) })));
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
		const rows = await db.select().from(consultationBooking).where(eq(consultationBooking.slotId, slot.id));
		expect(rows.map((r) => r.seat).sort()).toEqual([1, 2, 3]);
	});

	it('the unique partial index refuses a second active booking of a seat even past the application', async () => {
		const db = database.db;
		const { track, consultant } = await makeOffer(db, NOW);
		const slot = await makeSlot(db, NOW, track.id, consultant.id, 72);
		const [a, b] = [await makeOrganisation(db), await makeOrganisation(db)];
		await bookSlot(envAt(db, NOW), a.who, { slotId: slot.id, intake: intake() });
		const row = { slotId: slot.id, organisationId: b.id, seat: 1, topic: 'x', attendees: [], createdAt: NOW, updatedAt: NOW };
		await expect(db.insert(consultationBooking).values(row)).rejects.toThrow();
		// A cancelled booking no longer holds the seat.
		await db.insert(consultationBooking).values({ ...row, state: 'cancelled' });
	});
});

describe('cancelling and moving', () => {
	it('the association cancels until the deadline, the team always; the freed slot is open again; the mail cancels the same UID', async () => {
		const db = database.db;
		const { itemId, track, consultant } = await makeOffer(db, NOW, { changeUntilHoursBefore: 48, closesHoursBefore: 2 });
		const slot = await makeSlot(db, NOW, track.id, consultant.id, 72);
		const [org, other] = [await makeOrganisation(db), await makeOrganisation(db)];
		const booking = await bookSlot(envAt(db, NOW), org.who, { slotId: slot.id, intake: intake('c1') });
		expect(await code(cancelBooking(envAt(db, NOW), other.who, booking.id))).toBe('not_found');
		const late = envAt(db, new Date(NOW.getTime() + 25 * HOUR));
		expect(await code(cancelBooking(late, org.who, booking.id))).toBe('change_too_late');
		expect((await listOpenSlots(db, other.who, itemId, {}, late.now))[0].slots).toEqual([]);
		await cancelBooking(late, TEAM, booking.id);
		const [open] = await listOpenSlots(db, other.who, itemId, {}, late.now);
		expect(open.slots.map((s) => s.id)).toEqual([slot.id]);
		const mails = await mailsTo('personc1@example.org');
		expect(mails.map((m) => m.template)).toEqual(['consultation_confirmed', 'consultation_cancelled']);
		expect(mails[1].ics).toContain(`UID:${bookingUid(booking.id)}`);
		expect(mails[1].ics).toContain('SEQUENCE:1');
		expect(mails[1].ics).toContain('METHOD:CANCEL');
		// Before the deadline the association may cancel itself.
		const again = await bookSlot(late, other.who, { slotId: slot.id, intake: intake('c2') });
		const slot2 = await makeSlot(db, NOW, track.id, consultant.id, 120);
		const mine = await bookSlot(envAt(db, NOW), org.who, { slotId: slot2.id, intake: intake('c3') });
		expect(await code(cancelBooking(envAt(db, NOW), org.who, mine.id))).toBe('ok');
		expect(again.state).toBe('booked');
	});

	it('moves a booking: the same booking and calendar UID with a higher SEQUENCE; never into a taken slot; the old slot frees', async () => {
		const db = database.db;
		const { itemId, track, consultant } = await makeOffer(db, NOW, { changeUntilHoursBefore: 24, maxOpenBookings: 1 });
		const [s1, s2, s3] = [await makeSlot(db, NOW, track.id, consultant.id, 72), await makeSlot(db, NOW, track.id, consultant.id, 96), await makeSlot(db, NOW, track.id, consultant.id, 120)];
		const [org, other] = [await makeOrganisation(db), await makeOrganisation(db)];
		const env = envAt(db, NOW);
		const booking = await bookSlot(env, org.who, { slotId: s1.id, intake: intake('m1') });
		await bookSlot(env, other.who, { slotId: s3.id, intake: intake('m2') });
		expect(await code(moveBooking(env, org.who, booking.id, s3.id))).toBe('slot_taken');
		// Moving is not booking a second slot: the limit of one open booking does not stand in the way.
		await moveBooking(env, org.who, booking.id, s2.id);
		const [moved] = await db.select().from(consultationBooking).where(eq(consultationBooking.id, booking.id));
		expect(moved).toMatchObject({ slotId: s2.id, sequence: 1, state: 'booked' });
		const mails = await mailsTo('personm1@example.org');
		expect(mails.at(-1)!.template).toBe('consultation_changed');
		expect(mails.at(-1)!.ics).toContain(`UID:${bookingUid(booking.id)}`);
		expect(mails.at(-1)!.ics).toContain('SEQUENCE:1');
		const [open] = await listOpenSlots(db, (await makeOrganisation(db)).who, itemId, {}, NOW);
		expect(open.slots.map((s) => s.id)).toEqual([s1.id]);
		const late = envAt(db, new Date(NOW.getTime() + 80 * HOUR));
		expect(await code(moveBooking(late, org.who, booking.id, s3.id))).toBe('change_too_late');
		expect(await code(moveBooking(late, TEAM, booking.id, s1.id))).toBe('slot_not_bookable');
	});

	it('the team swaps a slot consultant for another of the track only, and the booked people hear of it', async () => {
		const db = database.db;
		const { track, consultant } = await makeOffer(db, NOW);
		const [second, outsider] = [await makeUser(db), await makeUser(db)];
		await setTrackConsultants(db, TEAM, track.id, [consultant.id, second.id], NOW);
		const slot = await makeSlot(db, NOW, track.id, consultant.id, 72);
		const org = await makeOrganisation(db);
		const booking = await bookSlot(envAt(db, NOW), org.who, { slotId: slot.id, intake: intake('sw') });
		expect(await code(swapConsultant(envAt(db, NOW), TEAM, slot.id, outsider.id))).toBe('not_consultant:consultantId');
		expect(await code(swapConsultant(envAt(db, NOW), consultant.who, slot.id, second.id))).toBe('not_found');
		await swapConsultant(envAt(db, NOW), TEAM, slot.id, second.id);
		const mails = await mailsTo('personsw@example.org');
		expect(mails.at(-1)!.template).toBe('consultation_changed');
		expect(mails.at(-1)!.text).toContain(second.name);
		const [row] = await db.select().from(consultationBooking).where(eq(consultationBooking.id, booking.id));
		expect(row.sequence).toBe(1);
		// The consultants concerned hear of it too: the first of the booking and of losing it, the second of gaining it.
		expect((await mailsTo(`${consultant.id}@example.org`)).map((m) => m.template)).toEqual(['consultation_consultant_confirmed', 'consultation_consultant_released']);
		const gained = await mailsTo(`${second.id}@example.org`);
		expect(gained.map((m) => m.template)).toEqual(['consultation_consultant_changed']);
		expect(gained[0].text).toContain(`/beratung/buchung/${booking.id}`);
		expect(gained[0].ics).toContain(`UID:${bookingUid(booking.id)}`);
	});
});

describe('reading slots', () => {
	it('lists per track only what the association can book now, filtered by consultant and date; the public summary names nobody', async () => {
		const db = database.db;
		const { itemId, track, consultant } = await makeOffer(db, NOW, { closesHoursBefore: 24, bookableDaysAhead: 30 });
		const second = await makeUser(db);
		await setTrackConsultants(db, TEAM, track.id, [consultant.id, second.id], NOW);
		const early = await makeSlot(db, NOW, track.id, consultant.id, 12);
		const a = await makeSlot(db, NOW, track.id, consultant.id, 48);
		const b = await makeSlot(db, NOW, track.id, second.id, 96);
		await makeSlot(db, NOW, track.id, second.id, 40 * 24);
		const taken = await makeSlot(db, NOW, track.id, second.id, 72);
		const [org, other] = [await makeOrganisation(db), await makeOrganisation(db)];
		await bookSlot(envAt(db, NOW), other.who, { slotId: taken.id, intake: intake() });
		const [all] = await listOpenSlots(db, org.who, itemId, {}, NOW);
		expect(all.slots.map((s) => s.id)).toEqual([a.id, b.id]);
		expect(all.consultants.map((c) => c.id).sort()).toEqual([consultant.id, second.id].sort());
		expect((await listOpenSlots(db, org.who, itemId, { consultantId: second.id }, NOW))[0].slots.map((s) => s.id)).toEqual([b.id]);
		expect((await listOpenSlots(db, org.who, itemId, { from: new Date(NOW.getTime() + 60 * HOUR) }, NOW))[0].slots.map((s) => s.id)).toEqual([b.id]);
		expect((await listOpenSlots(db, org.who, itemId, { trackId: track.id + 999 }, NOW))).toEqual([]);
		expect(await code(listOpenSlots(db, TEAM, itemId, {}, NOW))).toBe('not_found');
		expect(early.id).toBeGreaterThan(0);
		const summary = (await publicOfferSummary(db, itemId, NOW))!;
		expect(summary[0].freeSlots).toBe(2);
		const json = JSON.stringify(summary);
		expect(json).not.toContain(consultant.name);
		expect(json).not.toContain('Verein');
		expect(json).not.toContain('beratung-');
	});

	it('hands out the room only to the booked association and the slot consultant, only from 30 minutes before until the end', async () => {
		const db = database.db;
		const { track, consultant } = await makeOffer(db, NOW);
		const slot = await makeSlot(db, NOW, track.id, consultant.id, 72);
		const [org, other] = [await makeOrganisation(db), await makeOrganisation(db)];
		const booking = await bookSlot(envAt(db, NOW), org.who, { slotId: slot.id, intake: intake() });
		const at = (minutesBeforeStart: number) => new Date(slot.startsAt.getTime() - minutesBeforeStart * 60_000);
		expect(await code(joinRoom(db, org.who, booking.id, at(31)))).toBe('not_found');
		expect(await joinRoom(db, org.who, booking.id, at(30))).toMatchObject({ provider: 'jitsi', moderator: false });
		expect(await joinRoom(db, consultant.who, booking.id, at(10))).toMatchObject({ moderator: true });
		expect(await code(joinRoom(db, other.who, booking.id, at(10)))).toBe('not_found');
		expect(await code(joinRoom(db, (await makeUser(db)).who, booking.id, at(10)))).toBe('not_found');
		expect(await code(joinRoom(db, TEAM, booking.id, at(10)))).toBe('not_found');
		expect(await code(joinRoom(db, org.who, booking.id, new Date(slot.endsAt.getTime() + 1)))).toBe('not_found');
	});
});

describe('reminders', () => {
	it('a day and an hour before, once each, to every attendee, carrying the link to the room page', async () => {
		const db = database.db;
		const { track, consultant } = await makeOffer(db, NOW, { closesHoursBefore: 1 });
		const slot = await makeSlot(db, NOW, track.id, consultant.id, 30);
		const org = await makeOrganisation(db);
		const booking = await bookSlot(envAt(db, NOW), org.who, { slotId: slot.id, intake: intake('r1', { language: 'uk' }) });
		const before = (h: number) => envAt(db, new Date(slot.startsAt.getTime() - h * HOUR));
		await sendConsultationReminders(before(25));
		expect((await mailsTo('personr1@example.org')).filter((m) => m.template === 'consultation_reminder')).toHaveLength(0);
		await sendConsultationReminders(before(23));
		await sendConsultationReminders(before(22));
		await sendConsultationReminders(before(0.5));
		await sendConsultationReminders(before(0.4));
		const reminders = (await mailsTo('personr1@example.org')).filter((m) => m.template === 'consultation_reminder');
		expect(reminders).toHaveLength(2);
		expect(reminders[1].language).toBe('uk');
		expect(reminders[1].text).toContain(`/uk/verein/beratung/${booking.id}`);
	});
});
