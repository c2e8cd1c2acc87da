import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { consultationBooking } from '../db/schema/consultation.ts';
import { getPlan, setMeasureStatus } from '../assessment/plan.ts';
import { bookSlot } from './booking.ts';
import { addNextSteps, consultationMeasureIds, notesOf, recordAttendance, saveNotes } from './followup.ts';
import { bookingForAdvisor, consultantSlots } from './queries.ts';
import { consultationFigures } from './figures.ts';
import { generateSlots, previewSlots } from './setup.ts';
import { envAt, intake, makeOffer, makeOrganisation, makeSlot, makeUser, TEAM, errorCode } from './test-fixtures.ts';

const NOW = new Date('2027-03-01T08:00:00Z');
const HOUR = 3_600_000;
let database: Database;

beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.close());

const code = errorCode;

async function heldBooking() {
	const db = database.db;
	const offer = await makeOffer(db, NOW);
	const slot = await makeSlot(db, NOW, offer.track.id, offer.consultant.id, 72);
	const org = await makeOrganisation(db);
	const booking = await bookSlot(envAt(db, NOW), org.who, {
		slotId: slot.id,
		intake: intake('f', { attendees: [{ name: 'Amira', email: 'amira@example.org' }, { name: 'Karim', email: 'karim@example.org' }] })
	});
	return { ...offer, slot, org, booking, after: new Date(slot.endsAt.getTime() + HOUR) };
}

describe('after the slot', () => {
	it('the consultant records who came (held), or nobody (no-show), not before the start; another consultant cannot', async () => {
		const db = database.db;
		const { booking, consultant, slot, after } = await heldBooking();
		expect(await code(recordAttendance(db, consultant.who, booking.id, ['amira@example.org'], new Date(slot.startsAt.getTime() - 1)))).toBe('attendance_too_early');
		expect(await code(recordAttendance(db, (await makeUser(db)).who, booking.id, [], after))).toBe('not_found');
		expect(await recordAttendance(db, consultant.who, booking.id, ['AMIRA@example.org'], after)).toBe('held');
		const [row] = await db.select().from(consultationBooking).where(eq(consultationBooking.id, booking.id));
		expect(row.attendees.map((a) => [a.name, a.present])).toEqual([['Amira', true], ['Karim', false]]);
		expect(await recordAttendance(db, TEAM, booking.id, [], after)).toBe('no_show');
	});

	it('notes are private: the slot consultant and the team read them; the association and other consultants get not_found; the plan never shows them', async () => {
		const db = database.db;
		const { booking, consultant, org, after } = await heldBooking();
		await saveNotes(db, consultant.who, booking.id, 'Vorstand uneinig über Cloud-Speicher; vertraulich.', after);
		expect((await notesOf(db, TEAM, booking.id))!.text).toContain('vertraulich');
		expect(await code(notesOf(db, org.who, booking.id))).toBe('not_found');
		expect(await code(saveNotes(db, org.who, booking.id, 'x', after))).toBe('not_found');
		expect(await code(notesOf(db, (await makeUser(db)).who, booking.id))).toBe('not_found');
		expect(await code(bookingForAdvisor(db, org.who, booking.id))).toBe('not_found');
		await addNextSteps(db, consultant.who, booking.id, [{ text: 'Cloud-Speicher auswählen', owner: 'Vorstand', dueDate: '2027-04-01' }], after);
		expect(JSON.stringify(await getPlan(db, org.id))).not.toContain('vertraulich');
	});

	it('next steps become measures of the association plan with owner and due date, which the association can mark done; the consultant sees them later', async () => {
		const db = database.db;
		const { booking, consultant, org, after } = await heldBooking();
		const steps = await addNextSteps(
			db,
			consultant.who,
			booking.id,
			[
				{ text: 'Mitgliederliste in eine gemeinsame Tabelle übertragen', owner: 'Amira', dueDate: '2027-04-15' },
				{ text: 'Videokonferenz-Regeln beschließen', owner: 'Vorstand', dueDate: null, dimensionKey: 'collaboration' }
			],
			after
		);
		expect(steps).toHaveLength(2);
		const plan = await getPlan(db, org.id);
		const structure = plan.goals.find((g) => g.dimensionKey === 'structure')!;
		expect(structure.text).toBe('Mitgliederverwaltung digital');
		expect(structure.measures.map((m) => [m.text, m.owner, m.dueDate, m.status])).toEqual([['Mitgliederliste in eine gemeinsame Tabelle übertragen', 'Amira', '2027-04-15', 'open']]);
		expect(plan.goals.find((g) => g.dimensionKey === 'collaboration')!.measures[0].owner).toBe('Vorstand');
		await setMeasureStatus(db, org.who.actor, org.id, steps[0].id, 'done', after);
		expect([...(await consultationMeasureIds(db, steps.map((s) => s.id)))].sort()).toEqual(steps.map((s) => s.id).sort());
		const view = await bookingForAdvisor(db, consultant.who, booking.id);
		expect(view.organisation.id).toBe(org.id);
		expect(view.results.latest).toBeNull();
		expect(view.results.instrument.dimensions).toHaveLength(8);
		expect(view.nextSteps.map((s) => [s.measure.text, s.measure.status])).toEqual([
			['Mitgliederliste in eine gemeinsame Tabelle übertragen', 'done'],
			['Videokonferenz-Regeln beschließen', 'open']
		]);
		expect(await code(addNextSteps(db, org.who, booking.id, [{ text: 'x', owner: '', dueDate: null }], after))).toBe('not_found');
		expect(await code(addNextSteps(db, consultant.who, booking.id, [{ text: 'x', owner: '', dueDate: '15.04.2027' }], after))).toBe('choice');
	});

	it('a consultant sees only their own slots', async () => {
		const db = database.db;
		const { consultant, slot } = await heldBooking();
		const other = await makeUser(db);
		const period = { from: NOW, to: new Date(NOW.getTime() + 30 * 24 * HOUR) };
		const mine = await consultantSlots(db, consultant.who, consultant.id, period);
		expect(mine.map((s) => s.slot.id)).toEqual([slot.id]);
		expect(mine[0].bookings).toHaveLength(1);
		expect(await consultantSlots(db, other.who, other.id, period)).toEqual([]);
		expect(await code(consultantSlots(db, other.who, consultant.id, period))).toBe('not_found');
	});
});

describe('figures', () => {
	it('per track and in total by month: slots offered, booked, held, no-shows, associations reached, hours of advice', async () => {
		const db = database.db;
		const { projectId, track, consultant, itemId } = await makeOffer(db, new Date('2027-01-01T08:00:00Z'), { bookableDaysAhead: 365, maxOpenBookings: 5 });
		expect(itemId).toBeGreaterThan(0);
		const rule = { weekday: 3, from: '2027-03-24', to: '2027-04-14', slots: [{ start: '16:00', end: '18:00', track: '' }], excludedDates: ['2027-04-07'], announcedDates: null };
		expect(previewSlots(rule).map((p) => p.date)).toEqual(['2027-03-24', '2027-03-31', '2027-04-14']);
		const setupNow = new Date('2027-03-01T08:00:00Z');
		const slots = await generateSlots(db, TEAM, { trackId: track.id, rule, consultantId: consultant.id, room: { provider: 'jitsi' } }, setupNow);
		const [a, b] = [await makeOrganisation(db), await makeOrganisation(db)];
		const b1 = await bookSlot(envAt(db, setupNow), a.who, { slotId: slots[0].id, intake: intake() });
		const b2 = await bookSlot(envAt(db, setupNow), b.who, { slotId: slots[1].id, intake: intake() });
		const b3 = await bookSlot(envAt(db, setupNow), a.who, { slotId: slots[2].id, intake: intake() });
		const later = new Date('2027-05-01T08:00:00Z');
		await recordAttendance(db, consultant.who, b1.id, ['person1@example.org'], later);
		await recordAttendance(db, consultant.who, b2.id, [], later);
		await recordAttendance(db, consultant.who, b3.id, ['person1@example.org'], later);
		const f = await consultationFigures(db, { projectId });
		expect(f.tracks).toHaveLength(1);
		expect(f.months.map((m) => [m.month, m.figures])).toEqual([
			['2027-03', { slotsOffered: 2, booked: 2, held: 1, noShows: 1, associationsReached: 1, hoursOfAdvice: 2 }],
			['2027-04', { slotsOffered: 1, booked: 1, held: 1, noShows: 0, associationsReached: 1, hoursOfAdvice: 2 }]
		]);
		// Reached over the period counts association a once, not once per month.
		expect(f.total).toEqual({ slotsOffered: 3, booked: 3, held: 2, noShows: 1, associationsReached: 1, hoursOfAdvice: 4 });
		expect(f.tracks[0].total).toEqual(f.total);
		const april = await consultationFigures(db, { projectId, from: '2027-04-01', to: '2027-04-30' });
		expect(april.total.slotsOffered).toBe(1);
		expect((await consultationFigures(db, { projectId: projectId + 999 })).total.slotsOffered).toBe(0);
	});
});
