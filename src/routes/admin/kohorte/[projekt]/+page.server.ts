import { redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { cohortView } from '#lib/server/assessment/results.ts';
import { addToCohort, getCohortProject, removeFromCohort } from '#lib/server/organisations/cohort.ts';
import { listOrganisations } from '#lib/server/registration/organisations.ts';
import { idParam, postedId, refusal } from '../../outcome.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	requireStaff(locals);
	const { db } = app().database;
	const projectId = idParam(params.projekt);
	try {
		const project = await getCohortProject(db, projectId);
		const cohort = await cohortView(db, projectId);
		const candidates = (await listOrganisations(db)).filter((o) => !cohort.organisations.some((c) => c.id === o.id));
		return { project, cohort, candidates: candidates.map((o) => ({ id: o.id, name: o.name })) };
	} catch (e) {
		throw refusal(e);
	}
};

export const actions: Actions = {
	add: async ({ locals, params, request }) => {
		const actor = requireStaff(locals);
		try {
			await addToCohort(app().database.db, actor, idParam(params.projekt), await postedId(request, 'organisationId'), new Date());
		} catch (e) {
			return refusal(e);
		}
		redirect(303, localizeHref(`/admin/kohorte/${params.projekt}?gespeichert`));
	},
	remove: async ({ locals, params, request }) => {
		const actor = requireStaff(locals);
		try {
			await removeFromCohort(app().database.db, actor, idParam(params.projekt), await postedId(request, 'organisationId'), new Date());
		} catch (e) {
			return refusal(e);
		}
		redirect(303, localizeHref(`/admin/kohorte/${params.projekt}?gespeichert`));
	}
};
