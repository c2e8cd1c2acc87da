/**
 * Attendance per session, marked by the team on a phone, and the participant list built from it.
 * Only confirmed registrations count as participants.
 */
import { and, asc, count, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { programmeItem, project, session } from '../db/schema/programme.ts';
import { attendance, registration } from '../db/schema/registration.ts';
import { organisation } from '../db/schema/organisations.ts';
import { recordAudit, type Actor } from '../audit/record.ts';
import { emitEvent } from '../webhooks/events.ts';
import { DomainError } from '../errors.ts';

/** Everyone expected at a session (confirmed for the whole item or for this session) and their mark. */
export async function attendanceSheet(db: Db, sessionId: number) {
	const [s] = await db.select().from(session).where(eq(session.id, sessionId));
	if (!s) throw new DomainError('not_found');
	const [item] = await db.select().from(programmeItem).where(eq(programmeItem.id, s.itemId));
	const people = await db
		.select({ id: registration.id, name: registration.name, organisation: organisation.name, present: attendance.present })
		.from(registration)
		.leftJoin(organisation, eq(organisation.id, registration.organisationId))
		.leftJoin(attendance, and(eq(attendance.registrationId, registration.id), eq(attendance.sessionId, sessionId)))
		.where(and(eq(registration.itemId, s.itemId), eq(registration.status, 'confirmed'), or(isNull(registration.sessionId), eq(registration.sessionId, sessionId))))
		.orderBy(asc(registration.name));
	return { session: s, item, people };
}

export async function markAttendance(db: Db, actor: Actor, sessionId: number, registrationId: number, present: boolean, now: Date) {
	await db.transaction(async (tx) => {
		const [reg] = await tx.select().from(registration).where(eq(registration.id, registrationId));
		const [s] = await tx.select().from(session).where(eq(session.id, sessionId));
		if (!reg || !s || reg.itemId !== s.itemId || (reg.sessionId !== null && reg.sessionId !== sessionId)) throw new DomainError('not_found');
		await tx
			.insert(attendance)
			.values({ registrationId, sessionId, present, markedAt: now, markedBy: actor.email })
			.onConflictDoUpdate({ target: [attendance.registrationId, attendance.sessionId], set: { present, markedAt: now, markedBy: actor.email } });
		await recordAudit(tx, actor, present ? 'attendance.present' : 'attendance.absent', { type: 'registration', id: registrationId }, now, { sessionId });
		await emitEvent(tx, 'attendance.recorded', { registration_id: registrationId, item_id: s.itemId, session_id: sessionId }, now);
	});
}

export interface ParticipantRow {
	registrationId: number;
	name: string;
	email: string;
	organisation: string;
	language: string;
	/** The one session registered for, or null for the whole item. */
	sessionId: number | null;
	/** Sessions this person was expected at, and how many they attended. */
	expected: number;
	attended: number;
}

/**
 * The confirmed participants of an item with their attendance, for lists, exports and certificates.
 * Four reads whatever the size: the item with its project, its sessions, the confirmed registrations,
 * and the present marks of the item's sessions counted per registration by the database (looked up
 * in a Map, not searched per row; marks of registrations not confirmed are never looked up). `registrationIds` narrows the rows to those (a page of the backoffice's list).
 */
export async function participantList(db: Db, itemId: number, registrationIds?: number[]) {
	const [found] = await db.select({ item: programmeItem, project }).from(programmeItem).innerJoin(project, eq(project.id, programmeItem.projectId)).where(eq(programmeItem.id, itemId));
	if (!found) throw new DomainError('not_found');
	const { item, project: p } = found;
	const confirmed = and(eq(registration.itemId, itemId), eq(registration.status, 'confirmed'), registrationIds ? inArray(registration.id, registrationIds.length ? registrationIds : [0]) : undefined);
	const [sessions, regs, marks] = await Promise.all([
		db.select().from(session).where(eq(session.itemId, itemId)).orderBy(asc(session.startsAt)),
		db
			.select({ id: registration.id, name: registration.name, email: registration.email, language: registration.language, sessionId: registration.sessionId, org: organisation.name })
			.from(registration)
			.leftJoin(organisation, eq(organisation.id, registration.organisationId))
			.where(confirmed)
			.orderBy(asc(registration.name)),
		// By the item's sessions (attendance_session_idx; a mark is only ever for a session of the registration's item).
		db
			.select({ registrationId: attendance.registrationId, n: count() })
			.from(attendance)
			.where(and(inArray(attendance.sessionId, db.select({ id: session.id }).from(session).where(eq(session.itemId, itemId))), eq(attendance.present, true), registrationIds ? inArray(attendance.registrationId, registrationIds.length ? registrationIds : [0]) : undefined))
			.groupBy(attendance.registrationId)
	]);
	const attendedBy = new Map(marks.map((a) => [a.registrationId, a.n]));
	const rows: ParticipantRow[] = regs.map((r) => ({
		registrationId: r.id,
		name: r.name,
		email: r.email,
		organisation: r.org ?? '',
		language: r.language,
		sessionId: r.sessionId,
		expected: r.sessionId === null ? sessions.length : 1,
		attended: attendedBy.get(r.id) ?? 0
	}));
	return { project: p, item, sessions, rows };
}
