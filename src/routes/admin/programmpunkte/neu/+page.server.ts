import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import * as backoffice from '#lib/server/programme/backoffice.ts';
import * as commands from '#lib/server/programme/commands.ts';
import { parseItemForm } from '#lib/programme/forms.ts';
import { formValues, idParam, refusal } from '../../outcome.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireStaff(locals);
	try {
		const p = await backoffice.getProjectBasics(app().database.db, idParam(url.searchParams.get('projekt') ?? ''));
		return { project: { id: p.id, name: p.phaseName || p.title.de || p.slug } };
	} catch (e) {
		throw refusal(e);
	}
};

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		const actor = requireStaff(locals);
		const form = await request.formData();
		const parsed = parseItemForm(form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		let id: number;
		try {
			id = (await commands.createItem(app().database.db, actor, idParam(url.searchParams.get('projekt') ?? ''), parsed.data, new Date())).id;
		} catch (e) {
			return refusal(e, formValues(form));
		}
		redirect(303, localizeHref(`/admin/programmpunkte/${id}?gespeichert`));
	}
};
