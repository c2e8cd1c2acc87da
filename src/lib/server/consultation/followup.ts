/**
 * After a slot: the consultant (of that slot) or the team records who of the association came,
 * writes private notes and adds the agreed next steps.
 *
 * Next steps are measures of the association's development plan (`plan_measure`), linked to the
 * booking by `consultation_next_step`: the plan (assessment/plan.ts getPlan), its PDF and the
 * association's status changes show and handle them like any other measure, with owner and due
 * date, and nothing in the plan's read path had to change. A step goes under the association's
 * goal for the booking's area (the first one), or under a new goal for that area whose text is the
 * booking's topic. Notes live in `consultation_note`, which no association read ever touches.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { planGoal, planMeasure } from '../db/schema/assessment.ts';
import { consultationBooking, consultationNextStep, consultationNote, consultationSlot, type Attendee } from '../db/schema/consultation.ts';
import { recordAudit } from '../audit/record.ts';
import { DomainError } from '../errors.ts';
import instrumentV1 from '../../assessment/instrument-v1.json' with { type: 'json' };
import { requireTeamOrConsultantOf, type Conn, type Who } from './access.ts';

const DIMENSIONS = new Set(instrumentV1.dimensions.map((d) => d.key));

/** The booking and its slot, for the team or the slot's consultant only (`not_found` otherwise). */
async function bookingForAdvisor(db: Conn, who: Who, bookingId: number) {
	const [row] = await db.select({ booking: consultationBooking, slot: consultationSlot }).from(consultationBooking).innerJoin(consultationSlot, eq(consultationSlot.id, consultationBooking.slotId)).where(eq(consultationBooking.id, bookingId));
	if (!row) throw new DomainError('not_found');
	requireTeamOrConsultantOf(who, row.slot.consultantId);
	return row;
}

/**
 * Records who came, by attendee email (present) — everyone else absent. Nobody present makes the
 * booking a no-show, anyone present makes it held. Possible from the slot's start on; may be corrected later.
 */
export async function recordAttendance(db: Db, who: Who, bookingId: number, presentEmails: string[], now: Date) {
	const { booking, slot } = await bookingForAdvisor(db, who, bookingId);
	if (booking.state === 'cancelled') throw new DomainError('not_found');
	if (now.getTime() < slot.startsAt.getTime()) throw new DomainError('attendance_too_early');
	const present = new Set(presentEmails.map((e) => e.trim().toLowerCase()));
	const attendees: Attendee[] = booking.attendees.map((a) => ({ ...a, present: present.has(a.email) }));
	const state = attendees.some((a) => a.present) ? 'held' : 'no_show';
	await db.transaction(async (tx) => {
		await tx.update(consultationBooking).set({ attendees, state, attendanceRecordedAt: now, updatedAt: now }).where(eq(consultationBooking.id, bookingId));
		await recordAudit(tx, who.actor, 'consultation.attendance_recorded', { type: 'consultation_booking', id: bookingId }, now, { state, present: attendees.filter((a) => a.present).length });
	});
	return state;
}

/** Saves the private notes of a booking (replacing earlier ones). The association never reads them. */
export async function saveNotes(db: Db, who: Who, bookingId: number, text: string, now: Date) {
	await bookingForAdvisor(db, who, bookingId);
	const value = text.trim();
	if (value.length > 20_000) throw new DomainError('choice', 'notes');
	await db.transaction(async (tx) => {
		await tx
			.insert(consultationNote)
			.values({ bookingId, authorId: who.actor.id, text: value, updatedAt: now })
			.onConflictDoUpdate({ target: consultationNote.bookingId, set: { text: value, authorId: who.actor.id, updatedAt: now } });
		// The audit entry says that notes changed, never what they say.
		await recordAudit(tx, who.actor, 'consultation.notes_saved', { type: 'consultation_booking', id: bookingId }, now);
	});
}

/** The private notes of a booking, for the team or the slot's consultant. */
export async function notesOf(db: Db, who: Who, bookingId: number) {
	await bookingForAdvisor(db, who, bookingId);
	const [note] = await db.select().from(consultationNote).where(eq(consultationNote.bookingId, bookingId));
	return note ?? null;
}

export interface NextStepInput {
	text: string;
	/** Who in the association does it (free text, as in the plan). */
	owner: string;
	/** "YYYY-MM-DD" or null. */
	dueDate: string | null;
	/** The plan area; the booking's own area when omitted. */
	dimensionKey?: string | null;
}

/** Adds agreed next steps to the association's development plan, each a measure linked to the booking. */
export async function addNextSteps(db: Db, who: Who, bookingId: number, steps: NextStepInput[], now: Date) {
	const { booking } = await bookingForAdvisor(db, who, bookingId);
	if (booking.state === 'cancelled') throw new DomainError('not_found');
	if (!steps.length) throw new DomainError('choice', 'text');
	for (const [i, s] of steps.entries()) {
		if (!s.text.trim() || s.text.length > 500) throw new DomainError('choice', `text`, { index: i });
		if (s.owner.length > 120) throw new DomainError('choice', 'owner', { index: i });
		if (s.dueDate !== null && !/^\d{4}-\d{2}-\d{2}$/.test(s.dueDate)) throw new DomainError('choice', 'dueDate', { index: i });
		const key = s.dimensionKey ?? booking.dimensionKey;
		if (!key || !DIMENSIONS.has(key)) throw new DomainError('choice', 'dimensionKey', { index: i });
	}
	return db.transaction(async (tx) => {
		const measures = [];
		for (const s of steps) {
			const key = (s.dimensionKey ?? booking.dimensionKey)!;
			let [goal] = await tx.select().from(planGoal).where(and(eq(planGoal.organisationId, booking.organisationId), eq(planGoal.dimensionKey, key))).orderBy(asc(planGoal.id)).limit(1);
			if (!goal) [goal] = await tx.insert(planGoal).values({ organisationId: booking.organisationId, dimensionKey: key, text: booking.topic, createdAt: now }).returning();
			const [measure] = await tx.insert(planMeasure).values({ goalId: goal.id, text: s.text.trim(), owner: s.owner.trim(), dueDate: s.dueDate, updatedAt: now }).returning();
			await tx.insert(consultationNextStep).values({ bookingId, measureId: measure.id, createdAt: now });
			await recordAudit(tx, who.actor, 'plan.measure_added', { type: 'organisation', id: booking.organisationId }, now, { measureId: measure.id, bookingId });
			measures.push(measure);
		}
		return measures;
	});
}

/** The next steps from an organisation's consultations (earlier ones first), for the consultant's view. */
export async function nextStepsOf(db: Conn, organisationId: number) {
	const bookings = await db.select({ id: consultationBooking.id }).from(consultationBooking).where(eq(consultationBooking.organisationId, organisationId));
	if (!bookings.length) return [];
	return db
		.select({ bookingId: consultationNextStep.bookingId, measure: planMeasure, dimensionKey: planGoal.dimensionKey })
		.from(consultationNextStep)
		.innerJoin(planMeasure, eq(planMeasure.id, consultationNextStep.measureId))
		.innerJoin(planGoal, eq(planGoal.id, planMeasure.goalId))
		.where(inArray(consultationNextStep.bookingId, bookings.map((b) => b.id)))
		.orderBy(asc(consultationNextStep.id));
}

/** Measure ids of a plan that came from a consultation: the plan page may mark them. */
export async function consultationMeasureIds(db: Conn, measureIds: number[]): Promise<Set<number>> {
	if (!measureIds.length) return new Set();
	const rows = await db.select({ id: consultationNextStep.measureId }).from(consultationNextStep).where(inArray(consultationNextStep.measureId, measureIds));
	return new Set(rows.map((r) => r.id));
}
