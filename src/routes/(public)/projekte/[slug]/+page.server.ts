import { error } from '@sveltejs/kit';
import * as m from '#lib/paraglide/messages.js';
import { app } from '#lib/server/app.ts';
import * as programme from '#lib/server/programme/public.ts';
import { hasPublishedHandbook } from '#lib/server/handbook/queries.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const project = await programme.getPublicProject(app().database.db, params.slug, locals.locale, new Date());
	if (!project) error(404, m.error_not_found());
	return { project, handbook: await hasPublishedHandbook(app().database.db, project.id) };
};
