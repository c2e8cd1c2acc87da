import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { getProfile, parseStaffProfileForm, profileFormValues, updateProfileAsStaff } from '#lib/server/organisations/profile.ts';
import { formValues, idParam, refusal } from '../../../outcome.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	requireStaff(locals);
	try {
		const row = await getProfile(app().database.db, idParam(params.id));
		return { id: row.id, name: row.name, values: profileFormValues(row) };
	} catch (e) {
		throw refusal(e);
	}
};

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		const actor = requireStaff(locals);
		const id = idParam(params.id);
		const form = await request.formData();
		const parsed = parseStaffProfileForm(form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const { projectId: _projectId, ...profile } = parsed.data;
		try {
			await updateProfileAsStaff(app().database.db, actor, id, profile, new Date());
		} catch (e) {
			return refusal(e, formValues(form));
		}
		redirect(303, localizeHref(`/admin/vereine/${id}?gespeichert`));
	}
};
