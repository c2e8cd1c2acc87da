import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { projectFigures } from '#lib/server/reports/figures.ts';
import { figureTables, measureLabel } from '#lib/server/reports/figure-tables.ts';
import { MEASURES, setProjectTargets } from '#lib/server/reports/targets.ts';
import { parseTargets, periodFromQuery, periodQuery } from '#lib/reports/forms.ts';
import { idParam, refusal } from '../../outcome.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireStaff(locals);
	const projectId = idParam(params.projekt);
	const { period, error } = periodFromQuery(url.searchParams);
	try {
		const figures = await projectFigures(app().database.db, projectId, period, new Date());
		return {
			figures,
			tables: figureTables(figures, locals.locale),
			targetFields: MEASURES.map((key) => ({ key, label: measureLabel(key, locals.locale) })),
			periodError: error,
			query: periodQuery(period)
		};
	} catch (e) {
		throw refusal(e);
	}
};

export const actions: Actions = {
	targets: async ({ locals, params, request, url }) => {
		const actor = requireStaff(locals);
		const projectId = idParam(params.projekt);
		const parsed = parseTargets(await request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		try {
			await setProjectTargets(app().database.db, actor, projectId, parsed.data, new Date());
		} catch (e) {
			return refusal(e);
		}
		const { period } = periodFromQuery(url.searchParams);
		const query = periodQuery(period);
		redirect(303, localizeHref(`/admin/bericht/${projectId}${query ? `${query}&` : '?'}gespeichert#ergebnis`));
	}
};
