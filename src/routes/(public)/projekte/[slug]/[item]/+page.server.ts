import { error } from '@sveltejs/kit';
import * as m from '#lib/paraglide/messages.js';
import { app } from '#lib/server/app.ts';
import * as programme from '#lib/server/programme/public.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const id = Number(params.item);
	const found = Number.isSafeInteger(id)
		? await programme.getPublicItem(app().database.db, params.slug, id, locals.locale, new Date())
		: null;
	if (!found) error(404, m.error_not_found());
	return found;
};
