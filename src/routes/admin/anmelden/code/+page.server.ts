import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { isStaff } from '#lib/server/auth/guard.ts';
import { verifyStaffCode } from '#lib/server/auth/sign-in.ts';
import type { Actions, PageServerLoad } from './$types';

function safeNext(value: string | null): string {
	return value && value.startsWith('/') && !value.startsWith('//') ? value : localizeHref('/admin');
}

export const load: PageServerLoad = ({ locals, url }) => {
	if (isStaff(locals.user)) redirect(303, safeNext(url.searchParams.get('weiter')));
	return {};
};

/** The second step after the password: a code from the app (`default`) or a backup code (`backup`). */
async function verify(event: Parameters<Actions[string]>[0], backup: boolean) {
	const form = await event.request.formData();
	const code = String(form.get('code') ?? '');
	const { database, auth } = app();
	const outcome = await verifyStaffCode(database.db, auth, { code, backup, client: event.getClientAddress(), headers: event.request.headers }, new Date());
	if (outcome.status === 'rate-limited') return fail(429, { backup, error: 'signin_rate_limited', seconds: outcome.seconds });
	if (outcome.status === 'failed') return fail(400, { backup, error: 'signin_code_failed', seconds: 0 });
	if (outcome.status === 'expired') return fail(400, { backup, error: 'signin_code_expired', seconds: 0 });
	redirect(303, safeNext(event.url.searchParams.get('weiter')));
}

export const actions: Actions = {
	default: (event) => verify(event, false),
	backup: (event) => verify(event, true)
};
