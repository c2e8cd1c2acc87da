import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { organisationResults } from '#lib/server/assessment/results.ts';
import { idParam, refusal } from '../../outcome.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	requireStaff(locals);
	try {
		return { view: await organisationResults(app().database.db, idParam(params.id)) };
	} catch (e) {
		throw refusal(e);
	}
};
