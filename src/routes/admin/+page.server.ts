import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import * as backoffice from '#lib/server/programme/backoffice.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	requireStaff(locals);
	const projects = await backoffice.listProjectsWithFindings(app().database.db, new Date());
	return {
		projects: projects.map(({ tree, findings }) => ({
			id: tree.id,
			slug: tree.slug,
			phaseName: tree.phaseName,
			title: tree.title.de ?? '',
			status: tree.status,
			runtimeStart: tree.runtimeStart,
			runtimeEnd: tree.runtimeEnd,
			items: tree.items.length,
			findings
		}))
	};
};
