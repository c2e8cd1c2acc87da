import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { projectFigures } from '#lib/server/reports/figures.ts';
import { figuresCsv } from '#lib/server/reports/figure-tables.ts';
import { periodFromQuery } from '#lib/reports/forms.ts';
import { idParam, refusal } from '../../../outcome.ts';
import type { RequestHandler } from './$types';

/** The report's figures for the chosen period (?von=&bis=, as the page), the tables one after another. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	requireStaff(locals);
	const { period } = periodFromQuery(url.searchParams);
	let figures;
	try {
		figures = await projectFigures(app().database.db, idParam(params.projekt), period, new Date());
	} catch (e) {
		throw refusal(e);
	}
	const name = `zahlen-${figures.project.slug}${period ? `-${period.from}-${period.to}` : ''}.csv`;
	return new Response(figuresCsv(figures, locals.locale), {
		headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'no-store' }
	});
};
