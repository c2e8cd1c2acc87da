import { redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { confirmOrganisation, listOrganisations } from '#lib/server/registration/organisations.ts';
import { refusal } from '../outcome.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	requireStaff(locals);
	return { organisations: await listOrganisations(app().database.db) };
};

export const actions: Actions = {
	confirm: async ({ locals, request }) => {
		const actor = requireStaff(locals);
		try {
			await confirmOrganisation(app().database.db, actor, Number((await request.formData()).get('id')), new Date());
		} catch (e) {
			return refusal(e);
		}
		redirect(303, localizeHref('/admin/vereine?gespeichert'));
	}
};
