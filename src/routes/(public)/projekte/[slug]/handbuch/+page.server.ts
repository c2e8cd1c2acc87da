import { error } from '@sveltejs/kit';
import * as m from '#lib/paraglide/messages.js';
import { app } from '#lib/server/app.ts';
import { publicHandbookPage } from '#lib/server/handbook/page.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const handbook = await publicHandbookPage(app().database.db, params.slug, locals.locale, app().config.publicOrigin, new Date());
	if (!handbook) error(404, m.error_not_found());
	return { handbook };
};
