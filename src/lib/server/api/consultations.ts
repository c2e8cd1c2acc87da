/**
 * Consultation bookings through the token API, as the team does them in the backoffice: the list
 * per consultation-series item (`offerOverview`), booking a slot on an association's behalf (the
 * intake form's parser `parseIntakeForm`, then `bookSlot` as the team: the slot lock, the seat,
 * the mails to the attendees, the audit entry), reading one booking (the list's entry for it: what
 * booking webhooks link to) and cancelling (`cancelBooking`: the mails, the
 * freed place offered to the track's waiting list).
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import type { Actor } from '../audit/record.ts';
import { consultationBooking, consultationOffer, consultationSlot, consultationTrack } from '../db/schema/consultation.ts';
import { parseIntakeForm, MAX_ATTENDEES } from '../../consultation/rules.ts';
import { bookSlot, cancelBooking } from '../consultation/booking.ts';
import { offerOverview } from '../consultation/overview.ts';
import type { Who } from '../consultation/access.ts';
import { formOf, formProblem, refusedAs } from './form-errors.ts';
import { problem } from './problem.ts';
import { Lang } from './schemas.ts';

export const ConsultationBooking = z
	.object({
		id: z.number().int(),
		slot_id: z.number().int(),
		track_id: z.number().int(),
		starts_at: z.string(),
		ends_at: z.string(),
		organisation: z.object({ id: z.number().int(), name: z.string() }),
		state: z.enum(['booked', 'cancelled', 'held', 'no_show']),
		topic: z.string(),
		people: z.number().int().meta({ description: 'How many of the association’s people attend.' }),
		by_team: z.boolean().meta({ description: 'Booked by the team (or through the API) on the association’s behalf.' })
	})
	.meta({ id: 'ConsultationBooking' });

export const ConsultationBookingEnvelope = z.object({ data: ConsultationBooking }).meta({ id: 'ConsultationBookingEnvelope' });
export const ConsultationBookingList = z.object({ data: z.array(ConsultationBooking) }).meta({ id: 'ConsultationBookingList' });
export const ConsultationBookingCreated = z.object({ data: z.object({ id: z.number().int(), slot_id: z.number().int(), organisation_id: z.number().int(), state: z.literal('booked') }) }).meta({ id: 'ConsultationBookingCreated' });

export const BookingBody = z
	.object({
		organisation_id: z.number().int().positive(),
		topic: z.string().max(500),
		dimension_key: z.string().max(60).nullable().optional().meta({ description: 'The digital check’s area the consultation is about.' }),
		language: Lang,
		needs: z.string().max(500).optional(),
		attendees: z
			.array(z.object({ name: z.string().max(120), email: z.string().max(254), language: Lang.optional() }))
			.min(1)
			.max(MAX_ATTENDEES)
	})
	.meta({ id: 'ConsultationBookingCreate', example: { organisation_id: 3, topic: 'Mitgliederverwaltung', language: 'de', attendees: [{ name: 'Selin Kaya', email: 'selin@example.org' }] } });

const FIELDS: Record<string, string> = { organisationId: 'organisation_id', topic: 'topic', dimensionKey: 'dimension_key', language: 'language', needs: 'needs' };
for (let n = 0; n < MAX_ATTENDEES; n++) for (const part of ['name', 'email', 'language']) FIELDS[`attendees.${n}.${part}`] = `attendees.${n}.${part}`;

const team = (actor: Actor): Who => ({ kind: 'team', actor });

/** Every booking of the item's consultation offer (all states), by slot time. */
export async function listBookingsViaApi(db: Db, actor: Actor, itemId: number) {
	const overview = await refusedAs({}, () => offerOverview(db, team(actor), itemId));
	const data = overview.tracks.flatMap((t) =>
		t.slots.flatMap(({ slot, bookings }) =>
			bookings.map((b) => ({
				id: b.id,
				slot_id: slot.id,
				track_id: t.track.id,
				starts_at: slot.startsAt.toISOString(),
				ends_at: slot.endsAt.toISOString(),
				organisation: { id: b.organisationId, name: b.organisationName },
				state: b.state,
				topic: b.topic,
				people: b.people,
				by_team: b.byTeam
			}))
		)
	);
	return { data: data.sort((a, b) => a.starts_at.localeCompare(b.starts_at) || a.id - b.id) };
}

/** One booking (any state): its entry in its consultation series' list. */
export async function readBookingViaApi(db: Db, actor: Actor, bookingId: number) {
	const [row] = await db
		.select({ itemId: consultationOffer.itemId })
		.from(consultationBooking)
		.innerJoin(consultationSlot, eq(consultationSlot.id, consultationBooking.slotId))
		.innerJoin(consultationTrack, eq(consultationTrack.id, consultationSlot.trackId))
		.innerJoin(consultationOffer, eq(consultationOffer.id, consultationTrack.offerId))
		.where(eq(consultationBooking.id, bookingId));
	const booking = row && (await listBookingsViaApi(db, actor, row.itemId)).data.find((b) => b.id === bookingId);
	if (!booking) throw problem(404, 'not_found');
	return { data: booking };
}

/** Books the slot for the association as the team does (past the association's time rules and limit, never into a full or past slot). */
export async function bookViaApi(env: { db: Db; now: Date; origin: string }, actor: Actor, slotId: number, body: z.output<typeof BookingBody>) {
	const fields: Record<string, string | null | undefined> = { topic: body.topic, dimensionKey: body.dimension_key ?? null, language: body.language, needs: body.needs };
	body.attendees.forEach((a, n) => Object.assign(fields, { [`attendees.${n}.name`]: a.name, [`attendees.${n}.email`]: a.email, [`attendees.${n}.language`]: a.language }));
	const parsed = parseIntakeForm(formOf(fields));
	if (!parsed.ok) throw formProblem(parsed.errors, FIELDS);
	const booking = await refusedAs(FIELDS, () => bookSlot(env, team(actor), { slotId, organisationId: body.organisation_id, intake: parsed.data }), { not_found: 'err_not_found' });
	return { data: { id: booking.id, slot_id: booking.slotId, organisation_id: booking.organisationId, state: 'booked' as const } };
}

export async function cancelViaApi(env: { db: Db; now: Date; origin: string }, actor: Actor, bookingId: number) {
	await refusedAs({}, () => cancelBooking(env, team(actor), bookingId));
}
