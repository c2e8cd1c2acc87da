import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { mailOutbox } from '../db/schema/registration.ts';
import { consultationBooking } from '../db/schema/consultation.ts';
import { bookSlot, cancelBooking } from './booking.ts';
import { sendConsultationReminders } from './mails.ts';
import { roomByLink, roomLinkPath, roomLinkToken } from './room-link.ts';
import { envAt, intake, makeOffer, makeOrganisation, makeSlot, errorCode } from './test-fixtures.ts';

const NOW = new Date('2027-03-01T08:00:00Z');
const HOUR = 3_600_000;
const MIN = 60_000;
let database: Database;
beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.close());

const code = errorCode;

describe("an attendee's personal room link", () => {
	it('is in every booking mail and the reminders, opens the room only in its window, for named attendees of a standing booking only', async () => {
		const db = database.db;
		const { track, consultant } = await makeOffer(db, NOW);
		const slot = await makeSlot(db, NOW, track.id, consultant.id, 48);
		const org = await makeOrganisation(db);
		const booking = await bookSlot(envAt(db, NOW), org.who, {
			slotId: slot.id,
			intake: intake('r1', { language: 'ar', attendees: [{ name: 'Amira', email: 'amira@example.org' }, { name: 'Karim', email: 'karim@example.org' }] })
		});
		// Each attendee's mail carries that attendee's own link (in the booking's language), and the booking page.
		const [amiraMail] = await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'amira@example.org'));
		expect(amiraMail.text).toContain(`/ar${roomLinkPath(booking.id, 'amira@example.org')}`);
		expect(amiraMail.text).not.toContain(roomLinkToken(booking.id, 'karim@example.org'));
		expect(amiraMail.text).toContain(`/ar/verein/beratung/${booking.id}`);

		const token = roomLinkToken(booking.id, 'amira@example.org');
		// Two days ahead: the link is good, the room not yet.
		expect(await roomByLink(db, token, NOW)).toMatchObject({ state: 'early', room: null, attendee: { name: 'Amira' } });
		// 30 minutes before the start (the offer's default window) the room is handed out, as a viewer.
		const inWindow = new Date(slot.startsAt.getTime() - 20 * MIN);
		expect(await roomByLink(db, token, inWindow)).toMatchObject({ state: 'open', room: { provider: 'jitsi', moderator: false } });
		expect((await roomByLink(db, token, new Date(slot.endsAt.getTime() + MIN))).state).toBe('over');

		// A forged or altered token, another booking's id with this hash: nothing.
		expect(await code(roomByLink(db, `${booking.id}-${'A'.repeat(32)}`, inWindow))).toBe('not_found');
		expect(await code(roomByLink(db, token.replace(`${booking.id}-`, `${booking.id + 1}-`), inWindow))).toBe('not_found');
		expect(await code(roomByLink(db, 'nonsense', inWindow))).toBe('not_found');

		// The reminder an hour before carries the link too.
		await sendConsultationReminders(envAt(db, new Date(slot.startsAt.getTime() - HOUR + MIN)));
		const reminders = await db.select().from(mailOutbox).where(eq(mailOutbox.template, 'consultation_reminder'));
		expect(reminders.find((r) => r.to === 'karim@example.org')?.text).toContain(roomLinkPath(booking.id, 'karim@example.org'));

		// An attendee the association removed, and then the whole booking cancelled: the links stop.
		await db.update(consultationBooking).set({ attendees: [{ name: 'Amira', email: 'amira@example.org', present: null }] }).where(eq(consultationBooking.id, booking.id));
		expect(await code(roomByLink(db, roomLinkToken(booking.id, 'karim@example.org'), inWindow))).toBe('not_found');
		await cancelBooking(envAt(db, NOW), org.who, booking.id);
		expect(await code(roomByLink(db, token, inWindow))).toBe('not_found');
	});
});
