import { redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, localizeHref('/beratung'));

/** A consultant signs out here (every /admin path, /admin/abmelden too, is 404 for them). */
export const actions: Actions = {
	default: async ({ request }) => {
		await app().auth.api.signOut({ headers: request.headers });
		redirect(303, localizeHref('/admin/anmelden'));
	}
};
