import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { projectParticipantLists } from '#lib/server/reports/participants.ts';
import { projectParticipantXlsx } from '#lib/server/reports/participant-list.ts';
import { periodFromQuery } from '#lib/reports/forms.ts';
import { idParam, refusal } from '../../../outcome.ts';
import type { RequestHandler } from './$types';

/** Every item's participant list of the chosen period in one file (names and addresses: staff only, never stored). */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	requireStaff(locals);
	const { period } = periodFromQuery(url.searchParams);
	let result;
	try {
		result = await projectParticipantLists(app().database.db, idParam(params.projekt), period);
	} catch (e) {
		throw refusal(e);
	}
	const name = `teilnehmende-${result.slug}${period ? `-${period.from}-${period.to}` : ''}.xlsx`;
	return new Response(new Uint8Array(await projectParticipantXlsx(result.lists)), {
		headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'no-store' }
	});
};
