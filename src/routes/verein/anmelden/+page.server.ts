import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { app } from '#lib/server/app.ts';
import { requestSignInLink } from '#lib/server/auth/sign-in.ts';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, getClientAddress, locals }) => {
		const email = String((await request.formData()).get('email') ?? '').trim().toLowerCase();
		if (email.length > 254 || !z.email().safeParse(email).success) return fail(400, { email, invalid: true });
		const { auth, database } = app();
		// The same answer whether or not the address is known: nobody learns who is registered.
		const outcome = await requestSignInLink(database.db, auth, { email, client: getClientAddress(), locale: locals.locale, headers: request.headers }, new Date());
		if (outcome.status === 'rate-limited') return fail(429, { email, seconds: outcome.seconds });
		if (outcome.status === 'mail-limited') return fail(429, { email, minutes: outcome.minutes });
		return { sent: true };
	}
};
