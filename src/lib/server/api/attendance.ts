/**
 * Attendance through the token API: the team's attendance sheet (`attendanceSheet`: everyone
 * confirmed for the session and their mark) and its marks (`markAttendance`, one transaction and
 * one audit entry per mark, as on the team's phone page).
 */
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import type { Actor } from '../audit/record.ts';
import { attendanceSheet, markAttendance } from '../registration/attendance.ts';
import { problem } from './problem.ts';
import { refusedAs } from './form-errors.ts';

export const AttendanceSheet = z
	.object({
		data: z.object({
			session_id: z.number().int(),
			item_id: z.number().int(),
			starts_at: z.string(),
			ends_at: z.string(),
			people: z.array(
				z.object({
					registration_id: z.number().int(),
					name: z.string(),
					organisation: z.string().nullable(),
					present: z.boolean().nullable().meta({ description: 'null: not marked yet.' })
				})
			)
		})
	})
	.meta({ id: 'AttendanceSheet', description: 'Everyone confirmed for the session (the whole item or this session) and their mark.' });

export const AttendanceBody = z
	.object({
		marks: z
			.array(z.object({ registration_id: z.number().int().positive(), present: z.boolean() }))
			.min(1)
			.max(500)
	})
	.meta({ id: 'AttendanceMarks', example: { marks: [{ registration_id: 7, present: true }] } });

async function sheet(db: Db, sessionId: number) {
	const s = await refusedAs({}, () => attendanceSheet(db, sessionId));
	return {
		data: {
			session_id: s.session.id,
			item_id: s.item.id,
			starts_at: s.session.startsAt.toISOString(),
			ends_at: s.session.endsAt.toISOString(),
			people: s.people.map((p) => ({ registration_id: p.id, name: p.name, organisation: p.organisation, present: p.present }))
		}
	};
}

export const readAttendance = sheet;

/**
 * Records the marks. Every registration must be on the session's sheet (else a 400 naming the
 * mark, and nothing is written); then each mark as the team's page records it.
 */
export async function recordAttendance(db: Db, actor: Actor, sessionId: number, body: z.output<typeof AttendanceBody>, now: Date) {
	const before = await sheet(db, sessionId);
	const expected = new Set(before.data.people.map((p) => p.registration_id));
	const unknown = body.marks.flatMap((mark, i) => (expected.has(mark.registration_id) ? [] : [{ field: `marks.${i}.registration_id`, code: 'not_found' }]));
	if (unknown.length) throw problem(400, 'invalid_request', undefined, unknown);
	for (const mark of body.marks) await refusedAs({}, () => markAttendance(db, actor, sessionId, mark.registration_id, mark.present, now));
	return sheet(db, sessionId);
}
