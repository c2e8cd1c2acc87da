/**
 * Reads for the association's consultation pages (/verein/beratung): which consultation series it
 * can book (published projects, slots still ahead), its bookings with consultant and join window,
 * its waiting-list entries with the offered slot, one slot to book and one booking of its own.
 * Every read is scoped by `who` (an association); anything of another association is `not_found`.
 */
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { user } from '../db/schema/auth.ts';
import { programmeItem, project } from '../db/schema/programme.ts';
import { consultationBooking, consultationOffer, consultationSlot, consultationTrack, consultationWaitlist } from '../db/schema/consultation.ts';
import { DomainError } from '../errors.ts';
import { associationMayChange, bookingWindow, changeDeadline, joinWindowOpen } from '../../consultation/rules.ts';
import type { Who } from './access.ts';
import { freeSeat, placesOf } from './booking.ts';

function requireAssociation(who: Who): asserts who is Extract<Who, { kind: 'association' }> {
	if (who.kind !== 'association') throw new DomainError('not_found');
}

/** Consultation series of published projects with at least one open slot not yet over. */
export async function bookableSeries(db: Db, now: Date) {
	const rows = await db
		.selectDistinct({ itemId: programmeItem.id, itemTitle: programmeItem.title, projectSlug: project.slug, projectTitle: project.title })
		.from(consultationOffer)
		.innerJoin(programmeItem, eq(programmeItem.id, consultationOffer.itemId))
		.innerJoin(project, eq(project.id, programmeItem.projectId))
		.innerJoin(consultationTrack, eq(consultationTrack.offerId, consultationOffer.id))
		.innerJoin(consultationSlot, eq(consultationSlot.trackId, consultationTrack.id))
		.where(and(eq(project.status, 'published'), eq(consultationSlot.status, 'open'), gt(consultationSlot.endsAt, now)));
	return rows.sort((a, b) => a.itemId - b.itemId);
}

/** The association's bookings (booked ones still ahead first, then the rest, newest first) with what its page shows. */
export async function associationBookings(db: Db, who: Who, now: Date) {
	requireAssociation(who);
	const rows = await db
		.select({ booking: consultationBooking, slot: consultationSlot, track: consultationTrack, opens: consultationOffer.joinOpensMinutes, itemId: consultationOffer.itemId, consultantName: user.name })
		.from(consultationBooking)
		.innerJoin(consultationSlot, eq(consultationSlot.id, consultationBooking.slotId))
		.innerJoin(consultationTrack, eq(consultationTrack.id, consultationSlot.trackId))
		.innerJoin(consultationOffer, eq(consultationOffer.id, consultationTrack.offerId))
		.leftJoin(user, eq(user.id, consultationSlot.consultantId))
		.where(eq(consultationBooking.organisationId, who.organisationId))
		.orderBy(asc(consultationSlot.startsAt));
	const shaped = rows.map((r) => ({
		id: r.booking.id,
		state: r.booking.state,
		topic: r.booking.topic,
		attendees: r.booking.attendees.map((a) => ({ name: a.name, email: a.email })),
		language: r.booking.language,
		needs: r.booking.needs,
		itemId: r.itemId,
		trackId: r.track.id,
		trackTitle: r.track.title,
		slotId: r.slot.id,
		startsAt: r.slot.startsAt,
		endsAt: r.slot.endsAt,
		consultantName: r.consultantName ?? null,
		upcoming: r.booking.state === 'booked' && r.slot.status === 'open' && r.slot.endsAt.getTime() > now.getTime(),
		slotCancelled: r.slot.status === 'cancelled',
		joinOpen: r.booking.state === 'booked' && r.slot.status === 'open' && joinWindowOpen(r.slot.startsAt, r.slot.endsAt, r.opens, now),
		joinOpensAt: new Date(r.slot.startsAt.getTime() - r.opens * 60_000),
		mayChange: r.booking.state === 'booked' && r.slot.status === 'open' && associationMayChange(r.track, r.slot.startsAt, now),
		changeUntil: changeDeadline(r.track, r.slot.startsAt)
	}));
	return [...shaped.filter((b) => b.upcoming), ...shaped.filter((b) => !b.upcoming).reverse()];
}

export type AssociationBooking = Awaited<ReturnType<typeof associationBookings>>[number];

/** One booking of the association's own; another's is `not_found`. */
export async function associationBooking(db: Db, who: Who, bookingId: number, now: Date): Promise<AssociationBooking> {
	const found = (await associationBookings(db, who, now)).find((b) => b.id === bookingId);
	if (!found) throw new DomainError('not_found');
	return found;
}

/** The association's live waiting-list entries, with the track and, for a running offer, the slot and until when. */
export async function associationWaitlist(db: Db, who: Who, now: Date) {
	requireAssociation(who);
	const rows = await db
		.select({ entry: consultationWaitlist, track: consultationTrack })
		.from(consultationWaitlist)
		.innerJoin(consultationTrack, eq(consultationTrack.id, consultationWaitlist.trackId))
		.where(and(eq(consultationWaitlist.organisationId, who.organisationId), inArray(consultationWaitlist.state, ['waiting', 'offered'])))
		.orderBy(asc(consultationWaitlist.createdAt));
	const slotIds = rows.map((r) => r.entry.offeredSlotId).filter((id): id is number => id !== null);
	const slots = slotIds.length ? await db.select().from(consultationSlot).where(inArray(consultationSlot.id, slotIds)) : [];
	return rows.map(({ entry, track }) => {
		const live = entry.state === 'offered' && !!entry.offerExpiresAt && entry.offerExpiresAt.getTime() > now.getTime();
		const slot = live ? slots.find((s) => s.id === entry.offeredSlotId) : undefined;
		return { id: entry.id, trackId: track.id, trackTitle: track.title, offer: slot && entry.offerExpiresAt ? { startsAt: slot.startsAt, endsAt: slot.endsAt, until: entry.offerExpiresAt } : null };
	});
}

export type AssociationWaitlistEntry = Awaited<ReturnType<typeof associationWaitlist>>[number];

/** One live entry of the association's own; another's (or a finished one) is `not_found`. */
export async function associationWaitlistEntry(db: Db, who: Who, entryId: number, now: Date) {
	const found = (await associationWaitlist(db, who, now)).find((e) => e.id === entryId);
	if (!found) throw new DomainError('not_found');
	return found;
}

/**
 * A slot the association looks at to book: only of a consultation series of a published project,
 * not cancelled (else `not_found`). `state` says whether it can book it now: `open`, `taken` (no
 * place left for it: the waiting list), `mine` (it holds it), `closed` (outside the booking window).
 */
export async function slotToBook(db: Db, who: Who, slotId: number, now: Date) {
	requireAssociation(who);
	const [row] = await db
		.select({ slot: consultationSlot, track: consultationTrack, itemId: programmeItem.id, itemTitle: programmeItem.title, consultantName: user.name })
		.from(consultationSlot)
		.innerJoin(consultationTrack, eq(consultationTrack.id, consultationSlot.trackId))
		.innerJoin(consultationOffer, eq(consultationOffer.id, consultationTrack.offerId))
		.innerJoin(programmeItem, eq(programmeItem.id, consultationOffer.itemId))
		.innerJoin(project, eq(project.id, programmeItem.projectId))
		.leftJoin(user, eq(user.id, consultationSlot.consultantId))
		.where(and(eq(consultationSlot.id, slotId), eq(project.status, 'published'), eq(consultationSlot.status, 'open')));
	if (!row) throw new DomainError('not_found');
	const places = await placesOf(db, slotId, now);
	const waiting = await db
		.select({ id: consultationWaitlist.id })
		.from(consultationWaitlist)
		.where(and(eq(consultationWaitlist.trackId, row.track.id), eq(consultationWaitlist.organisationId, who.organisationId), inArray(consultationWaitlist.state, ['waiting', 'offered'])));
	const state = places.bookings.some((b) => b.organisationId === who.organisationId)
		? 'mine'
		: bookingWindow(row.track, row.slot.startsAt, now) !== 'open'
			? 'closed'
			: freeSeat(row.slot, places, who.organisationId) === null
				? 'taken'
				: 'open';
	return {
		id: row.slot.id,
		startsAt: row.slot.startsAt,
		endsAt: row.slot.endsAt,
		trackId: row.track.id,
		trackTitle: row.track.title,
		itemId: row.itemId,
		itemTitle: row.itemTitle,
		consultantName: row.consultantName ?? null,
		changeUntil: changeDeadline(row.track, row.slot.startsAt),
		state: state as 'mine' | 'closed' | 'taken' | 'open',
		onWaitlist: waiting.length > 0
	};
}

/** For the association home: how many bookings are still ahead and when the next one starts. */
export async function consultationTask(db: Db, who: Who, now: Date) {
	const upcoming = (await associationBookings(db, who, now)).filter((b) => b.upcoming);
	const series = upcoming.length ? [] : await bookableSeries(db, now);
	return { upcoming: upcoming.length, next: upcoming[0]?.startsAt ?? null, offered: series.length > 0 };
}
