import { error } from '@sveltejs/kit';
import { stringify } from 'csv-stringify/sync';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { cohortView } from '#lib/server/assessment/results.ts';
import { getCohortProject } from '#lib/server/organisations/cohort.ts';
import { localise } from '#lib/content/translatable.ts';
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
	const { instrument, aggregate } = await cohortView(db, projectId);
	if (!aggregate) error(404, m.cohort_too_few({ min: MIN_COHORT }));
	const rows = aggregate.map((f) => [localise(instrument.dimensions.find((d) => d.key === f.key)?.title, locals.locale).text, f.organisations, f.mean ?? '', f.min ?? '', f.max ?? '']);
	const header = [m.dimension(), m.orgs_title(), m.cohort_mean(), m.cohort_min(), m.cohort_max()];
	const csv = '\uFEFF' + stringify([header, ...rows], { delimiter: ';' });
	return new Response(csv, { headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="kohorte-${slug}.csv"` } });
};
