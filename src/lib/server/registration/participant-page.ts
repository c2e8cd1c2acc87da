/**
 * The participant's own page: each registration (participantView) with what happens next for it —
 * until when an unconfirmed one holds, the place on the waiting list, whether the certificate is
 * ready. Only the person's own registrations; of others only a count (the position).
 */
import { and, asc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { attendance, registration } from '../db/schema/registration.ts';
import { participantView } from './queries.ts';
import { certificateRefusal } from './certificates.ts';

export type ParticipantRegistration = Awaited<ReturnType<typeof participantView>>[number] & {
	/** Until when an unconfirmed registration (held, or waiting unconfirmed) waits for the email link. */
	confirmBy: Date | null;
	/** 1 = next to move up; null when not (yet) on the waiting list. */
	waitlistPosition: number | null;
	/** Every session of it is over. */
	past: boolean;
	certificateReady: boolean;
};

export async function participantPage(db: Db, email: string, now: Date, minShare: number): Promise<ParticipantRegistration[]> {
	const view = await participantView(db, email, now);
	if (view.length === 0) return [];
	const rows = await db.select().from(registration).where(inArray(registration.id, view.map((r) => r.id)));
	const waiting = rows.filter((r) => r.status === 'waitlisted' && r.emailConfirmedAt !== null);
	// The waiting list moves up in order of registration among those who confirmed (commands.ts).
	const queues = new Map<string, { id: number }[]>();
	for (const r of waiting) {
		const key = `${r.itemId}:${r.sessionId}`;
		if (queues.has(key)) continue;
		queues.set(
			key,
			await db
				.select({ id: registration.id })
				.from(registration)
				.where(
					and(
						eq(registration.itemId, r.itemId),
						r.sessionId === null ? isNull(registration.sessionId) : eq(registration.sessionId, r.sessionId),
						eq(registration.status, 'waitlisted'),
						isNotNull(registration.emailConfirmedAt)
					)
				)
				.orderBy(asc(registration.createdAt), asc(registration.id))
		);
	}
	const confirmedIds = rows.filter((r) => r.status === 'confirmed').map((r) => r.id);
	const present = confirmedIds.length
		? await db
				.select({ registrationId: attendance.registrationId })
				.from(attendance)
				.where(and(inArray(attendance.registrationId, confirmedIds), eq(attendance.present, true)))
		: [];
	return view.map((v) => {
		const row = rows.find((r) => r.id === v.id)!;
		const queue = queues.get(`${row.itemId}:${row.sessionId}`);
		const position = row.status === 'waitlisted' && queue ? queue.findIndex((q) => q.id === row.id) + 1 : 0;
		const ends = v.sessions.map((s) => s.endsAt);
		const attended = present.filter((p) => p.registrationId === v.id).length;
		return {
			...v,
			confirmBy: row.emailConfirmedAt === null && (row.status === 'held' || row.status === 'waitlisted') ? row.confirmExpiresAt : null,
			waitlistPosition: position > 0 ? position : null,
			past: ends.length > 0 && ends.every((e) => e.getTime() <= now.getTime()),
			certificateReady: v.status === 'confirmed' && certificateRefusal({ attended, expected: v.sessions.length }, ends, minShare, now) === null
		};
	});
}
