import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { mailOutbox } from '../db/schema/registration.ts';
import { consultationBooking, consultationWaitlist } from '../db/schema/consultation.ts';
import { exportPersonData } from '../registration/privacy.ts';
import { bookSlot } from './booking.ts';
import { recordAttendance } from './followup.ts';
import { joinWaitlist, leaveWaitlist } from './waitlist.ts';
import { consultationFigures } from './figures.ts';
import { anonymiseConsultations } from './privacy.ts';
import { envAt, intake, makeOffer, makeOrganisation, makeSlot } from './test-fixtures.ts';

const NOW = new Date('2027-03-01T08:00:00Z');
const DAY = 86_400_000;
let database: Database;

beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.close());

describe('consultations and personal data', () => {
	it("the person export lists an attendee's bookings and waiting-list entries; after the retention period names, addresses and mails go, the figures stay", async () => {
		const db = database.db;
		const { projectId, track, consultant } = await makeOffer(db, NOW);
		const slot = await makeSlot(db, NOW, track.id, consultant.id, 72);
		const [org, other] = [await makeOrganisation(db), await makeOrganisation(db)];
		const booking = await bookSlot(envAt(db, NOW), org.who, { slotId: slot.id, intake: intake('p1', { needs: 'Dolmetschen Arabisch', attendees: [{ name: 'Amira Haddad', email: 'amira@example.org' }] }) });
		const entry = await joinWaitlist(envAt(db, NOW), other.who, { trackId: track.id, contactName: 'Olena', contactEmail: 'olena@example.org', language: 'uk' });
		await leaveWaitlist(envAt(db, NOW), other.who, entry.id);
		const exported = await exportPersonData(db, 'Amira@example.org');
		expect(exported.consultationBookings).toMatchObject([{ id: booking.id, needs: 'Dolmetschen Arabisch', attendee: { name: 'Amira Haddad' } }]);
		expect((await exportPersonData(db, 'olena@example.org')).consultationWaitlist).toHaveLength(1);
		await recordAttendance(db, consultant.who, booking.id, ['amira@example.org'], new Date(slot.endsAt.getTime()));
		const before = await consultationFigures(db, { projectId });
		// Not yet: the period counts from the slot's end.
		expect(await anonymiseConsultations(db, 180, new Date(slot.endsAt.getTime() + 179 * DAY))).toBe(0);
		expect(await anonymiseConsultations(db, 180, new Date(slot.endsAt.getTime() + 181 * DAY))).toBe(1);
		expect(await anonymiseConsultations(db, 180, new Date(slot.endsAt.getTime() + 181 * DAY))).toBe(0);
		const [row] = await db.select().from(consultationBooking).where(eq(consultationBooking.id, booking.id));
		expect(row).toMatchObject({ attendees: [{ name: '', email: '', present: true }], needs: '', state: 'held' });
		expect((await db.select().from(consultationWaitlist).where(eq(consultationWaitlist.id, entry.id)))[0]).toMatchObject({ contactName: '', contactEmail: '' });
		expect(await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'amira@example.org'))).toEqual([]);
		expect((await exportPersonData(db, 'amira@example.org')).consultationBookings).toEqual([]);
		expect(await consultationFigures(db, { projectId })).toEqual(before);
	});
});
