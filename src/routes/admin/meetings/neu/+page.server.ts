import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import * as backoffice from '#lib/server/programme/backoffice.ts';
import * as commands from '#lib/server/programme/commands.ts';
import { parseMeetingForm } from '#lib/programme/forms.ts';
import { formValues, idParam, refusal } from '../../outcome.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireStaff(locals);
	try {
		const { item } = await backoffice.getItemBasics(app().database.db, idParam(url.searchParams.get('programmpunkt') ?? ''));
		return { item: { id: item.id, title: item.title.de ?? '' } };
	} catch (e) {
		throw refusal(e);
	}
};

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		const actor = requireStaff(locals);
		const form = await request.formData();
		const parsed = parseMeetingForm(form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const itemId = idParam(url.searchParams.get('programmpunkt') ?? '');
		try {
			await commands.createMeeting(app().database.db, actor, itemId, parsed.data, new Date());
		} catch (e) {
			return refusal(e, formValues(form));
		}
		redirect(303, localizeHref(`/admin/programmpunkte/${itemId}?gespeichert`));
	}
};
