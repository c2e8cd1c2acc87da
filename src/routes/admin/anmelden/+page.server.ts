import { fail, redirect } from '@sveltejs/kit';
import { APIError } from 'better-auth/api';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { isStaff } from '#lib/server/auth/guard.ts';
import { hitRateLimit, rateLimitWait, SIGN_IN_IP_LIMIT, SIGN_IN_LIMIT } from '#lib/server/auth/rate-limit.ts';
import type { Actions, PageServerLoad } from './$types';

/** Only same-site paths; anything else goes to the dashboard. */
function safeNext(value: string | null): string {
	return value && value.startsWith('/') && !value.startsWith('//') ? value : localizeHref('/admin');
}

export const load: PageServerLoad = ({ locals, url }) => {
	if (isStaff(locals.user)) redirect(303, safeNext(url.searchParams.get('weiter')));
	// Signed in, but not as staff (an association member): say so instead of looping.
	return { noAccess: locals.user !== null };
};

export const actions: Actions = {
	default: async ({ request, url, getClientAddress }) => {
		const form = await request.formData();
		const email = String(form.get('email') ?? '').trim().toLowerCase();
		const password = String(form.get('password') ?? '');
		const { database, auth } = app();
		const now = new Date();
		const emailKey = `sign-in:email:${email}`;
		const wait = Math.max(
			await hitRateLimit(database.db, `sign-in:ip:${getClientAddress()}`, SIGN_IN_IP_LIMIT, now),
			email ? await rateLimitWait(database.db, emailKey, SIGN_IN_LIMIT, now) : 0
		);
		if (wait > 0) return fail(429, { email, error: 'signin_rate_limited', seconds: wait });
		if (!email || !password) return fail(400, { email, error: 'signin_failed', seconds: 0 });
		try {
			await auth.api.signInEmail({ body: { email, password }, headers: request.headers });
		} catch (e) {
			if (!(e instanceof APIError)) throw e;
			// Only failures count against the account, so the team is never locked out by its own sign-ins.
			await hitRateLimit(database.db, emailKey, SIGN_IN_LIMIT, now);
			return fail(400, { email, error: 'signin_failed', seconds: 0 });
		}
		redirect(303, safeNext(url.searchParams.get('weiter')));
	}
};
