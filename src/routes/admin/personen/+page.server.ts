import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { exportPersonData } from '#lib/server/registration/privacy.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireStaff(locals);
	const email = url.searchParams.get('email')?.trim().toLowerCase() ?? '';
	return { email, data: email ? await exportPersonData(app().database.db, email) : null };
};
