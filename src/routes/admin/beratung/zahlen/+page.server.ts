import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { consultationFigures } from '#lib/server/consultation/figures.ts';
import type { PageServerLoad } from './$types';

/** Consultation figures per track and in total, by month (the funder report reads the same function). */
export const load: PageServerLoad = async ({ locals }) => {
	requireStaff(locals);
	return { figures: await consultationFigures(app().database.db) };
};
