import { apiHandler } from '#lib/server/api/handler.ts';
import { IdParams } from '#lib/server/api/public-schemas.ts';
import { writer } from '#lib/server/api/token-actor.ts';
import { AttendanceBody, AttendanceSheet, readAttendance, recordAttendance } from '#lib/server/api/attendance.ts';

export const GET = apiHandler(
	{
		method: 'GET',
		operationId: 'getAttendance',
		summary: 'Attendance of a session',
		tags: ['Attendance'],
		auth: { scope: 'attendance:read' },
		params: IdParams,
		responses: { 200: { description: 'The attendance sheet.', schema: AttendanceSheet } }
	},
	({ db, params }) => readAttendance(db, params.id)
);

export const PUT = apiHandler(
	{
		method: 'PUT',
		operationId: 'recordAttendance',
		summary: 'Record attendance marks for a session',
		description: 'Present or absent per registration on the sheet; a mark given again replaces the earlier one. One audit entry per mark. A registration not on the sheet refuses the whole request.',
		tags: ['Attendance'],
		auth: { scope: 'attendance:write' },
		params: IdParams,
		body: AttendanceBody,
		responses: { 200: { description: 'The attendance sheet with the marks.', schema: AttendanceSheet } }
	},
	({ db, params, body, actor, now }) => recordAttendance(db, writer(actor), params.id, body, now)
);
