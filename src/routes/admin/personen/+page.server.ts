import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { exportPersonData } from '#lib/server/registration/privacy.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	requireStaff(locals);
};

/** The address travels in the request body (POST), never in a URL, so no access log holds it. */
export const actions: Actions = {
	default: async ({ locals, request }) => {
		requireStaff(locals);
		const email = String((await request.formData()).get('email') ?? '').trim().toLowerCase();
		return { email, data: email ? await exportPersonData(app().database.db, email) : null };
	}
};
