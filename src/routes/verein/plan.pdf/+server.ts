import * as m from '#lib/paraglide/messages.js';
import { app } from '#lib/server/app.ts';
import { requireMember } from '#lib/server/organisations/guard.ts';
import { organisationResults } from '#lib/server/assessment/results.ts';
import { getPlan, planPdf } from '#lib/server/assessment/plan.ts';
import { documentBranding } from '#lib/server/settings/branding.ts';
import { formatDate, localDate } from '#lib/programme/dates.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
	const { db } = app().database;
	const { membership } = await requireMember(db, locals);
	const [view, plan] = await Promise.all([organisationResults(db, membership.organisationId), getPlan(db, membership.organisationId)]);
	const pdf = await planPdf(view, plan, {
		title: m.plan_title(),
		results: m.result_title(),
		plan: m.plan_title(),
		comments: m.plan_comments(),
		asOf: m.plan_as_of({ date: formatDate(localDate(new Date()), locals.locale) }),
		legend: m.plan_chart_legend(),
		statuses: { open: m.plan_status_open(), in_progress: m.plan_status_in_progress(), done: m.plan_status_done() }
	}, locals.locale, await documentBranding(db));
	return new Response(new Uint8Array(pdf), { headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': 'attachment; filename="entwicklungsplan.pdf"', 'Cache-Control': 'no-store' } });
};
