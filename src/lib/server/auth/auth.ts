/**
 * Staff accounts and sessions (better-auth, email + password). Public sign-up is off: staff accounts
 * are created by the first start (demo admin) and, later, by an admin. Cookies are HttpOnly and
 * SameSite=Lax (better-auth defaults), Secure when the public origin is https.
 */
import { betterAuth } from 'better-auth/minimal';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { sveltekitCookies } from 'better-auth/svelte-kit';
import { magicLink } from 'better-auth/plugins';
import { getRequestEvent } from '$app/server';
import type { Db } from '../db/client.ts';
import * as authTables from '../db/schema/auth.ts';

export interface MagicLinkMail {
	email: string;
	/** Our own sign-in page for the token (a button, so mail scanners cannot use the link). */
	url: string;
}

export function createAuth(
	db: Db,
	options: { secret: string; publicOrigin: string | null; sendSignInLink?: (mail: MagicLinkMail) => Promise<void> }
) {
	const baseURL = options.publicOrigin ?? `http://localhost:${process.env.PORT || 3000}`;
	return betterAuth({
		appName: 'Bildungsturbo',
		secret: options.secret,
		// Only server-side API calls are used (no OAuth callbacks), so a local default is enough.
		baseURL,
		database: drizzleAdapter(db, { provider: 'pg', schema: authTables }),
		emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 10 },
		// Accounts are staff unless created otherwise; `role` decides what a session may reach.
		user: { additionalFields: { role: { type: 'string', defaultValue: 'staff', input: false } } },
		session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
		// Requests to /api/auth/* are limited by better-auth; the sign-in form action by rate-limit.ts.
		rateLimit: { enabled: true, storage: 'database', modelName: 'rateLimit', window: 60, max: 30 },
		advanced: { useSecureCookies: options.publicOrigin?.startsWith('https://') ?? false },
		plugins: [
			// Organisation members sign in with a link by email; only invited people have an account.
			magicLink({
				disableSignUp: true,
				expiresIn: 60 * 60 * 24,
				storeToken: 'hashed',
				sendMagicLink: async ({ email, token }) => {
					await options.sendSignInLink?.({ email, url: `${baseURL}/verein/link/${encodeURIComponent(token)}` });
				}
			}),
			sveltekitCookies(getRequestEvent) // must stay last
		]
	});
}

export type Auth = ReturnType<typeof createAuth>;
