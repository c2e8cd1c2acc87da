import { redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { confirmOrganisation, searchOrganisations } from '#lib/server/registration/organisations.ts';
import { parsePage } from '#lib/forms/parse.ts';
import { postedId, refusal } from '../outcome.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireStaff(locals);
	const page = parsePage(url.searchParams.get('seite'));
	return searchOrganisations(app().database.db, { q: url.searchParams.get('q') ?? '', page });
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
