import { error } from '@sveltejs/kit';
import * as m from '#lib/paraglide/messages.js';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { previewHandbookPage } from '#lib/server/handbook/page.ts';
import { idParam } from '../../../outcome.ts';
import type { PageServerLoad } from './$types';

/** The handbook as the public will see it, in any status (the team's last look before publishing). */
export const load: PageServerLoad = async ({ locals, params }) => {
	requireStaff(locals);
	const handbook = await previewHandbookPage(app().database.db, idParam(params.projekt), locals.locale, app().config.publicOrigin, new Date());
	if (!handbook) error(404, m.err_not_found());
	return { handbook, projectId: idParam(params.projekt) };
};
