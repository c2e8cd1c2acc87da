/**
 * Consultation figures for the team and the funder's report: per track and in total, by calendar
 * month (Europe/Berlin) of the slot's start. One read, no personal data.
 *
 * - slots offered: slots not cancelled;
 * - booked: active bookings (booked, held, no-show) on them; held / no-shows: those recorded so;
 * - associations reached: distinct organisations with at least one held consultation (in a month,
 *   and, separately, over the whole period — not the sum of the months);
 * - hours of advice: the length of every slot in which at least one association was advised (a
 *   group clinic counts its hours once).
 */
import { and, eq, gte, inArray, lt, ne, type SQL } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from '../db/client.ts';
import { programmeItem } from '../db/schema/programme.ts';
import { ACTIVE_BOOKING, consultationBooking, consultationOffer, consultationSlot, consultationTrack } from '../db/schema/consultation.ts';
import type { Translatable } from '../../content/translatable.ts';
import { ZONE } from '../../programme/time.ts';

export interface Figures {
	slotsOffered: number;
	booked: number;
	held: number;
	noShows: number;
	associationsReached: number;
	hoursOfAdvice: number;
}

export interface FigureRows {
	/** "YYYY-MM" → figures of that month, months in order. */
	months: { month: string; figures: Figures }[];
	total: Figures;
}

const empty = (): Figures => ({ slotsOffered: 0, booked: 0, held: 0, noShows: 0, associationsReached: 0, hoursOfAdvice: 0 });

interface Fact {
	trackId: number;
	month: string;
	slotId: number;
	hours: number;
	bookings: { organisationId: number; state: string }[];
}

function summarise(facts: Fact[]): FigureRows {
	const sum = (list: Fact[]): Figures => {
		const f = empty();
		const reached = new Set<number>();
		for (const fact of list) {
			f.slotsOffered += 1;
			f.booked += fact.bookings.length;
			const held = fact.bookings.filter((b) => b.state === 'held');
			f.held += held.length;
			f.noShows += fact.bookings.filter((b) => b.state === 'no_show').length;
			for (const b of held) reached.add(b.organisationId);
			if (held.length) f.hoursOfAdvice += fact.hours;
		}
		f.associationsReached = reached.size;
		f.hoursOfAdvice = Math.round(f.hoursOfAdvice * 100) / 100;
		return f;
	};
	const months = [...new Set(facts.map((f) => f.month))].sort();
	return { months: months.map((month) => ({ month, figures: sum(facts.filter((f) => f.month === month)) })), total: sum(facts) };
}

/**
 * The figures of every consultation track (of one project, when given), for slots starting from
 * `from` to `to` (calendar days in Berlin, "YYYY-MM-DD", both inclusive; open-ended when omitted).
 */
export async function consultationFigures(db: Db, filter: { projectId?: number; from?: string; to?: string } = {}) {
	const conditions: SQL[] = [ne(consultationSlot.status, 'cancelled')];
	if (filter.projectId !== undefined) conditions.push(eq(programmeItem.projectId, filter.projectId));
	if (filter.from) conditions.push(gte(consultationSlot.startsAt, DateTime.fromISO(filter.from, { zone: ZONE }).startOf('day').toJSDate()));
	if (filter.to) conditions.push(lt(consultationSlot.startsAt, DateTime.fromISO(filter.to, { zone: ZONE }).plus({ days: 1 }).startOf('day').toJSDate()));
	const slots = await db
		.select({ id: consultationSlot.id, trackId: consultationSlot.trackId, startsAt: consultationSlot.startsAt, endsAt: consultationSlot.endsAt, title: consultationTrack.title, itemId: programmeItem.id, projectId: programmeItem.projectId, position: consultationTrack.position })
		.from(consultationSlot)
		.innerJoin(consultationTrack, eq(consultationTrack.id, consultationSlot.trackId))
		.innerJoin(consultationOffer, eq(consultationOffer.id, consultationTrack.offerId))
		.innerJoin(programmeItem, eq(programmeItem.id, consultationOffer.itemId))
		.where(and(...conditions));
	const bookings = slots.length
		? await db
				.select({ slotId: consultationBooking.slotId, organisationId: consultationBooking.organisationId, state: consultationBooking.state })
				.from(consultationBooking)
				.where(and(inArray(consultationBooking.slotId, slots.map((s) => s.id)), inArray(consultationBooking.state, [...ACTIVE_BOOKING])))
		: [];
	const facts: Fact[] = slots.map((s) => ({
		trackId: s.trackId,
		slotId: s.id,
		month: DateTime.fromJSDate(s.startsAt, { zone: ZONE }).toFormat('yyyy-MM'),
		hours: (s.endsAt.getTime() - s.startsAt.getTime()) / 3_600_000,
		bookings: bookings.filter((b) => b.slotId === s.id)
	}));
	const tracks = [...new Map(slots.map((s) => [s.trackId, { trackId: s.trackId, title: s.title as Translatable, itemId: s.itemId, projectId: s.projectId, position: s.position }])).values()].sort(
		(a, b) => a.itemId - b.itemId || a.position - b.position || a.trackId - b.trackId
	);
	return {
		tracks: tracks.map((t) => ({ ...t, ...summarise(facts.filter((f) => f.trackId === t.trackId)) })),
		...summarise(facts)
	};
}
