/**
 * Reads of consultations. `listOpenSlots` is what an association may book now (its rules applied);
 * `publicOfferSummary` is what the public item page may show (dates and free places per track,
 * never who booked, never a room); `consultantSlots` is a consultant's own calendar; `joinRoom`
 * hands out a room only to the booked association's people and the slot's consultant, only in the
 * join window. Counts of places are read without the lock: an answer may be out of date a moment
 * later, booking itself decides under the lock (booking.ts).
 */
import { and, asc, eq, gt, gte, inArray, lte, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { user } from '../db/schema/auth.ts';
import { organisation } from '../db/schema/organisations.ts';
import { ACTIVE_BOOKING, consultationBooking, consultationOffer, consultationSlot, consultationTrack, consultationWaitlist } from '../db/schema/consultation.ts';
import { DomainError } from '../errors.ts';
import { bookingWindow, joinWindowOpen } from '../../consultation/rules.ts';
import type { Who } from './access.ts';
import { nextStepsOf } from './followup.ts';
import { organisationResults } from '../assessment/results.ts';

type Slot = typeof consultationSlot.$inferSelect;

async function tracksOfItem(db: Db, itemId: number) {
	const [offer] = await db.select().from(consultationOffer).where(eq(consultationOffer.itemId, itemId));
	if (!offer) return null;
	const tracks = await db.select().from(consultationTrack).where(eq(consultationTrack.offerId, offer.id)).orderBy(asc(consultationTrack.position), asc(consultationTrack.id));
	return { offer, tracks };
}

/** Per slot: organisations with an active booking, and those a live waitlist offer keeps a place for. */
async function occupancy(db: Db, slotIds: number[], now: Date) {
	const booked = new Map<number, number[]>();
	const kept = new Map<number, number[]>();
	if (!slotIds.length) return { booked, kept };
	const bookings = await db.select({ slotId: consultationBooking.slotId, organisationId: consultationBooking.organisationId }).from(consultationBooking).where(and(inArray(consultationBooking.slotId, slotIds), inArray(consultationBooking.state, [...ACTIVE_BOOKING])));
	for (const b of bookings) booked.set(b.slotId, [...(booked.get(b.slotId) ?? []), b.organisationId]);
	const offers = await db
		.select({ slotId: consultationWaitlist.offeredSlotId, organisationId: consultationWaitlist.organisationId })
		.from(consultationWaitlist)
		.where(and(inArray(consultationWaitlist.offeredSlotId, slotIds), eq(consultationWaitlist.state, 'offered'), gt(consultationWaitlist.offerExpiresAt, now)));
	for (const o of offers) kept.set(o.slotId!, [...(kept.get(o.slotId!) ?? []), o.organisationId]);
	return { booked, kept };
}

export interface SlotFilter {
	trackId?: number;
	consultantId?: string;
	/** Slots starting on or after / on or before these instants. */
	from?: Date;
	to?: Date;
}

/**
 * The slots an association can book now, per track (tracks in order, each with its consultants for
 * the filter): open, inside the track's booking window, with a place free for it, not already
 * booked by it. `limitReached` says the association holds its track's maximum of open bookings.
 */
export async function listOpenSlots(db: Db, who: Who, itemId: number, filter: SlotFilter, now: Date) {
	if (who.kind !== 'association') throw new DomainError('not_found');
	const found = await tracksOfItem(db, itemId);
	if (!found) return [];
	const tracks = filter.trackId ? found.tracks.filter((t) => t.id === filter.trackId) : found.tracks;
	if (!tracks.length) return [];
	const conditions: SQL[] = [inArray(consultationSlot.trackId, tracks.map((t) => t.id)), eq(consultationSlot.status, 'open'), gt(consultationSlot.startsAt, now)];
	if (filter.consultantId) conditions.push(eq(consultationSlot.consultantId, filter.consultantId));
	if (filter.from) conditions.push(gte(consultationSlot.startsAt, filter.from));
	if (filter.to) conditions.push(lte(consultationSlot.startsAt, filter.to));
	const slots = await db.select({ slot: consultationSlot, consultantName: user.name }).from(consultationSlot).leftJoin(user, eq(user.id, consultationSlot.consultantId)).where(and(...conditions)).orderBy(asc(consultationSlot.startsAt), asc(consultationSlot.id));
	const { booked, kept } = await occupancy(db, slots.map((s) => s.slot.id), now);
	const mine = await db
		.select({ trackId: consultationSlot.trackId })
		.from(consultationBooking)
		.innerJoin(consultationSlot, eq(consultationSlot.id, consultationBooking.slotId))
		.where(and(eq(consultationBooking.organisationId, who.organisationId), eq(consultationBooking.state, 'booked'), gt(consultationSlot.startsAt, now)));
	return tracks.map((track) => {
		const open = slots
			.filter(({ slot }) => slot.trackId === track.id && bookingWindow(track, slot.startsAt, now) === 'open')
			.map(({ slot, consultantName }) => {
				const b = booked.get(slot.id) ?? [];
				const others = (kept.get(slot.id) ?? []).filter((o) => o !== who.organisationId);
				return { id: slot.id, startsAt: slot.startsAt, endsAt: slot.endsAt, consultant: slot.consultantId ? { id: slot.consultantId, name: consultantName ?? '' } : null, free: slot.capacity - b.length - others.length, mine: b.includes(who.organisationId) };
			})
			.filter((s) => s.free > 0 && !s.mine);
		const consultants = [...new Map(open.filter((s) => s.consultant).map((s) => [s.consultant!.id, s.consultant!])).values()];
		return { track, consultants, limitReached: mine.filter((m) => m.trackId === track.id).length >= track.maxOpenBookings, slots: open };
	});
}

/**
 * What the public item page may show: per track its title, its slot dates and how many places are
 * still free (counting waitlist offers as taken). Nothing about who booked, no consultant, no room.
 */
export async function publicOfferSummary(db: Db, itemId: number, now: Date) {
	const found = await tracksOfItem(db, itemId);
	if (!found) return null;
	const slots = found.tracks.length
		? await db.select().from(consultationSlot).where(and(inArray(consultationSlot.trackId, found.tracks.map((t) => t.id)), eq(consultationSlot.status, 'open'))).orderBy(asc(consultationSlot.startsAt))
		: [];
	const { booked, kept } = await occupancy(db, slots.map((s) => s.id), now);
	return found.tracks.map((t) => {
		const own = slots.filter((s) => s.trackId === t.id);
		const free = (s: Slot) => (bookingWindow(t, s.startsAt, now) === 'open' ? Math.max(0, s.capacity - (booked.get(s.id)?.length ?? 0) - (kept.get(s.id)?.length ?? 0)) : 0);
		return {
			title: t.title,
			description: t.description,
			slots: own.map((s) => ({ startsAt: s.startsAt, endsAt: s.endsAt, past: s.endsAt.getTime() <= now.getTime(), free: free(s) })),
			freeSlots: own.filter((s) => free(s) > 0).length
		};
	});
}

/** A consultant's own slots in a period (the team: any consultant's), each with its bookings' organisations. */
export async function consultantSlots(db: Db, who: Who, consultantId: string, period: { from: Date; to: Date }) {
	if (!(who.kind === 'team' || (who.kind === 'consultant' && who.actor.id === consultantId))) throw new DomainError('not_found');
	const slots = await db
		.select({ slot: consultationSlot, track: consultationTrack })
		.from(consultationSlot)
		.innerJoin(consultationTrack, eq(consultationTrack.id, consultationSlot.trackId))
		.where(and(eq(consultationSlot.consultantId, consultantId), gte(consultationSlot.startsAt, period.from), lte(consultationSlot.startsAt, period.to)))
		.orderBy(asc(consultationSlot.startsAt));
	const bookings = slots.length
		? await db
				.select({ id: consultationBooking.id, slotId: consultationBooking.slotId, state: consultationBooking.state, topic: consultationBooking.topic, organisationId: consultationBooking.organisationId, organisationName: organisation.name })
				.from(consultationBooking)
				.innerJoin(organisation, eq(organisation.id, consultationBooking.organisationId))
				.where(and(inArray(consultationBooking.slotId, slots.map((s) => s.slot.id)), inArray(consultationBooking.state, [...ACTIVE_BOOKING])))
		: [];
	return slots.map(({ slot, track }) => ({ slot, track, bookings: bookings.filter((b) => b.slotId === slot.id) }));
}

/**
 * One booking as its advisor sees it (the team, or the slot's consultant): intake, attendees, the
 * association's profile, its latest check result and the next steps of all its consultations.
 * Notes: followup.ts notesOf.
 */
export async function bookingForAdvisor(db: Db, who: Who, bookingId: number) {
	const [row] = await db
		.select({ booking: consultationBooking, slot: consultationSlot, track: consultationTrack, organisation })
		.from(consultationBooking)
		.innerJoin(consultationSlot, eq(consultationSlot.id, consultationBooking.slotId))
		.innerJoin(consultationTrack, eq(consultationTrack.id, consultationSlot.trackId))
		.innerJoin(organisation, eq(organisation.id, consultationBooking.organisationId))
		.where(eq(consultationBooking.id, bookingId));
	if (!row || !(who.kind === 'team' || (who.kind === 'consultant' && row.slot.consultantId === who.actor.id))) throw new DomainError('not_found');
	const results = await organisationResults(db, row.booking.organisationId);
	return {
		...row,
		nextSteps: await nextStepsOf(db, row.booking.organisationId),
		// The latest digital-check result (with the instrument for the area names and the targets); null before any answers.
		results: { latest: results.latest, instrument: results.instrument, targets: results.targets, priorities: results.priorities }
	};
}

export type Room = { provider: 'bbb' | 'jitsi' | 'link'; name: string; url: string; passcode: string; moderator: boolean };

/**
 * The room of a booking for someone allowed in, now: a person of the booked association, or the
 * slot's consultant (as moderator). Outside the join window, or for anybody else, `not_found`.
 * The provider's join URL is built by the room module from these fields (BBB needs its API).
 */
export async function joinRoom(db: Db, who: Who, bookingId: number, now: Date): Promise<Room> {
	const [row] = await db
		.select({ booking: consultationBooking, slot: consultationSlot, opens: consultationOffer.joinOpensMinutes })
		.from(consultationBooking)
		.innerJoin(consultationSlot, eq(consultationSlot.id, consultationBooking.slotId))
		.innerJoin(consultationTrack, eq(consultationTrack.id, consultationSlot.trackId))
		.innerJoin(consultationOffer, eq(consultationOffer.id, consultationTrack.offerId))
		.where(eq(consultationBooking.id, bookingId));
	if (!row || row.booking.state !== 'booked' || row.slot.status !== 'open') throw new DomainError('not_found');
	const isConsultant = who.kind === 'consultant' && row.slot.consultantId === who.actor.id;
	const isAssociation = who.kind === 'association' && who.organisationId === row.booking.organisationId;
	if (!isConsultant && !isAssociation) throw new DomainError('not_found');
	if (!joinWindowOpen(row.slot.startsAt, row.slot.endsAt, row.opens, now)) throw new DomainError('not_found');
	return { provider: row.slot.roomProvider, name: row.slot.roomName, url: row.slot.roomUrl, passcode: row.slot.roomPasscode, moderator: isConsultant };
}

/**
 * What the booking form starts with: the check areas in the order to offer them, the
 * association's weakest (largest gap to its target) first, and the one to preselect (null when it
 * has no answered round yet).
 */
export async function intakeDefaults(db: Db, who: Who) {
	if (who.kind !== 'association') throw new DomainError('not_found');
	const view = await organisationResults(db, who.organisationId);
	const all = view.instrument.dimensions.map((d) => ({ key: d.key, title: d.title }));
	const rank = new Map(view.priorities.map((key, i) => [key, i]));
	const areas = [...all].sort((a, b) => (rank.get(a.key) ?? 99) - (rank.get(b.key) ?? 99));
	return { areas, preselected: view.priorities[0] ?? null };
}
