import { error } from '@sveltejs/kit';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { cohortView } from '#lib/server/assessment/results.ts';
import { getCohortProject } from '#lib/server/organisations/cohort.ts';
import { cohortCsv } from '#lib/server/reports/cohort-csv.ts';
import { MIN_COHORT } from '#lib/assessment/scoring.ts';
import * as m from '#lib/paraglide/messages.js';
import { idParam, refusal } from '../../../outcome.ts';
import type { RequestHandler } from './$types';

/** The anonymous aggregate of one project's cohort only; nothing per organisation. */
export const GET: RequestHandler = async ({ locals, params }) => {
	requireStaff(locals);
	const { db } = app().database;
	const projectId = idParam(params.projekt);
	let slug: string;
	try {
		slug = (await getCohortProject(db, projectId)).slug;
	} catch (e) {
		throw refusal(e);
	}
	const view = await cohortView(db, projectId);
	const { aggregate } = view;
	if (!aggregate) error(404, m.cohort_too_few({ min: MIN_COHORT }));
	const csv = cohortCsv({ ...view, aggregate }, locals.locale);
	return new Response(csv, { headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="kohorte-${slug}.csv"` } });
};
