/**
 * How long sign-in data is kept, enforced by the maintenance job: rate-limit counters past every
 * window (the longest is an hour; a day is kept), sessions once expired (they hold the client
 * address and browser), and expired sign-in tokens (a magic-link token holds the address it was
 * sent to). Idempotent; safe to run on several instances at once.
 */
import { lt } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { rateLimit, session, verification } from '../db/schema/auth.ts';

/** Longer than any rate-limit window or back-off reset (auth/rate-limit.ts, better-auth's own). */
export const RATE_LIMIT_KEEP_SECONDS = 24 * 60 * 60;

export async function purgeSignInData(db: Db, now: Date): Promise<void> {
	await db.delete(rateLimit).where(lt(rateLimit.lastRequest, now.getTime() - RATE_LIMIT_KEEP_SECONDS * 1000));
	await db.delete(session).where(lt(session.expiresAt, now));
	await db.delete(verification).where(lt(verification.expiresAt, now));
}
