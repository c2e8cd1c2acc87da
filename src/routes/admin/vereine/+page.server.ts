import { redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { confirmOrganisation, ORGANISATION_DEFAULT_SORT, ORGANISATION_SORTS, searchOrganisations } from '#lib/server/registration/organisations.ts';
import { parseListQuery } from '#lib/forms/list-query.ts';
import { postedId, refusal } from '../outcome.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireStaff(locals);
	return searchOrganisations(app().database.db, parseListQuery(url.searchParams, ORGANISATION_SORTS, ORGANISATION_DEFAULT_SORT));
};

export const actions: Actions = {
	confirm: async ({ locals, request }) => {
		const actor = requireStaff(locals);
		try {
			await confirmOrganisation(app().database.db, actor, await postedId(request, 'id'), new Date());
		} catch (e) {
			return refusal(e);
		}
		redirect(303, localizeHref('/admin/vereine?gespeichert'));
	}
};
