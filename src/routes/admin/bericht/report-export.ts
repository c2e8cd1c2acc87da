import { redirect, type RequestEvent } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { requestFunderReport, type ReportFormat } from '#lib/server/reports/report-exports.ts';
import { periodFromQuery } from '#lib/reports/forms.ts';
import { idParam, refusal } from '../outcome.ts';

/**
 * The report's PDF and DOCX: always made as an export job, whatever the period; the answer is a 303 to
 * the job's status page (/admin/exporte/[id]), which refreshes until the file is ready. The period is
 * the report page's (?von=&bis=; a bad one means the whole runtime, as on the page).
 */
export async function requestReportFile(event: RequestEvent, format: ReportFormat): Promise<never> {
	const actor = requireStaff(event.locals);
	const projectId = idParam(event.params.projekt);
	const { period } = periodFromQuery(event.url.searchParams);
	let job;
	try {
		job = await requestFunderReport(app().database.db, { projectId, period, format, actor, now: new Date() });
	} catch (e) {
		throw refusal(e);
	}
	redirect(303, localizeHref(`/admin/exporte/${job.id}`));
}
