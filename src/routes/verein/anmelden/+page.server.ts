import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { app } from '#lib/server/app.ts';
import { hitRateLimit, SIGN_IN_IP_LIMIT } from '#lib/server/auth/rate-limit.ts';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, getClientAddress }) => {
		const email = String((await request.formData()).get('email') ?? '').trim().toLowerCase();
		const { auth, database } = app();
		const wait = await hitRateLimit(database.db, `org-sign-in:ip:${getClientAddress()}`, SIGN_IN_IP_LIMIT, new Date());
		if (wait > 0) return fail(429, { email, seconds: wait });
		if (!z.email().safeParse(email).success) return fail(400, { email, invalid: true });
		// The same answer whether or not the address is known: nobody learns who is registered.
		await auth.api.signInMagicLink({ body: { email, callbackURL: '/verein' }, headers: request.headers }).catch(() => undefined);
		return { sent: true };
	}
};
