/**
 * Data protection for consultations. Attendees' names and addresses serve the booking, its mails
 * and the attendance record; `afterDays` (ANONYMISE_AFTER_DAYS) after the slot's end they are
 * removed, and so are the contact details of finished waiting-list entries and the mails sent to
 * them. Counts, attendance flags, the intake topic, notes and next steps (the association's, not a
 * person's) stay, so the figures and the plan remain. `consultationDataOf` is the part of a
 * person's export (GDPR Art. 15) that consultations hold.
 */
import { and, eq, inArray, isNull, lt, like, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { organisation } from '../db/schema/organisations.ts';
import { mailOutbox } from '../db/schema/registration.ts';
import { consultationBooking, consultationSlot, consultationTrack, consultationWaitlist } from '../db/schema/consultation.ts';
import { recordAudit } from '../audit/record.ts';

/**
 * Removes attendees' personal data from bookings of slots that ended more than `afterDays` ago.
 * Returns how many bookings changed. Both reads go through partial indexes of what still names
 * someone (db/schema/consultation.ts; the conditions are written as in the index, so the planner
 * can use it): already anonymised bookings and finished waiting-list entries are not read again.
 */
export async function anonymiseConsultations(db: Db, afterDays: number, now: Date): Promise<number> {
	const cutoff = new Date(now.getTime() - afterDays * 86_400_000);
	const due = await db
		.select({ id: consultationBooking.id, attendees: consultationBooking.attendees })
		.from(consultationBooking)
		.innerJoin(consultationSlot, eq(consultationSlot.id, consultationBooking.slotId))
		.where(and(lt(consultationSlot.endsAt, cutoff), sql`jsonb_path_exists(${consultationBooking.attendees}, '$[*] ? (@.email != "")')`));
	const waiting = await db
		.select({ id: consultationWaitlist.id, email: consultationWaitlist.contactEmail })
		.from(consultationWaitlist)
		.where(and(sql`${consultationWaitlist.contactEmail} <> '' and ${consultationWaitlist.state} not in ('waiting', 'offered')`, lt(consultationWaitlist.updatedAt, cutoff)));
	if (!due.length && !waiting.length) return 0;
	await db.transaction(async (tx) => {
		const emails = [...due.flatMap((d) => d.attendees.map((a) => a.email)), ...waiting.map((w) => w.email)].filter(Boolean);
		for (const d of due) {
			await tx
				.update(consultationBooking)
				.set({ attendees: d.attendees.map((a) => ({ name: '', email: '', present: a.present })), needs: '', updatedAt: now })
				.where(eq(consultationBooking.id, d.id));
			await recordAudit(tx, null, 'consultation.anonymised', { type: 'consultation_booking', id: d.id }, now, { reason: 'retention' });
		}
		if (waiting.length) await tx.update(consultationWaitlist).set({ contactName: '', contactEmail: '', updatedAt: now }).where(inArray(consultationWaitlist.id, waiting.map((w) => w.id)));
		if (emails.length) {
			await tx.delete(mailOutbox).where(and(like(mailOutbox.template, 'consultation_%'), inArray(mailOutbox.to, [...new Set(emails)]), lt(mailOutbox.createdAt, cutoff), isNull(mailOutbox.registrationId)));
		}
	});
	return due.length;
}

/** Everything consultations hold about one address: bookings it attends and waiting-list entries it made. */
export async function consultationDataOf(db: Db, email: string) {
	const address = email.trim().toLowerCase();
	const bookings = await db
		.select({ booking: consultationBooking, startsAt: consultationSlot.startsAt, endsAt: consultationSlot.endsAt, track: consultationTrack.title, organisation: organisation.name })
		.from(consultationBooking)
		.innerJoin(consultationSlot, eq(consultationSlot.id, consultationBooking.slotId))
		.innerJoin(consultationTrack, eq(consultationTrack.id, consultationSlot.trackId))
		.innerJoin(organisation, eq(organisation.id, consultationBooking.organisationId))
		.where(sql`${consultationBooking.attendees} @> ${JSON.stringify([{ email: address }])}::jsonb`);
	const waiting = await db.select().from(consultationWaitlist).where(eq(consultationWaitlist.contactEmail, address));
	return {
		consultationBookings: bookings.map((b) => ({
			id: b.booking.id,
			track: b.track.de ?? '',
			organisation: b.organisation,
			startsAt: b.startsAt,
			endsAt: b.endsAt,
			state: b.booking.state,
			topic: b.booking.topic,
			language: b.booking.language,
			needs: b.booking.needs,
			attendee: b.booking.attendees.find((a) => a.email === address) ?? null,
			createdAt: b.booking.createdAt
		})),
		consultationWaitlist: waiting.map((w) => ({ id: w.id, state: w.state, name: w.contactName, language: w.language, createdAt: w.createdAt }))
	};
}
