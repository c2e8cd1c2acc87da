import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { project } from '../db/schema/programme.ts';
import { bookSlot, cancelBooking } from './booking.ts';
import { joinWaitlist } from './waitlist.ts';
import { associationBooking, associationBookings, associationWaitlist, associationWaitlistEntry, bookableSeries, consultationTask, slotToBook } from './pages-verein.ts';
import { envAt, intake, makeOffer, makeOrganisation, makeSlot, errorCode } from './test-fixtures.ts';

const NOW = new Date('2027-05-03T08:00:00Z');
const HOUR = 3_600_000;
let database: Database;

beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.close());

const code = errorCode;

describe('the association consultation pages', () => {
	it('show a slot as open, then taken for a second association, and its own bookings, join window and change deadline; nothing of another association', async () => {
		const db = database.db;
		const { itemId, track, consultant, projectId } = await makeOffer(db, NOW, { changeUntilHoursBefore: 48 });
		const slot = await makeSlot(db, NOW, track.id, consultant.id, 96);
		const [a, b] = [await makeOrganisation(db), await makeOrganisation(db)];
		expect((await bookableSeries(db, NOW)).map((s) => s.itemId)).toContain(itemId);
		expect(await consultationTask(db, a.who, NOW)).toMatchObject({ upcoming: 0, next: null, offered: true });
		expect((await slotToBook(db, a.who, slot.id, NOW)).state).toBe('open');

		const booking = await bookSlot(envAt(db, NOW), a.who, { slotId: slot.id, intake: intake('a1', { attendees: [{ name: 'Amal', email: 'amal@example.org' }, { name: 'Samir', email: 'samir@example.org' }] }) });
		expect((await slotToBook(db, a.who, slot.id, NOW)).state).toBe('mine');
		expect((await slotToBook(db, b.who, slot.id, NOW)).state).toBe('taken');
		const mine = await associationBooking(db, a.who, booking.id, NOW);
		expect(mine).toMatchObject({ upcoming: true, joinOpen: false, mayChange: true, consultantName: consultant.name, attendees: [{ name: 'Amal' }, { name: 'Samir' }] });
		expect(mine.joinOpensAt).toEqual(new Date(slot.startsAt.getTime() - 30 * 60_000));
		// Inside the join window, past the change deadline: join yes, change no.
		const inWindow = new Date(slot.startsAt.getTime() - 10 * 60_000);
		expect(await associationBooking(db, a.who, booking.id, inWindow)).toMatchObject({ joinOpen: true, mayChange: false });
		expect(await consultationTask(db, a.who, NOW)).toMatchObject({ upcoming: 1, next: slot.startsAt });

		// The other association: not its booking, and the waiting list is its own.
		expect(await code(associationBooking(db, b.who, booking.id, NOW))).toBe('not_found');
		expect(await associationBookings(db, b.who, NOW)).toEqual([]);
		const entry = await joinWaitlist(envAt(db, NOW), b.who, { trackId: track.id, contactName: 'Olena', contactEmail: 'olena@example.org', language: 'uk' });
		expect((await slotToBook(db, b.who, slot.id, NOW)).onWaitlist).toBe(true);
		expect(await code(associationWaitlistEntry(db, a.who, entry.id, NOW))).toBe('not_found');
		expect((await associationWaitlist(db, b.who, NOW))[0]).toMatchObject({ id: entry.id, offer: null });

		// A cancellation offers the slot to the waiting association: its page shows the offer and until when.
		await cancelBooking(envAt(db, new Date(NOW.getTime() + HOUR)), a.who, booking.id);
		const offered = await associationWaitlistEntry(db, b.who, entry.id, new Date(NOW.getTime() + 2 * HOUR));
		expect(offered.offer).toMatchObject({ startsAt: slot.startsAt, until: new Date(NOW.getTime() + 25 * HOUR) });
		expect((await associationBookings(db, a.who, NOW))[0]).toMatchObject({ upcoming: false, state: 'cancelled' });

		// A slot of an unpublished project is not there for associations.
		await db.update(project).set({ status: 'draft' }).where(eq(project.id, projectId));
		expect(await code(slotToBook(db, a.who, slot.id, NOW))).toBe('not_found');
		expect((await bookableSeries(db, NOW)).map((s) => s.itemId)).not.toContain(itemId);
	});
});
