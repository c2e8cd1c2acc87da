import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { createOrganisation, parseStaffProfileForm } from '#lib/server/organisations/profile.ts';
import { listCohorts } from '#lib/server/organisations/cohort.ts';
import { formValues, refusal } from '../../outcome.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireStaff(locals);
	return { projects: await listCohorts(app().database.db), projectId: url.searchParams.get('projekt') ?? '' };
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const actor = requireStaff(locals);
		const form = await request.formData();
		const parsed = parseStaffProfileForm(form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		let id: number;
		try {
			id = await createOrganisation(app().database.db, actor, parsed.data, new Date());
		} catch (e) {
			return refusal(e, formValues(form));
		}
		redirect(303, localizeHref(`/admin/vereine/${id}?angelegt#einladen`));
	}
};
