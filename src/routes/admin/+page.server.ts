import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { getDashboard } from '#lib/server/programme/dashboard.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	requireStaff(locals);
	return { dashboard: await getDashboard(app().database.db, new Date()) };
};
