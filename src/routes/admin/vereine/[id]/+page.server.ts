import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { organisationResults } from '#lib/server/assessment/results.ts';
import { listMembers } from '#lib/server/organisations/members.ts';
import { listInvitations } from '#lib/server/organisations/invitations.ts';
import { addToCohort, cohortsOf, listCohorts, removeFromCohort } from '#lib/server/organisations/cohort.ts';
import { startNextRound } from '#lib/server/assessment/check.ts';
import { addComment, getPlan } from '#lib/server/assessment/plan.ts';
import { idParam, postedId, refusal } from '../../outcome.ts';
import { peopleActions } from '../../people-actions.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	requireStaff(locals);
	try {
		const id = idParam(params.id);
		const { db } = app().database;
		const view = await organisationResults(db, id);
		const [plan, members, invitations, cohorts, projects] = await Promise.all([getPlan(db, id), listMembers(db, id), listInvitations(db, id, new Date()), cohortsOf(db, id), listCohorts(db)]);
		return { view, plan, members, invitations, cohorts, otherProjects: projects.filter((p) => !cohorts.some((c) => c.id === p.id)) };
	} catch (e) {
		throw refusal(e);
	}
};

export const actions: Actions = {
	// role, remove, invite, withdraw: the same actions as the association admin's page.
	...peopleActions(async ({ locals, params }) => ({ actor: requireStaff(locals), organisationId: idParam(params.id ?? ''), page: `/admin/vereine/${params.id}` })),
	joinCohort: async ({ locals, params, request }) => {
		const actor = requireStaff(locals);
		try {
			await addToCohort(app().database.db, actor, await postedId(request, 'projectId'), idParam(params.id), new Date());
		} catch (e) {
			return refusal(e);
		}
		redirect(303, localizeHref(`/admin/vereine/${params.id}?gespeichert#kohorten`));
	},
	leaveCohort: async ({ locals, params, request }) => {
		const actor = requireStaff(locals);
		try {
			await removeFromCohort(app().database.db, actor, await postedId(request, 'projectId'), idParam(params.id), new Date());
		} catch (e) {
			return refusal(e);
		}
		redirect(303, localizeHref(`/admin/vereine/${params.id}?gespeichert#kohorten`));
	},
	comment: async ({ locals, params, request }) => {
		const actor = requireStaff(locals);
		const text = String((await request.formData()).get('text') ?? '').trim();
		if (text.length < 2 || text.length > 2000) return fail(400, { commentInvalid: true });
		await addComment(app().database.db, { ...actor, name: locals.user?.name ?? actor.email }, idParam(params.id), text, new Date());
		redirect(303, localizeHref(`/admin/vereine/${params.id}?gespeichert#plan`));
	},
	/** Closes the running round and opens the next; asks first (the page's confirmation). */
	nextRound: async ({ locals, params, request }) => {
		const actor = requireStaff(locals);
		if ((await request.formData()).get('confirm') !== 'yes') redirect(303, localizeHref(`/admin/vereine/${params.id}?neue-runde#neue-runde`));
		await startNextRound(app().database.db, actor, idParam(params.id), new Date());
		redirect(303, localizeHref(`/admin/vereine/${params.id}?gespeichert#runde`));
	}
};
