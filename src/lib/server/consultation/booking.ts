/**
 * Booking consultation slots: book (the association itself or the team on its behalf), cancel,
 * move, swap a slot's consultant. Every write that changes who holds a slot follows the slot rule
 * of docs/locking.md: lock the organisation row (FOR NO KEY UPDATE: its open-bookings limit), then
 * the slot row(s) FOR UPDATE in ascending id order, and only then count and decide. A unique
 * partial index on (slot, seat) of active bookings is the last line of defence. A freed place is
 * offered to the track's waiting list in the same transaction (waitlist.ts). Mails and audit
 * entries are written in the same transaction.
 * Throws DomainError: `not_found`, `slot_not_bookable`, `slot_taken`, `booking_limit`,
 * `already_booked`, `change_too_late`, `not_consultant`, `choice` (field of a bad intake).
 */
import { and, asc, count, eq, gt, inArray, ne, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { organisation } from '../db/schema/organisations.ts';
import { ACTIVE_BOOKING, consultationBooking, consultationSlot, consultationTrack, consultationWaitlist } from '../db/schema/consultation.ts';
import { recordAudit } from '../audit/record.ts';
import { emitEvent } from '../webhooks/events.ts';
import { DomainError, isUniqueViolation } from '../errors.ts';
import { associationMayChange, bookingWindow, intakeSchema, type Intake, type IntakeInput, type TrackRules } from '../../consultation/rules.ts';
import instrumentV1 from '../../assessment/instrument-v1.json' with { type: 'json' };
import { requireTeam, requireTeamOrOrganisation, type Conn, type Env, type Who } from './access.ts';
import { isTrackConsultant } from './setup.ts';
import { offerFreedPlace } from './waitlist.ts';
import { enqueueBookingMails, enqueueConsultantMail } from './mails.ts';

type Slot = typeof consultationSlot.$inferSelect;
type Track = typeof consultationTrack.$inferSelect;
export type Booking = typeof consultationBooking.$inferSelect;

const DIMENSIONS = new Set(instrumentV1.dimensions.map((d) => d.key));

/** The intake, validated as the form does; a bad field is `choice` with the field's name. */
export function parseIntake(input: IntakeInput) {
	const parsed = intakeSchema.safeParse(input);
	if (!parsed.success) throw new DomainError('choice', String(parsed.error.issues[0].path[0] ?? 'form'));
	if (parsed.data.dimensionKey !== null && !DIMENSIONS.has(parsed.data.dimensionKey)) throw new DomainError('choice', 'dimensionKey');
	return parsed.data;
}

/**
 * The slot rule, in one place: the organisation first (its limit), then the slots in ascending id
 * order, each with its track. Same order everywhere, so no two transactions wait for each other in a cycle.
 */
export async function lockSlots(tx: Tx, organisationId: number | null, slotIds: number[]): Promise<{ slot: Slot; track: Track }[]> {
	if (organisationId !== null) {
		const [org] = await tx.select({ id: organisation.id }).from(organisation).where(eq(organisation.id, organisationId)).for('no key update');
		if (!org) throw new DomainError('not_found');
	}
	const out: { slot: Slot; track: Track }[] = [];
	for (const id of [...new Set(slotIds)].sort((a, b) => a - b)) {
		const [slot] = await tx.select().from(consultationSlot).where(eq(consultationSlot.id, id)).for('update');
		if (!slot) throw new DomainError('not_found');
		const [track] = await tx.select().from(consultationTrack).where(eq(consultationTrack.id, slot.trackId));
		out.push({ slot, track });
	}
	return slotIds.map((id) => out.find((o) => o.slot.id === id)!);
}

/**
 * Who holds the slot's places, read under its lock: the seats of active bookings, and the live
 * waitlist offers for it (a place kept for the association it was offered to).
 */
export async function placesOf(tx: Conn, slotId: number, now: Date) {
	const bookings = await tx
		.select({ id: consultationBooking.id, seat: consultationBooking.seat, organisationId: consultationBooking.organisationId })
		.from(consultationBooking)
		.where(and(eq(consultationBooking.slotId, slotId), inArray(consultationBooking.state, [...ACTIVE_BOOKING])));
	const offers = await tx
		.select({ id: consultationWaitlist.id, organisationId: consultationWaitlist.organisationId })
		.from(consultationWaitlist)
		.where(and(eq(consultationWaitlist.offeredSlotId, slotId), eq(consultationWaitlist.state, 'offered'), gt(consultationWaitlist.offerExpiresAt, now)));
	return { bookings, offers };
}

/** The lowest free seat for `organisationId`, or null when the slot is full for it (a place offered to it counts as its own). */
export function freeSeat(slot: Slot, places: Awaited<ReturnType<typeof placesOf>>, organisationId: number): number | null {
	const taken = new Set(places.bookings.map((b) => b.seat));
	const keptForOthers = places.offers.filter((o) => o.organisationId !== organisationId).length;
	if (places.bookings.length + keptForOthers >= slot.capacity) return null;
	for (let seat = 1; seat <= slot.capacity; seat++) if (!taken.has(seat)) return seat;
	return null;
}

/** Booked slots still ahead that the organisation holds in the track (for `maxOpenBookings`). */
async function openBookingsInTrack(tx: Conn, organisationId: number, trackId: number, now: Date, exceptBookingId?: number) {
	const [{ n }] = await tx
		.select({ n: count() })
		.from(consultationBooking)
		.innerJoin(consultationSlot, eq(consultationSlot.id, consultationBooking.slotId))
		.where(
			and(
				eq(consultationBooking.organisationId, organisationId),
				eq(consultationSlot.trackId, trackId),
				eq(consultationBooking.state, 'booked'),
				gt(consultationSlot.startsAt, now),
				exceptBookingId ? ne(consultationBooking.id, exceptBookingId) : sql`true`
			)
		);
	return n;
}

/** The rules a booking of `slot` must pass, checked under the lock. The team skips the time window and the limit. */
async function checkBookable(tx: Tx, who: Who, organisationId: number, slot: Slot, track: Track, now: Date, exceptBookingId?: number) {
	if (slot.status !== 'open') throw new DomainError('slot_not_bookable');
	if (who.kind === 'team') {
		if (slot.endsAt.getTime() <= now.getTime()) throw new DomainError('slot_not_bookable');
		return;
	}
	const window = bookingWindow(track as TrackRules, slot.startsAt, now);
	if (window !== 'open') throw new DomainError('slot_not_bookable', undefined, { reason: window });
	await checkLimit(tx, organisationId, track, now, exceptBookingId);
}

/** Whether the organisation already holds its track's maximum of booked slots still ahead. */
export async function atLimit(tx: Conn, organisationId: number, track: Track, now: Date, exceptBookingId?: number): Promise<boolean> {
	return (await openBookingsInTrack(tx, organisationId, track.id, now, exceptBookingId)) >= track.maxOpenBookings;
}

async function checkLimit(tx: Conn, organisationId: number, track: Track, now: Date, exceptBookingId?: number) {
	if (await atLimit(tx, organisationId, track, now, exceptBookingId)) throw new DomainError('booking_limit', undefined, { max: track.maxOpenBookings });
}

/**
 * Books a slot for an association: its own person (the organisation from `who`), or the team on
 * its behalf (`organisationId` given). One association per place, never two, whatever runs in parallel.
 */
export async function bookSlot(env: Env, who: Who, input: { slotId: number; organisationId?: number; intake: IntakeInput }): Promise<Booking> {
	const organisationId = who.kind === 'association' ? who.organisationId : who.kind === 'team' ? input.organisationId : undefined;
	if (organisationId === undefined) throw new DomainError('not_found');
	const intake = parseIntake(input.intake);
	try {
		return await env.db.transaction((tx) => bookLocked(tx, env, who, organisationId, input.slotId, intake));
	} catch (e) {
		// The backstop index fired: another transaction took the place (cannot happen under the lock, but never a 500).
		if (isUniqueViolation(e)) throw new DomainError('slot_taken');
		throw e;
	}
}

/**
 * The booking itself, inside the caller's transaction: takes the locks, checks, inserts, mails.
 * `reservedFor`: the waitlist entry whose offer this accepts (its kept place is used, the window
 * and the limit were checked when it joined the line).
 */
export async function bookLocked(tx: Tx, env: Env, who: Who, organisationId: number, slotId: number, intake: Intake, reservedFor?: number): Promise<Booking> {
	const [{ slot, track }] = await lockSlots(tx, organisationId, [slotId]);
	const places = await placesOf(tx, slot.id, env.now);
	if (places.bookings.some((b) => b.organisationId === organisationId)) throw new DomainError('already_booked');
	const reserved = reservedFor !== undefined && places.offers.some((o) => o.id === reservedFor && o.organisationId === organisationId);
	if (reservedFor !== undefined && !reserved) throw new DomainError('offer_expired');
	if (!reserved) await checkBookable(tx, who, organisationId, slot, track, env.now);
	// An accepted offer was made inside the booking window (it runs out before booking closes); the limit still holds.
	else if (who.kind !== 'team') await checkLimit(tx, organisationId, track, env.now);
	const seat = freeSeat(slot, places, organisationId);
	if (seat === null) throw new DomainError('slot_taken');
	const [booking] = await tx
		.insert(consultationBooking)
		.values({
			slotId: slot.id,
			organisationId,
			seat,
			topic: intake.topic,
			dimensionKey: intake.dimensionKey,
			language: intake.language,
			needs: intake.needs,
			attendees: intake.attendees.map((a) => ({ name: a.name, email: a.email, language: a.language ?? intake.language, present: null })),
			bookedBy: who.actor.id,
			byTeam: who.kind === 'team',
			createdAt: env.now,
			updatedAt: env.now
		})
		.returning();
	await recordAudit(tx, who.actor, 'consultation.booked', { type: 'consultation_booking', id: booking.id }, env.now, { slotId: slot.id, organisationId, byTeam: who.kind === 'team' });
	await emitEvent(tx, 'consultation_booking.booked', { booking_id: booking.id, slot_id: slot.id, organisation_id: organisationId }, env.now);
	await enqueueBookingMails(tx, env, booking.id, 'confirmed');
	return booking;
}

async function lockBooking(tx: Tx, who: Who, bookingId: number) {
	const [found] = await tx.select().from(consultationBooking).where(eq(consultationBooking.id, bookingId));
	if (!found) throw new DomainError('not_found');
	requireTeamOrOrganisation(who, found.organisationId);
	return found;
}

/**
 * Cancels a booking: the association until its track's change deadline, the team always. The
 * freed place goes to the first association waiting in the track (an offer with time to accept).
 */
export async function cancelBooking(env: Env, who: Who, bookingId: number): Promise<void> {
	await env.db.transaction(async (tx) => {
		const found = await lockBooking(tx, who, bookingId);
		const [{ slot, track }] = await lockSlots(tx, found.organisationId, [found.slotId]);
		const [booking] = await tx.select().from(consultationBooking).where(eq(consultationBooking.id, bookingId)).for('update');
		if (booking.state !== 'booked') throw new DomainError('not_found');
		if (booking.slotId !== slot.id) throw new DomainError('stale');
		if (who.kind !== 'team' && !associationMayChange(track, slot.startsAt, env.now)) throw new DomainError('change_too_late');
		await tx.update(consultationBooking).set({ state: 'cancelled', cancelledAt: env.now, sequence: booking.sequence + 1, updatedAt: env.now }).where(eq(consultationBooking.id, bookingId));
		await recordAudit(tx, who.actor, 'consultation.cancelled', { type: 'consultation_booking', id: bookingId }, env.now, { slotId: slot.id, byTeam: who.kind === 'team' });
		await emitEvent(tx, 'consultation_booking.cancelled', { booking_id: bookingId, slot_id: slot.id, organisation_id: booking.organisationId }, env.now);
		await enqueueBookingMails(tx, env, bookingId, 'cancelled');
		await offerFreedPlace(tx, env, slot, track);
	});
}

/**
 * Moves a booking to another slot of the same track: the same booking (its calendar UID stays,
 * SEQUENCE rises). The association until the deadline of the current slot and only into a slot it
 * could book; the team always, into any open slot not yet over. The freed place goes to the waiting list.
 */
export async function moveBooking(env: Env, who: Who, bookingId: number, toSlotId: number): Promise<void> {
	await env.db.transaction(async (tx) => {
		const found = await lockBooking(tx, who, bookingId);
		if (found.slotId === toSlotId) return;
		const [from, to] = await lockSlots(tx, found.organisationId, [found.slotId, toSlotId]);
		const [booking] = await tx.select().from(consultationBooking).where(eq(consultationBooking.id, bookingId)).for('update');
		if (booking.state !== 'booked' || booking.slotId !== from.slot.id) throw new DomainError('not_found');
		if (to.slot.trackId !== from.slot.trackId) throw new DomainError('not_found', 'slotId');
		if (who.kind !== 'team' && !associationMayChange(from.track, from.slot.startsAt, env.now)) throw new DomainError('change_too_late');
		await checkBookable(tx, who, booking.organisationId, to.slot, to.track, env.now, booking.id);
		const places = await placesOf(tx, to.slot.id, env.now);
		if (places.bookings.some((b) => b.organisationId === booking.organisationId)) throw new DomainError('already_booked');
		const seat = freeSeat(to.slot, places, booking.organisationId);
		if (seat === null) throw new DomainError('slot_taken');
		await tx.update(consultationBooking).set({ slotId: to.slot.id, seat, sequence: booking.sequence + 1, remindedDayAt: null, remindedHourAt: null, updatedAt: env.now }).where(eq(consultationBooking.id, bookingId));
		await recordAudit(tx, who.actor, 'consultation.moved', { type: 'consultation_booking', id: bookingId }, env.now, { fromSlotId: from.slot.id, toSlotId: to.slot.id, byTeam: who.kind === 'team' });
		await emitEvent(tx, 'consultation_booking.changed', { booking_id: bookingId, slot_id: to.slot.id, organisation_id: booking.organisationId }, env.now);
		await enqueueBookingMails(tx, env, bookingId, 'changed');
		await offerFreedPlace(tx, env, from.slot, from.track);
	});
}

/** The team gives a slot another consultant of its track; the booked association hears of it. */
export async function swapConsultant(env: Env, who: Who, slotId: number, consultantId: string): Promise<void> {
	requireTeam(who);
	await env.db.transaction(async (tx) => {
		const [{ slot }] = await lockSlots(tx, null, [slotId]);
		if (!(await isTrackConsultant(tx, slot.trackId, consultantId))) throw new DomainError('not_consultant', 'consultantId');
		if (slot.consultantId === consultantId) return;
		await tx.update(consultationSlot).set({ consultantId, updatedAt: env.now }).where(eq(consultationSlot.id, slotId));
		await recordAudit(tx, who.actor, 'consultation.consultant_swapped', { type: 'consultation_slot', id: slotId }, env.now, { from: slot.consultantId, to: consultantId });
		const active = await tx.select({ id: consultationBooking.id, sequence: consultationBooking.sequence, organisationId: consultationBooking.organisationId }).from(consultationBooking).where(and(eq(consultationBooking.slotId, slotId), eq(consultationBooking.state, 'booked')));
		for (const b of active) {
			await tx.update(consultationBooking).set({ sequence: b.sequence + 1, updatedAt: env.now }).where(eq(consultationBooking.id, b.id));
			await enqueueBookingMails(tx, env, b.id, 'changed');
			await emitEvent(tx, 'consultation_booking.changed', { booking_id: b.id, slot_id: slotId, organisation_id: b.organisationId }, env.now);
			if (slot.consultantId) await enqueueConsultantMail(tx, env, b.id, 'released', slot.consultantId);
		}
	});
}

/**
 * The team cancels a whole slot (the consultant is ill): its booked associations are cancelled and
 * mailed; a waitlist offer for it returns to the waiting list at its old place.
 */
export async function cancelSlot(env: Env, who: Who, slotId: number): Promise<number> {
	requireTeam(who);
	return env.db.transaction(async (tx) => {
		const [{ slot }] = await lockSlots(tx, null, [slotId]);
		if (slot.status === 'cancelled') return 0;
		await tx.update(consultationSlot).set({ status: 'cancelled', updatedAt: env.now }).where(eq(consultationSlot.id, slotId));
		const active = await tx.select().from(consultationBooking).where(and(eq(consultationBooking.slotId, slotId), eq(consultationBooking.state, 'booked')));
		for (const b of active) {
			await tx.update(consultationBooking).set({ state: 'cancelled', cancelledAt: env.now, sequence: b.sequence + 1, updatedAt: env.now }).where(eq(consultationBooking.id, b.id));
			await enqueueBookingMails(tx, env, b.id, 'cancelled');
			await emitEvent(tx, 'consultation_booking.cancelled', { booking_id: b.id, slot_id: slotId, organisation_id: b.organisationId }, env.now);
		}
		await tx
			.update(consultationWaitlist)
			.set({ state: 'waiting', offeredSlotId: null, offerExpiresAt: null, updatedAt: env.now })
			.where(and(eq(consultationWaitlist.offeredSlotId, slotId), eq(consultationWaitlist.state, 'offered')));
		await recordAudit(tx, who.actor, 'consultation.slot_cancelled', { type: 'consultation_slot', id: slotId }, env.now, { bookings: active.length });
		return active.length;
	});
}

/** The organisation's bookings (all states), newest slot first, with slot and track: its own page. */
export async function listOrganisationBookings(db: Conn, who: Who, organisationId: number) {
	requireTeamOrOrganisation(who, organisationId);
	return db
		.select({ booking: consultationBooking, slot: consultationSlot, track: consultationTrack })
		.from(consultationBooking)
		.innerJoin(consultationSlot, eq(consultationSlot.id, consultationBooking.slotId))
		.innerJoin(consultationTrack, eq(consultationTrack.id, consultationSlot.trackId))
		.where(eq(consultationBooking.organisationId, organisationId))
		.orderBy(asc(consultationSlot.startsAt));
}
