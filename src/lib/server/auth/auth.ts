/**
 * Accounts and sessions (better-auth). Staff sign in with email + password, optionally followed by
 * a TOTP code (twoFactor plugin); association members with an emailed link (magic link). Public
 * sign-up is off. Every session records how it was made (`signInMethod`): the /admin guard admits
 * only password sessions, and a magic link never makes a session for a staff account. Cookies are
 * HttpOnly and SameSite=Lax (better-auth defaults), Secure when the public origin is https.
 */
import { betterAuth } from 'better-auth/minimal';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { sveltekitCookies } from 'better-auth/svelte-kit';
import { magicLink, twoFactor } from 'better-auth/plugins';
import { getRequestEvent } from '$app/server';
import { isTeamRole, signInMethodOf } from './guard.ts';
import type { Db } from '../db/client.ts';
import * as authTables from '../db/schema/auth.ts';

export interface MagicLinkMail {
	email: string;
	/** Our own sign-in page for the token (a button, so mail scanners cannot use the link), not yet localised. */
	url: string;
	/** The language of the page that asked for the link, when the caller said. */
	locale?: string;
}

/** SvelteKit's request event when there is one (a form action), else null (tests, background jobs). */
function requestEvent() {
	try {
		return getRequestEvent();
	} catch {
		return null as unknown as ReturnType<typeof getRequestEvent>;
	}
}

/** A password link for a team account: better-auth's reset-password token, sent only as a team invitation (team/invitations.ts). */
export interface PasswordLinkMail {
	userId: string;
	email: string;
	token: string;
}

/** How long the link of a team invitation lasts (better-auth's reset-password token). */
export const PASSWORD_LINK_SECONDS = 7 * 24 * 60 * 60;

export function createAuth(
	db: Db,
	options: {
		secret: string;
		publicOrigin: string;
		sendSignInLink?: (mail: MagicLinkMail) => Promise<void>;
		sendPasswordLink?: (mail: PasswordLinkMail) => Promise<void>;
	}
) {
	// The configured public origin (config.ts): links in sign-in mails never follow a request's host.
	const baseURL = options.publicOrigin;
	return betterAuth({
		appName: 'Bildungsturbo',
		secret: options.secret,
		// Only server-side API calls are used (no OAuth callbacks, no /api/auth handler).
		baseURL,
		database: drizzleAdapter(db, { provider: 'pg', schema: authTables }),
		emailAndPassword: {
			enabled: true,
			disableSignUp: true,
			minPasswordLength: 10,
			// Invited team members set their first password with a reset-password token (team/invitations.ts).
			resetPasswordTokenExpiresIn: PASSWORD_LINK_SECONDS,
			sendResetPassword: async ({ user, token }) => {
				await options.sendPasswordLink?.({ userId: user.id, email: user.email, token });
			}
		},
		// The token of a password link stands in for the password: only its SHA-256 is stored.
		verification: { storeIdentifier: { default: 'plain', overrides: { 'reset-password:': 'hashed' } } },
		// Accounts are staff unless created otherwise; `role` decides what a session may reach.
		// `deactivatedAt`: a deactivated team account gets no session (below) and keeps none (hooks.server.ts).
		user: {
			additionalFields: {
				role: { type: 'string', defaultValue: 'staff', input: false },
				deactivatedAt: { type: 'date', required: false, input: false },
				lastSignInAt: { type: 'date', required: false, input: false }
			}
		},
		session: {
			expiresIn: 60 * 60 * 24 * 7,
			updateAge: 60 * 60 * 24,
			// No default here: a session re-made from another (2FA switched on) keeps its method.
			additionalFields: { signInMethod: { type: 'string', required: false, input: false } }
		},
		databaseHooks: {
			session: {
				create: {
					before: async (session, ctx) => {
						const inherited = typeof session.signInMethod === 'string' && session.signInMethod !== 'other' ? session.signInMethod : null;
						const signInMethod = inherited ?? signInMethodOf(ctx?.path);
						if (ctx) {
							const account = (await ctx.context.internalAdapter.findUserById(session.userId)) as { role?: unknown; deactivatedAt?: unknown } | null;
							// A deactivated account signs in no more, by any method (team/accounts.ts).
							if (!account || account.deactivatedAt) return false;
							// The team (admin, staff, consultant) signs in only with a password: a link never signs them in.
							if (signInMethod === 'magic-link' && isTeamRole(String(account.role ?? 'staff'))) return false;
						}
						return { data: { ...session, signInMethod } };
					}
				}
			}
		},
		// Requests to /api/auth/* are limited by better-auth; the sign-in form action by rate-limit.ts.
		rateLimit: { enabled: true, storage: 'database', modelName: 'rateLimit', window: 60, max: 30 },
		advanced: { useSecureCookies: options.publicOrigin.startsWith('https://') },
		plugins: [
			// Organisation members sign in with a link by email; only invited people have an account.
			magicLink({
				disableSignUp: true,
				expiresIn: 60 * 60 * 24,
				storeToken: 'hashed',
				sendMagicLink: async ({ email, token, metadata }) => {
					const locale = typeof metadata?.locale === 'string' ? metadata.locale : undefined;
					await options.sendSignInLink?.({ email, url: `${baseURL}/verein/link/${encodeURIComponent(token)}`, locale });
				}
			}),
			// Staff may add a TOTP code (authenticator app) to their password; backup codes stored encrypted.
			twoFactor({ issuer: 'Bildungsturbo' }),
			sveltekitCookies(requestEvent) // must stay last
		]
	});
}

export type Auth = ReturnType<typeof createAuth>;
