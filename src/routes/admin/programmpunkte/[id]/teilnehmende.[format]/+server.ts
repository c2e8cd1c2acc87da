import { error } from '@sveltejs/kit';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { participantList } from '#lib/server/registration/attendance.ts';
import { participantCsv, participantPdf, participantXlsx } from '#lib/server/reports/participant-list.ts';
import { documentBranding } from '#lib/server/settings/branding.ts';
import { idParam, refusal } from '../../../outcome.ts';
import type { RequestHandler } from './$types';

const TYPES = {
	csv: 'text/csv; charset=utf-8',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	pdf: 'application/pdf'
} as const;

export const GET: RequestHandler = async ({ locals, params }) => {
	requireStaff(locals);
	const format = params.format as keyof typeof TYPES;
	if (!(format in TYPES)) error(404, 'Not found');
	let list;
	try {
		list = await participantList(app().database.db, idParam(params.id));
	} catch (e) {
		throw refusal(e);
	}
	const body = format === 'csv' ? participantCsv(list) : format === 'xlsx' ? await participantXlsx(list) : await participantPdf(list, await documentBranding(app().database.db));
	return new Response(typeof body === "string" ? body : new Uint8Array(body), {
		headers: {
			'Content-Type': TYPES[format],
			'Content-Disposition': `attachment; filename="teilnehmende-${list.item.id}.${format}"`,
			'Cache-Control': 'no-store'
		}
	});
};
