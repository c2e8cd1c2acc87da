/**
 * Links that stand in for a password. Both kinds are random tokens of which only the SHA-256 is
 * stored; the token itself only travels in the mail.
 * - The double opt-in link (`registration.confirmTokenHash`).
 * - The participant's own page, `/teilnahme/<token>` (`participant_link`): a fresh link in every
 *   mail, valid until LINK_VALID_DAYS after the later of its issue and the end of the person's
 *   last registered session, revoked when the person's data is deleted. An expired, revoked or
 *   unknown token (also the HMAC links of earlier versions) opens nothing: the page offers a new
 *   link by mail instead, without telling whether the address is known.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { and, eq, gt, inArray, isNull, lt, max, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { session } from '../db/schema/programme.ts';
import { participantLink, registration } from '../db/schema/registration.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { mailLink } from '../mail/link.ts';
import { hitRateLimit, type Limit } from '../auth/rate-limit.ts';
import { composeOwnPageMail } from './mails.ts';
import type { Env } from './commands.ts';

/** How long a participant link stays valid after the person's last session (or its issue). */
export const LINK_VALID_DAYS = 180;
/** New-link mails per address: enough for a lost mail, too few to flood someone's inbox. */
export const LINK_REQUEST_LIMIT: Limit = { max: 3, windowSeconds: 3600 };
/** New-link requests per client connection (a shared office line still fits). */
export const LINK_REQUEST_CLIENT_LIMIT: Limit = { max: 10, windowSeconds: 600 };

/** Rate-limit keys are keyed hashes: no address or email is stored for them. */
const limitKey = (kind: string, value: string, secret: string) => `own-link:${kind}:${createHmac('sha256', secret).update(`${kind}:${value}`).digest('base64url').slice(0, 22)}`;

export function newConfirmToken(): { token: string; hash: string } {
	const token = randomBytes(24).toString('base64url');
	return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

/** LINK_VALID_DAYS after the later of `now` and `last` (a session's end). */
function expiryFrom(now: Date, last: Date | null): Date {
	const from = last && last.getTime() > now.getTime() ? last : now;
	return new Date(from.getTime() + LINK_VALID_DAYS * 86_400_000);
}

/** When a link issued now for `email` expires: LINK_VALID_DAYS after the person's last session, or after now. */
async function linkExpiry(db: Db | Tx, email: string, now: Date): Promise<Date> {
	const [{ last }] = await db
		.select({ last: max(session.endsAt) })
		.from(registration)
		.innerJoin(session, and(eq(session.itemId, registration.itemId), or(isNull(registration.sessionId), eq(session.id, registration.sessionId))))
		.where(eq(registration.email, email));
	return expiryFrom(now, last);
}

/**
 * Issues a new participant link for `email` (lower-cased) and returns its token, for one mail.
 * `lastSessionEnd`: the end of the last session of the registration the mail is about, when the
 * caller knows it (the link then lasts LINK_VALID_DAYS past it); otherwise the person's last
 * session over all their registrations is looked up.
 */
export async function issueParticipantLink(db: Db | Tx, email: string, now: Date, lastSessionEnd?: Date | null): Promise<string> {
	const { token, hash } = newConfirmToken();
	const expiresAt = lastSessionEnd === undefined ? await linkExpiry(db, email, now) : expiryFrom(now, lastSessionEnd);
	await db.insert(participantLink).values({ tokenHash: hash, email, createdAt: now, expiresAt });
	return token;
}

/** The absolute URL of a new participant link, in `language`, for a mail to `email` (see issueParticipantLink). */
export async function ownPageUrl(db: Db | Tx, env: { origin: string; now: Date }, email: string, language: string, lastSessionEnd?: Date | null): Promise<string> {
	return mailLink(env.origin, `/teilnahme/${await issueParticipantLink(db, email, env.now, lastSessionEnd)}`, language);
}

/**
 * The email a participant link opens, or null when the token is unknown, expired or revoked
 * (one answer for all three: the page then offers a new link).
 */
export async function resolveParticipantLink(db: Db, token: string, now: Date): Promise<string | null> {
	if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
	const [row] = await db
		.select({ email: participantLink.email })
		.from(participantLink)
		.where(and(eq(participantLink.tokenHash, hashToken(token)), isNull(participantLink.revokedAt), gt(participantLink.expiresAt, now)));
	return row?.email || null;
}

/**
 * Revokes every link of those addresses that no longer have any registration (all anonymised),
 * and blanks their address. Call after anonymising, in the same transaction. A later
 * registration with the same address gets new links; the old ones stay dead.
 */
export async function revokeLinksOfErased(tx: Db | Tx, emails: string[], now: Date): Promise<void> {
	const unique = [...new Set(emails.filter(Boolean))];
	if (unique.length === 0) return;
	const left = await tx.selectDistinct({ email: registration.email }).from(registration).where(inArray(registration.email, unique));
	const erased = unique.filter((e) => !left.some((l) => l.email === e));
	if (erased.length === 0) return;
	await tx
		.update(participantLink)
		// A raw parameter is not mapped like a column value: postgres.js refuses a Date there, so pass ISO text.
		.set({ revokedAt: sql`coalesce(${participantLink.revokedAt}, ${now.toISOString()}::timestamptz)`, email: '' })
		.where(inArray(participantLink.email, erased));
}

/** Deletes links past their expiry (maintenance). Returns how many. */
export async function purgeExpiredLinks(db: Db, now: Date): Promise<number> {
	return (await db.delete(participantLink).where(lt(participantLink.expiresAt, now)).returning({ id: participantLink.id })).length;
}

/**
 * A person asks for a new link to their page (theirs expired, was lost, or is from before links
 * expired). When the address has registrations, a fresh link goes there, in `language`; otherwise
 * nothing happens, and the caller shows the same answer either way. Returns the seconds to wait
 * when this client asked too often (LINK_REQUEST_CLIENT_LIMIT), else 0. At most
 * LINK_REQUEST_LIMIT mails per address; beyond that a request is silently dropped.
 */
export async function sendParticipantLink(env: Env, rawEmail: string, language: string, clientAddress: string): Promise<number> {
	const wait = await hitRateLimit(env.db, limitKey('client', clientAddress, env.secret), LINK_REQUEST_CLIENT_LIMIT, env.now);
	if (wait > 0) return wait;
	const email = rawEmail.trim().toLowerCase();
	const [latest] = await env.db
		.select({ id: registration.id, name: registration.name })
		.from(registration)
		.where(eq(registration.email, email))
		.orderBy(sql`${registration.createdAt} desc`)
		.limit(1);
	if (!latest) return 0;
	if ((await hitRateLimit(env.db, limitKey('address', email, env.secret), LINK_REQUEST_LIMIT, env.now)) > 0) return 0;
	await env.db.transaction(async (tx) => {
		const link = await ownPageUrl(tx, env, email, language);
		await enqueueMail(tx, composeOwnPageMail({ registrationId: latest.id, to: email, name: latest.name, language, link }), env.now);
	});
	return 0;
}
