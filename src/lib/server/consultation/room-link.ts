/**
 * Each attendee's personal link to a booking's video room, carried by every booking mail and the
 * reminders: it lets a person the association named (who may have no account) into the room,
 * only in the join window, only while the booking stands and the address is still one of its
 * attendees. Nothing is stored: the token is `<bookingId>-<keyed hash of booking and address>`
 * (keyed-hash.ts, the app secret), so a cancelled booking or a removed attendee revokes it, and a
 * moved booking keeps it. The link is a secret one (under /teilnahme/: masked in the outbox).
 */
import { timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { consultationBooking, consultationOffer, consultationSlot, consultationTrack, type Attendee } from '../db/schema/consultation.ts';
import { keyedHash } from '../auth/keyed-hash.ts';
import { DomainError } from '../errors.ts';
import { joinWindowOpen } from '../../consultation/rules.ts';
import type { Translatable } from '../../content/translatable.ts';
import type { Room } from './queries.ts';

const PURPOSE = 'consultation-room-link';

export function roomLinkToken(bookingId: number, email: string): string {
	return `${bookingId}-${keyedHash(PURPOSE, `${bookingId}:${email.trim().toLowerCase()}`).slice(0, 32)}`;
}

export const roomLinkPath = (bookingId: number, email: string) => `/teilnahme/beratung/${roomLinkToken(bookingId, email)}`;

export type RoomByLink = {
	attendee: Attendee;
	slot: { startsAt: Date; endsAt: Date };
	trackTitle: Translatable;
	/** When the room opens (join window start). */
	opensAt: Date;
	/** `open`: the room now; `early`: not yet; `over`: the slot has ended. */
	state: 'open' | 'early' | 'over';
	room: Room | null;
};

/** The room behind a personal link, now. A bad token, a cancelled booking or a removed attendee: `not_found`. */
export async function roomByLink(db: Db, token: string, now: Date): Promise<RoomByLink> {
	const match = /^([1-9]\d{0,9})-([A-Za-z0-9_-]{32})$/.exec(token);
	if (!match) throw new DomainError('not_found');
	const bookingId = Number(match[1]);
	const [row] = await db
		.select({ booking: consultationBooking, slot: consultationSlot, trackTitle: consultationTrack.title, opens: consultationOffer.joinOpensMinutes })
		.from(consultationBooking)
		.innerJoin(consultationSlot, eq(consultationSlot.id, consultationBooking.slotId))
		.innerJoin(consultationTrack, eq(consultationTrack.id, consultationSlot.trackId))
		.innerJoin(consultationOffer, eq(consultationOffer.id, consultationTrack.offerId))
		.where(eq(consultationBooking.id, bookingId));
	if (!row || row.booking.state === 'cancelled' || row.slot.status !== 'open') throw new DomainError('not_found');
	const given = Buffer.from(token);
	const attendee = row.booking.attendees.find((a) => {
		const expected = Buffer.from(roomLinkToken(bookingId, a.email));
		return expected.length === given.length && timingSafeEqual(expected, given);
	});
	if (!attendee) throw new DomainError('not_found');
	const opensAt = new Date(row.slot.startsAt.getTime() - row.opens * 60_000);
	const state = now > row.slot.endsAt ? 'over' : joinWindowOpen(row.slot.startsAt, row.slot.endsAt, row.opens, now) ? 'open' : 'early';
	return {
		attendee,
		slot: { startsAt: row.slot.startsAt, endsAt: row.slot.endsAt },
		trackTitle: row.trackTitle,
		opensAt,
		state,
		room: state === 'open' && row.booking.state === 'booked' ? { provider: row.slot.roomProvider, name: row.slot.roomName, url: row.slot.roomUrl, passcode: row.slot.roomPasscode, moderator: false } : null
	};
}
