import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { exportStatus } from '#lib/server/jobs/exports.ts';
import { idParam, refusal } from '../../outcome.ts';
import type { PageServerLoad } from './$types';

/** One export job's state: the page refreshes itself while it runs (see +page.svelte). */
export const load: PageServerLoad = async ({ locals, params, setHeaders }) => {
	requireStaff(locals);
	setHeaders({ 'Cache-Control': 'no-store' });
	try {
		return { job: await exportStatus(app().database.db, idParam(params.id)) };
	} catch (e) {
		throw refusal(e);
	}
};
