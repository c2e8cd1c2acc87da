import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { nextPublicChange, readPublicVersion } from '../programme/public-version.ts';
import { bookSlot, cancelBooking } from './booking.ts';
import { recordAttendance, saveNotes } from './followup.ts';
import { joinWaitlist } from './waitlist.ts';
import { envAt, intake, makeOffer, makeOrganisation, makeSlot, TEAM } from './test-fixtures.ts';

const NOW = new Date('2027-03-01T08:00:00Z');
const HOUR = 3_600_000;
let database: Database;

beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.close());

describe('public pages hear of consultation changes', () => {
	it('the public version rises when places are taken, freed or kept for a waitlist offer, not for notes or attendance', async () => {
		const db = database.db;
		const { track, consultant } = await makeOffer(db, NOW);
		const slot = await makeSlot(db, NOW, track.id, consultant.id, 72);
		const [a, b] = [await makeOrganisation(db), await makeOrganisation(db)];
		const v0 = await readPublicVersion(db);
		const booking = await bookSlot(envAt(db, NOW), a.who, { slotId: slot.id, intake: intake() });
		const v1 = await readPublicVersion(db);
		expect(v1).toBe(v0 + 1);
		await joinWaitlist(envAt(db, NOW), b.who, { trackId: track.id, contactName: 'B', contactEmail: 'b@example.org', language: 'de' });
		expect(await readPublicVersion(db)).toBe(v1);
		await saveNotes(db, consultant.who, booking.id, 'privat', NOW);
		expect(await readPublicVersion(db)).toBe(v1);
		// Cancelling frees the place and offers it to the waiting association: one transaction, one bump.
		await cancelBooking(envAt(db, NOW), TEAM, booking.id);
		const v2 = await readPublicVersion(db);
		expect(v2).toBe(v1 + 1);
		const other = await makeSlot(db, NOW, track.id, consultant.id, 96);
		const held = await bookSlot(envAt(db, NOW), a.who, { slotId: other.id, intake: intake() });
		expect(await readPublicVersion(db)).toBe(v2 + 2);
		await recordAttendance(db, consultant.who, held.id, [], new Date(other.startsAt.getTime() + HOUR));
		expect(await readPublicVersion(db)).toBe(v2 + 2);
	});

	it('the next change by time includes the instant a slot stops being bookable', async () => {
		const db = database.db;
		const { track } = await makeOffer(db, NOW, { closesHoursBefore: 24 });
		const slot = await makeSlot(db, NOW, track.id, null, 30);
		const closes = slot.startsAt.getTime() - 24 * HOUR;
		expect((await nextPublicChange(db, NOW)).getTime()).toBeLessThanOrEqual(closes);
		expect((await nextPublicChange(db, new Date(closes - 1))).getTime()).toBe(closes);
	});
});
