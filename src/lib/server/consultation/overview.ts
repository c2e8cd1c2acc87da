/**
 * The team's view of one consultation offer: per track its rules and consultants, every slot with
 * its consultant, bookings (association, state, attendees' count) and a running waitlist offer,
 * and the track's waiting list in order. Team only.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { user } from '../db/schema/auth.ts';
import { organisation } from '../db/schema/organisations.ts';
import { consultationBooking, consultationSlot, consultationWaitlist } from '../db/schema/consultation.ts';
import { DomainError } from '../errors.ts';
import { requireTeam, type Who } from './access.ts';
import { offerOfItem } from './setup.ts';

export async function offerOverview(db: Db, who: Who, itemId: number) {
	requireTeam(who);
	const offer = await offerOfItem(db, itemId);
	if (!offer) throw new DomainError('not_found');
	const trackIds = offer.tracks.map((t) => t.id);
	const slots = trackIds.length
		? await db
				.select({ slot: consultationSlot, consultantName: user.name })
				.from(consultationSlot)
				.leftJoin(user, eq(user.id, consultationSlot.consultantId))
				.where(inArray(consultationSlot.trackId, trackIds))
				.orderBy(asc(consultationSlot.startsAt), asc(consultationSlot.id))
		: [];
	const slotIds = slots.map((s) => s.slot.id);
	const bookings = slotIds.length
		? await db
				.select({ id: consultationBooking.id, slotId: consultationBooking.slotId, state: consultationBooking.state, topic: consultationBooking.topic, attendees: consultationBooking.attendees, byTeam: consultationBooking.byTeam, organisationId: organisation.id, organisationName: organisation.name })
				.from(consultationBooking)
				.innerJoin(organisation, eq(organisation.id, consultationBooking.organisationId))
				.where(inArray(consultationBooking.slotId, slotIds))
				.orderBy(asc(consultationBooking.id))
		: [];
	const waitlist = trackIds.length
		? await db
				.select({ entry: consultationWaitlist, organisationName: organisation.name })
				.from(consultationWaitlist)
				.innerJoin(organisation, eq(organisation.id, consultationWaitlist.organisationId))
				.where(and(inArray(consultationWaitlist.trackId, trackIds), inArray(consultationWaitlist.state, ['waiting', 'offered'])))
				.orderBy(asc(consultationWaitlist.createdAt), asc(consultationWaitlist.id))
		: [];
	return {
		offer: { id: offer.id, itemId: offer.itemId, joinOpensMinutes: offer.joinOpensMinutes },
		tracks: offer.tracks.map((t) => ({
			track: t,
			slots: slots
				.filter((s) => s.slot.trackId === t.id)
				.map(({ slot, consultantName }) => ({
					slot,
					consultantName,
					bookings: bookings.filter((b) => b.slotId === slot.id).map(({ attendees, ...b }) => ({ ...b, people: attendees.length })),
					offeredTo: waitlist.filter((w) => w.entry.offeredSlotId === slot.id && w.entry.state === 'offered').map((w) => ({ id: w.entry.id, organisationName: w.organisationName, until: w.entry.offerExpiresAt }))
				})),
			waitlist: waitlist.filter((w) => w.entry.trackId === t.id).map((w, i) => ({ position: i + 1, id: w.entry.id, state: w.entry.state, organisationName: w.organisationName, since: w.entry.createdAt }))
		}))
	};
}
