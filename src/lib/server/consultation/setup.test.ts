import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { programmeItem, project } from '../db/schema/programme.ts';
import { mailOutbox } from '../db/schema/registration.ts';
import { consultationBooking, consultationTrack, consultationWaitlist } from '../db/schema/consultation.ts';
import { ZONE } from '../../programme/time.ts';
import { addTrack, createOffer, generateSlots, offerOfItem, previewSlots, updateTrackRules } from './setup.ts';
import { bookSlot, cancelBooking, cancelSlot } from './booking.ts';
import { joinWaitlist } from './waitlist.ts';
import { offerOverview } from './overview.ts';
import { envAt, intake, makeOffer, makeOrganisation, makeSlot, makeUser, TEAM, errorCode } from './test-fixtures.ts';
import { SEED_CONSULTATION_SLOTS } from './demo.ts';
import { DEFAULT_RULES } from '../../consultation/rules.ts';

const NOW = new Date('2027-03-01T08:00:00Z');
let database: Database;

beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.close());

const code = (p: Promise<unknown> | (() => unknown)) => errorCode(p, true);

describe('setting up consultations', () => {
	it('an offer only on a consultation series, once per item, by the team only', async () => {
		const db = database.db;
		const [p] = await db.insert(project).values({ slug: 'setup-1', title: { de: 'P' } }).returning();
		const [workshop] = await db.insert(programmeItem).values({ projectId: p.id, kind: 'workshop', title: { de: 'W' } }).returning();
		const [series] = await db.insert(programmeItem).values({ projectId: p.id, kind: 'consultation_series', title: { de: 'B' } }).returning();
		await makeOffer(db, NOW); // makes the team's user row
		expect(await code(createOffer(db, TEAM, { itemId: workshop.id }, NOW))).toBe('not_consultation_series:itemId');
		const org = await makeOrganisation(db);
		expect(await code(createOffer(db, org.who, { itemId: series.id }, NOW))).toBe('not_found');
		const first = await createOffer(db, TEAM, { itemId: series.id }, NOW);
		expect((await createOffer(db, TEAM, { itemId: series.id }, NOW)).id).toBe(first.id);
		expect(await code(addTrack(db, TEAM, { offerId: first.id, title: { en: 'Only English' } }, NOW))).toBe('choice:title.de');
		expect(await code(addTrack(db, TEAM, { offerId: first.id, title: { de: 'T' }, rules: { maxOpenBookings: 0 } }, NOW))).toBe('choice:maxOpenBookings');
		const t = await addTrack(db, TEAM, { offerId: first.id, title: { de: 'Beratung Digitale Infrastruktur', uk: 'Консультація' } }, NOW);
		expect(t).toMatchObject({ position: 1, ...DEFAULT_RULES });
		const view = (await offerOfItem(db, series.id))!;
		expect(view.tracks.map((x) => x.title)).toEqual([{ de: 'Beratung Digitale Infrastruktur', uk: 'Консультація' }]);
	});

	it('the team changes a track’s rules within their limits', async () => {
		const db = database.db;
		const { track } = await makeOffer(db, NOW);
		const rules = { closesHoursBefore: 2, bookableDaysAhead: 30, maxOpenBookings: 2, changeUntilHoursBefore: 12, offerHours: 6 };
		await updateTrackRules(db, TEAM, track.id, rules, NOW);
		const [row] = await db.select().from(consultationTrack).where(eq(consultationTrack.id, track.id));
		expect(row).toMatchObject(rules);
		expect(await code(updateTrackRules(db, TEAM, track.id, { ...rules, bookableDaysAhead: 0 }, NOW))).toBe('choice:bookableDaysAhead');
		expect(await code(updateTrackRules(db, TEAM, track.id, { ...rules, offerHours: 1.5 }, NOW))).toBe('choice:offerHours');
		expect(await code(updateTrackRules(db, TEAM, track.id + 999, rules, NOW))).toBe('not_found');
	});

	it('generates slots from the series generator (preview first), keeping Berlin wall-clock times across daylight saving; the seed series is 10 × 2', async () => {
		const db = database.db;
		const { track, consultant } = await makeOffer(db, NOW);
		const rule = { weekday: 3, from: '2027-03-17', to: '2027-04-07', slots: [{ start: '16:00', end: '18:00', track: '' }], excludedDates: ['2027-03-31'], announcedDates: null };
		const preview = previewSlots(rule);
		expect(preview.map((p) => p.date)).toEqual(['2027-03-17', '2027-03-24', '2027-04-07']);
		const slots = await generateSlots(db, TEAM, { trackId: track.id, rule, consultantId: consultant.id, room: { provider: 'jitsi' } }, NOW);
		expect(slots.map((s) => DateTime.fromJSDate(s.startsAt, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm'))).toEqual(['2027-03-17 16:00', '2027-03-24 16:00', '2027-04-07 16:00']);
		expect(new Set(slots.map((s) => s.roomName)).size).toBe(3);
		expect(slots.every((s) => s.capacity === 1 && s.consultantId === consultant.id)).toBe(true);
		expect(await code(() => previewSlots({ ...rule, to: '2027-03-01' }))).toBe('choice:range_reversed');
		const outsider = await makeUser(db);
		expect(await code(generateSlots(db, TEAM, { trackId: track.id, rule, consultantId: outsider.id, room: { provider: 'jitsi' } }, NOW))).toBe('not_consultant:consultantId');
		expect(await code(generateSlots(db, consultant.who, { trackId: track.id, rule, consultantId: null, room: { provider: 'jitsi' } }, NOW))).toBe('not_found');
		// The seed's series, as the demo holds it: 10 Wednesdays per track.
		const seed = previewSlots({ ...SEED_CONSULTATION_SLOTS, slots: [SEED_CONSULTATION_SLOTS.slots[0]] });
		expect(seed).toHaveLength(10);
	});

	it('the team cancels a whole slot: booked associations are cancelled and mailed, a running offer returns to the waiting list', async () => {
		const db = database.db;
		const { itemId, track, consultant } = await makeOffer(db, NOW);
		const [s1, s2] = [await makeSlot(db, NOW, track.id, consultant.id, 72), await makeSlot(db, NOW, track.id, consultant.id, 96)];
		const [a, b, w] = [await makeOrganisation(db), await makeOrganisation(db), await makeOrganisation(db)];
		const ba = await bookSlot(envAt(db, NOW), a.who, { slotId: s1.id, intake: intake('cs1') });
		const bb = await bookSlot(envAt(db, NOW), b.who, { slotId: s2.id, intake: intake('cs2') });
		const entry = await joinWaitlist(envAt(db, NOW), w.who, { trackId: track.id, contactName: 'W', contactEmail: 'w@example.org', language: 'de' });
		await cancelBooking(envAt(db, NOW), TEAM, bb.id);
		expect((await db.select().from(consultationWaitlist).where(eq(consultationWaitlist.id, entry.id)))[0].offeredSlotId).toBe(s2.id);
		// The team's overview: each slot with its bookings and the running offer, the line in order.
		const [view] = (await offerOverview(db, TEAM, itemId)).tracks;
		expect(view.slots.map((s) => [s.slot.id, s.bookings.map((b) => [b.organisationId, b.state, b.people]), s.offeredTo.length])).toEqual([
			[s1.id, [[a.id, 'booked', 1]], 0],
			[s2.id, [[b.id, 'cancelled', 1]], 1]
		]);
		expect(view.waitlist.map((w) => [w.position, w.state])).toEqual([[1, 'offered']]);
		expect(await code(offerOverview(db, a.who, itemId))).toBe('not_found');
		expect(await code(cancelSlot(envAt(db, NOW), a.who, s1.id))).toBe('not_found');
		expect(await cancelSlot(envAt(db, NOW), TEAM, s1.id)).toBe(1);
		await cancelSlot(envAt(db, NOW), TEAM, s2.id);
		expect((await db.select().from(consultationBooking).where(eq(consultationBooking.id, ba.id)))[0].state).toBe('cancelled');
		expect((await db.select().from(consultationWaitlist).where(eq(consultationWaitlist.id, entry.id)))[0]).toMatchObject({ state: 'waiting', offeredSlotId: null });
		const mails = await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'personcs1@example.org'));
		expect(mails.map((m) => m.template)).toEqual(['consultation_confirmed', 'consultation_cancelled']);
		expect(await code(bookSlot(envAt(db, NOW), w.who, { slotId: s1.id, intake: intake('cs3') }))).toBe('slot_not_bookable');
	});
});
