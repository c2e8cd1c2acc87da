import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { safeReturnPath } from '#lib/forms/parse.ts';
import { app } from '#lib/server/app.ts';
import { isConsultant, isStaff, landingPath } from '#lib/server/auth/guard.ts';
import { signInStaff } from '#lib/server/auth/sign-in.ts';
import type { Actions, PageServerLoad } from './$types';

/** Only same-site paths; anything else goes to the dashboard. */
function safeNext(value: string | null): string {
	return safeReturnPath(value) ?? localizeHref('/admin');
}

export const load: PageServerLoad = ({ locals, url }) => {
	if (isStaff(locals.user)) redirect(303, safeNext(url.searchParams.get('weiter')));
	if (isConsultant(locals.user)) redirect(303, landingPath('consultant', safeReturnPath(url.searchParams.get('weiter')), localizeHref));
	// Signed in, but not as staff (an association member, or a sign-in link): say so instead of looping.
	// `?passwort`: an invited person has just set their password (einladung/[token]).
	return { noAccess: locals.user !== null, passwordSet: url.searchParams.has('passwort') };
};

export const actions: Actions = {
	default: async ({ request, url, getClientAddress }) => {
		const form = await request.formData();
		const email = String(form.get('email') ?? '').trim().toLowerCase();
		// No address is longer (RFC 5321); a longer one must not become a rate-limit key.
		if (email.length > 254) return fail(400, { email: '', error: 'signin_failed', seconds: 0 });
		const password = String(form.get('password') ?? '');
		const { database, auth } = app();
		const outcome = await signInStaff(database.db, auth, { email, password, client: getClientAddress(), headers: request.headers }, new Date());
		if (outcome.status === 'rate-limited') return fail(429, { email, error: 'signin_rate_limited', seconds: outcome.seconds });
		if (outcome.status === 'failed') return fail(400, { email, error: 'signin_failed', seconds: 0 });
		if (outcome.status === 'code-needed') {
			const next = url.searchParams.get('weiter');
			redirect(303, localizeHref('/admin/anmelden/code') + (next ? `?weiter=${encodeURIComponent(next)}` : ''));
		}
		// A consultant lands on /beratung, staff in the backoffice (or where ?weiter= says, inside their own area).
		redirect(303, landingPath(outcome.role, safeReturnPath(url.searchParams.get('weiter')), localizeHref));
	}
};
