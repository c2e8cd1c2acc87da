import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import * as commands from '#lib/server/programme/commands.ts';
import { parseProjectForm } from '#lib/programme/forms.ts';
import { formValues, refusal } from '../../outcome.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	requireStaff(locals);
	return {};
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const actor = requireStaff(locals);
		const form = await request.formData();
		const parsed = parseProjectForm(form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		let id: number;
		try {
			id = (await commands.createProject(app().database.db, actor, parsed.data, new Date())).id;
		} catch (e) {
			return refusal(e, formValues(form));
		}
		redirect(303, localizeHref(`/admin/projekte/${id}?gespeichert`));
	}
};
