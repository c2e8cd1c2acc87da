/**
 * Signing in, for both doors: the team with password (and, when switched on, a TOTP or backup
 * code); association members with an emailed link. Each function applies its rate limits, which
 * live in the database so that every app instance shares them (rate-limit.ts).
 */
import { eq } from 'drizzle-orm';
import { APIError } from 'better-auth/api';
import type { Db } from '../db/client.ts';
import { user } from '../db/schema/auth.ts';
import type { Auth } from './auth.ts';
import {
	backoffWait,
	clearRateLimit,
	hitRateLimit,
	recordFailure,
	SIGN_IN_BACKOFF,
	SIGN_IN_IP_LIMIT,
	SIGN_IN_MAIL_LIMIT
} from './rate-limit.ts';

export type SignInOutcome =
	/** `role` says where the person lands (guard.ts landingPath). */
	| { status: 'signed-in'; headers: Headers; role: string }
	/** Password right, a code is due (the two-factor cookie is in `headers`). */
	| { status: 'code-needed'; headers: Headers }
	| { status: 'failed' }
	| { status: 'rate-limited'; seconds: number };

/**
 * Staff sign-in with email and password. Limits: all attempts per client (spraying), and failed
 * attempts per email *and* client with growing pauses, so that a stranger guessing an address
 * from elsewhere never shuts its owner out. A success clears the pair's failures.
 * `headers` of the outcome carry the cookies (also set on the request's cookies by better-auth).
 */
export async function signInStaff(
	db: Db,
	auth: Auth,
	input: { email: string; password: string; client: string; headers: Headers },
	now: Date
): Promise<SignInOutcome> {
	const email = input.email.trim().toLowerCase();
	const pairKey = `sign-in:pair:${email}|${input.client}`;
	const wait = Math.max(
		await hitRateLimit(db, `sign-in:ip:${input.client}`, SIGN_IN_IP_LIMIT, now),
		email ? await backoffWait(db, pairKey, SIGN_IN_BACKOFF, now) : 0
	);
	if (wait > 0) return { status: 'rate-limited', seconds: wait };
	if (!email || !input.password) return { status: 'failed' };
	try {
		const { headers, response } = await auth.api.signInEmail({ body: { email, password: input.password }, headers: input.headers, returnHeaders: true });
		await clearRateLimit(db, pairKey);
		if ('twoFactorRedirect' in response && response.twoFactorRedirect) return { status: 'code-needed', headers };
		return { status: 'signed-in', headers, role: await noteSignIn(db, { email }, now) };
	} catch (e) {
		if (!(e instanceof APIError)) throw e;
		await recordFailure(db, pairKey, SIGN_IN_BACKOFF, now);
		return { status: 'failed' };
	}
}

export type CodeOutcome =
	| { status: 'signed-in'; headers: Headers; role: string }
	| { status: 'failed' }
	/** The sign-in has lapsed (10 minutes) or took too many tries: start again with the password. */
	| { status: 'expired' }
	| { status: 'rate-limited'; seconds: number };

/** Per client: codes tried at the second step (better-auth also allows 5 per sign-in, 10 per account). */
const CODE_IP_LIMIT = { max: 10, windowSeconds: 60 };

/** The second step: a code from the authenticator app, or one of the backup codes (used up). */
export async function verifyStaffCode(
	db: Db,
	auth: Auth,
	input: { code: string; backup: boolean; client: string; headers: Headers },
	now: Date
): Promise<CodeOutcome> {
	const wait = await hitRateLimit(db, `sign-in-code:ip:${input.client}`, CODE_IP_LIMIT, now);
	if (wait > 0) return { status: 'rate-limited', seconds: wait };
	const code = input.backup ? input.code.trim() : input.code.replace(/\s/g, '');
	if (!code) return { status: 'failed' };
	try {
		const { headers, response } = input.backup
			? await auth.api.verifyBackupCode({ body: { code }, headers: input.headers, returnHeaders: true })
			: await auth.api.verifyTOTP({ body: { code }, headers: input.headers, returnHeaders: true });
		return { status: 'signed-in', headers, role: await noteSignIn(db, { id: response.user.id }, now) };
	} catch (e) {
		if (!(e instanceof APIError)) throw e;
		const reason = String((e.body as { code?: string } | undefined)?.code ?? '');
		if (reason === 'ACCOUNT_TEMPORARILY_LOCKED') return { status: 'rate-limited', seconds: 900 };
		if (reason === 'INVALID_CODE' || reason === 'INVALID_BACKUP_CODE') return { status: 'failed' };
		return { status: 'expired' };
	}
}

/** Records a completed staff sign-in (the team list shows it) and returns the account's role. */
async function noteSignIn(db: Db, who: { email: string } | { id: string }, now: Date): Promise<string> {
	const [row] = await db
		.update(user)
		.set({ lastSignInAt: now })
		.where('email' in who ? eq(user.email, who.email) : eq(user.id, who.id))
		.returning({ role: user.role });
	return row?.role ?? 'staff';
}

export type LinkRequestOutcome =
	| { status: 'sent' }
	| { status: 'rate-limited'; seconds: number }
	/** This address had its SIGN_IN_MAIL_LIMIT of links this hour (said for every address alike). */
	| { status: 'mail-limited'; minutes: number };

/** Whether `email` belongs to an association account (role org_member: a member or an invitee). */
async function isAssociationAccount(db: Db, email: string): Promise<boolean> {
	const [row] = await db.select({ role: user.role }).from(user).where(eq(user.email, email));
	return row?.role === 'org_member';
}

/**
 * An association member asks for a sign-in link. Limits per client and per recipient (at most
 * SIGN_IN_MAIL_LIMIT mails an hour), counted for every address alike; only association accounts get
 * a link (unknown and staff addresses none), and the caller shows the same answer either way.
 * The mail goes out in `locale`, the language of the page that asked.
 */
export async function requestSignInLink(
	db: Db,
	auth: Auth,
	input: { email: string; client: string; locale: string; headers: Headers },
	now: Date
): Promise<LinkRequestOutcome> {
	const email = input.email.trim().toLowerCase();
	const wait = await hitRateLimit(db, `org-sign-in:ip:${input.client}`, SIGN_IN_IP_LIMIT, now);
	if (wait > 0) return { status: 'rate-limited', seconds: wait };
	const mailWait = await hitRateLimit(db, `sign-in-mail:${email}`, SIGN_IN_MAIL_LIMIT, now);
	if (mailWait > 0) return { status: 'mail-limited', minutes: Math.ceil(mailWait / 60) };
	if (await isAssociationAccount(db, email)) {
		await auth.api.signInMagicLink({ body: { email, callbackURL: '/verein', metadata: { locale: input.locale } }, headers: input.headers });
	}
	return { status: 'sent' };
}
