import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { getLegalSettings, saveLegalSettings } from '#lib/server/settings/legal.ts';
import { missingLegal, parseLegalForm } from '#lib/settings/legal.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	requireStaff(locals);
	const legal = await getLegalSettings(app().database.db);
	return { values: legal as unknown as Record<string, string>, missing: missingLegal(legal) };
};

export const actions: Actions = {
	legal: async ({ request, locals }) => {
		const actor = requireStaff(locals);
		const parsed = parseLegalForm(await request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		await saveLegalSettings(app().database.db, actor, parsed.data, new Date());
		redirect(303, `${localizeHref('/admin/einstellungen')}?gespeichert#ergebnis`);
	}
};
