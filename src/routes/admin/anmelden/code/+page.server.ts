import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { safeReturnPath } from '#lib/forms/parse.ts';
import { app } from '#lib/server/app.ts';
import { isStaff, landingPath } from '#lib/server/auth/guard.ts';
import { verifyStaffCode } from '#lib/server/auth/sign-in.ts';
import type { Actions, PageServerLoad } from './$types';

/** Only same-site paths; anything else goes to the dashboard. */
function safeNext(value: string | null): string {
	return safeReturnPath(value) ?? localizeHref('/admin');
}

export const load: PageServerLoad = ({ locals, url }) => {
	if (isStaff(locals.user)) redirect(303, safeNext(url.searchParams.get('weiter')));
	return {};
};

export const actions: Actions = {
	/**
	 * The second step after the password: a code from the app, or a backup code when the form says
	 * `kind=backup`. One default action (SvelteKit allows no named action beside it), so both forms
	 * post to this page's own URL and keep its `?weiter=`.
	 */
	default: async ({ locals, request, url, getClientAddress }) => {
		// Already signed in (a second tab, a repeated post): no code is checked against that session.
		if (isStaff(locals.user)) redirect(303, safeNext(url.searchParams.get('weiter')));
		const form = await request.formData();
		const backup = form.get('kind') === 'backup';
		const code = String(form.get('code') ?? '');
		const { database, auth } = app();
		const outcome = await verifyStaffCode(database.db, auth, { code, backup, client: getClientAddress(), headers: request.headers }, new Date());
		if (outcome.status === 'rate-limited') return fail(429, { backup, error: 'signin_rate_limited', seconds: outcome.seconds });
		if (outcome.status === 'failed') return fail(400, { backup, error: 'signin_code_failed', seconds: 0 });
		if (outcome.status === 'expired') return fail(400, { backup, error: 'signin_code_expired', seconds: 0 });
		redirect(303, landingPath(outcome.role, safeReturnPath(url.searchParams.get('weiter')), localizeHref));
	}
};
