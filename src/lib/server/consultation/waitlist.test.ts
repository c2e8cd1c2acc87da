import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { mailOutbox } from '../db/schema/registration.ts';
import { consultationWaitlist } from '../db/schema/consultation.ts';
import { bookSlot, cancelBooking } from './booking.ts';
import { acceptOffer, expireOffers, joinWaitlist, leaveWaitlist } from './waitlist.ts';
import { listOpenSlots } from './queries.ts';
import { envAt, intake, makeOffer, makeOrganisation, makeSlot, TEAM, errorCode } from './test-fixtures.ts';

const NOW = new Date('2027-03-01T08:00:00Z');
const HOUR = 3_600_000;
let database: Database;

beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.close());

const code = errorCode;

const join = (trackId: number, who: Parameters<typeof joinWaitlist>[1], n: string, language = 'de') =>
	joinWaitlist(envAt(database.db, NOW), who, { trackId, contactName: `Kontakt ${n}`, contactEmail: `wait${n}@example.org`, language });

const entry = async (id: number) => (await database.db.select().from(consultationWaitlist).where(eq(consultationWaitlist.id, id)))[0];

describe('waiting list', () => {
	it('a freed slot goes to the first association waiting, by mail in its language, kept for it until the offer runs out; it accepts and books', async () => {
		const db = database.db;
		const { itemId, track, consultant } = await makeOffer(db, NOW, { offerHours: 12, changeUntilHoursBefore: 24 });
		const slot = await makeSlot(db, NOW, track.id, consultant.id, 96);
		const [first, second, third] = [await makeOrganisation(db), await makeOrganisation(db), await makeOrganisation(db)];
		const booking = await bookSlot(envAt(db, NOW), first.who, { slotId: slot.id, intake: intake('w0') });
		// The second sees the slot taken and joins the waiting list; then the third.
		expect((await listOpenSlots(db, second.who, itemId, {}, NOW))[0].slots).toEqual([]);
		const e2 = await join(track.id, second.who, '2', 'tr');
		const e3 = await join(track.id, third.who, '3');
		expect(await code(join(track.id, second.who, '2b'))).toBe('already_waiting');
		await cancelBooking(envAt(db, new Date(NOW.getTime() + HOUR)), first.who, booking.id);
		expect(await entry(e2.id)).toMatchObject({ state: 'offered', offeredSlotId: slot.id, offerExpiresAt: new Date(NOW.getTime() + 13 * HOUR) });
		expect((await entry(e3.id)).state).toBe('waiting');
		const [mail] = await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'wait2@example.org'));
		expect(mail).toMatchObject({ template: 'consultation_offer', language: 'tr' });
		expect(mail.text).toContain(`/tr/verein/beratung/warteliste/${e2.id}`);
		// Kept for the second: nobody else sees or books it meanwhile.
		const later = envAt(db, new Date(NOW.getTime() + 2 * HOUR));
		expect((await listOpenSlots(db, third.who, itemId, {}, later.now))[0].slots).toEqual([]);
		expect(await code(bookSlot(later, third.who, { slotId: slot.id, intake: intake('w3') }))).toBe('slot_taken');
		expect(await code(acceptOffer(later, third.who, e2.id, intake('w3')))).toBe('not_found');
		const accepted = await acceptOffer(later, second.who, e2.id, intake('w2'));
		expect(accepted).toMatchObject({ slotId: slot.id, organisationId: second.id, state: 'booked' });
		expect((await entry(e2.id)).state).toBe('accepted');
	});

	it('an offer not accepted in time expires (the maintenance job) and goes to the next one waiting; a late accept is refused', async () => {
		const db = database.db;
		const { track, consultant } = await makeOffer(db, NOW, { offerHours: 6 });
		const slot = await makeSlot(db, NOW, track.id, consultant.id, 96);
		const [first, second, third] = [await makeOrganisation(db), await makeOrganisation(db), await makeOrganisation(db)];
		const booking = await bookSlot(envAt(db, NOW), first.who, { slotId: slot.id, intake: intake('x0') });
		const e2 = await join(track.id, second.who, 'x2');
		const e3 = await join(track.id, third.who, 'x3', 'ar');
		await cancelBooking(envAt(db, NOW), TEAM, booking.id);
		expect(await expireOffers(envAt(db, new Date(NOW.getTime() + 5 * HOUR)))).toBe(0);
		const after = envAt(db, new Date(NOW.getTime() + 6 * HOUR));
		expect(await expireOffers(after)).toBe(1);
		expect(await expireOffers(after)).toBe(0);
		expect((await entry(e2.id)).state).toBe('expired');
		expect(await entry(e3.id)).toMatchObject({ state: 'offered', offeredSlotId: slot.id });
		expect(await code(acceptOffer(after, second.who, e2.id, intake('x2')))).toBe('offer_expired');
		const [mail] = await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'waitx3@example.org'));
		expect(mail.language).toBe('ar');
		// The third declines: the slot is simply free again (nobody else waits).
		await leaveWaitlist(after, third.who, e3.id);
		expect((await entry(e3.id)).state).toBe('withdrawn');
		const fourth = await makeOrganisation(db);
		expect(await code(bookSlot(after, fourth.who, { slotId: slot.id, intake: intake('x4') }))).toBe('ok');
	});

	it('never offers past the booking deadline, and two slots freed at once go to two different associations', async () => {
		const db = database.db;
		const { track, consultant } = await makeOffer(db, NOW, { closesHoursBefore: 24, offerHours: 48 });
		// s1's booking closes 36 hours from now, before the 48 hours an offer runs; s2's after them.
		const [s1, s2] = [await makeSlot(db, NOW, track.id, consultant.id, 60), await makeSlot(db, NOW, track.id, consultant.id, 80)];
		const [a, b, w1, w2] = [await makeOrganisation(db), await makeOrganisation(db), await makeOrganisation(db), await makeOrganisation(db)];
		const ba = await bookSlot(envAt(db, NOW), a.who, { slotId: s1.id, intake: intake('y1') });
		const bb = await bookSlot(envAt(db, NOW), b.who, { slotId: s2.id, intake: intake('y2') });
		const e1 = await join(track.id, w1.who, 'y3');
		const e2 = await join(track.id, w2.who, 'y4');
		await Promise.all([cancelBooking(envAt(db, NOW), TEAM, ba.id), cancelBooking(envAt(db, NOW), TEAM, bb.id)]);
		const [o1, o2] = [await entry(e1.id), await entry(e2.id)];
		expect(new Set([o1.offeredSlotId, o2.offeredSlotId])).toEqual(new Set([s1.id, s2.id]));
		// Each offer runs 48 hours, capped at its slot's booking deadline. (Which waiting association gets
		// which slot depends on which cancellation commits first: on PostgreSQL they truly run at once.)
		const expiry = (slotId: number) => Math.min(NOW.getTime() + 48 * HOUR, (slotId === s1.id ? s1 : s2).startsAt.getTime() - 24 * HOUR);
		for (const o of [o1, o2]) expect(o.offerExpiresAt!.getTime()).toBe(expiry(o.offeredSlotId!));
		const onS1 = [o1, o2].find((o) => o.offeredSlotId === s1.id)!;
		expect(onS1.offerExpiresAt!.getTime()).toBe(s1.startsAt.getTime() - 24 * HOUR);
		// Within a day of the start nothing is offered any more.
		const late = await makeSlot(db, NOW, track.id, consultant.id, 20);
		const c = await makeOrganisation(db);
		const bc = await bookSlot(envAt(db, NOW), TEAM, { slotId: late.id, organisationId: c.id, intake: intake('y5') });
		const w3 = await makeOrganisation(db);
		const e3 = await join(track.id, w3.who, 'y6');
		await cancelBooking(envAt(db, NOW), TEAM, bc.id);
		expect((await entry(e3.id)).state).toBe('waiting');
	});

	it('passes over an association already at its limit of open bookings (it keeps its place in line) and offers to the next', async () => {
		const db = database.db;
		const { track, consultant } = await makeOffer(db, NOW, { maxOpenBookings: 1 });
		const [s1, s2] = [await makeSlot(db, NOW, track.id, consultant.id, 72), await makeSlot(db, NOW, track.id, consultant.id, 96)];
		const [busy, holder, next] = [await makeOrganisation(db), await makeOrganisation(db), await makeOrganisation(db)];
		await bookSlot(envAt(db, NOW), busy.who, { slotId: s1.id, intake: intake('z1') });
		const held = await bookSlot(envAt(db, NOW), holder.who, { slotId: s2.id, intake: intake('z2') });
		const eBusy = await join(track.id, busy.who, 'z3');
		const eNext = await join(track.id, next.who, 'z4');
		await cancelBooking(envAt(db, NOW), TEAM, held.id);
		expect((await entry(eBusy.id)).state).toBe('waiting');
		expect(await entry(eNext.id)).toMatchObject({ state: 'offered', offeredSlotId: s2.id });
	});
});
