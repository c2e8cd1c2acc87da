import { redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { ensureHandbook } from '#lib/server/handbook/commands.ts';
import { listHandbookProjects } from '#lib/server/handbook/queries.ts';
import { postedId, refusal } from '../outcome.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	requireStaff(locals);
	return { projects: await listHandbookProjects(app().database.db) };
};

export const actions: Actions = {
	create: async ({ locals, request }) => {
		const actor = requireStaff(locals);
		const projectId = await postedId(request, 'project');
		try {
			await ensureHandbook(app().database.db, actor, projectId, new Date());
		} catch (e) {
			return refusal(e);
		}
		redirect(303, localizeHref(`/admin/handbuch/${projectId}?angelegt`));
	}
};
