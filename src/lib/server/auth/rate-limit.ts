/**
 * Fixed-window attempt counter in the database, shared by every app instance (one atomic upsert).
 * Used for sign-in (per client; per email and client with back-off; sign-in mails per recipient)
 * and for registrations.
 */
import { eq, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { rateLimit } from '../db/schema/auth.ts';

export interface Limit {
	/** Attempts allowed per window. */
	max: number;
	windowSeconds: number;
}

/** Per client address: spraying many accounts (a shared office connection still fits). */
export const SIGN_IN_IP_LIMIT: Limit = { max: 30, windowSeconds: 60 };
/** Per recipient: sign-in links mailed to one address (no mail bombing through the sign-in form). */
export const SIGN_IN_MAIL_LIMIT: Limit = { max: 3, windowSeconds: 3600 };

/**
 * Growing pauses after repeated failures. `free` failures cost nothing; each further one doubles
 * the pause (base, 2·base, 4·base … up to max), counted from the last failure; the count starts
 * afresh after `resetSeconds` without a failure.
 */
export interface Backoff {
	free: number;
	baseSeconds: number;
	maxSeconds: number;
	resetSeconds: number;
}

/**
 * Failed passwords per (email, client) pair: a stranger guessing from elsewhere never locks the
 * owner out. 5 free, then 15 s, 30 s, 1 min … at most 15 min; forgotten after a quiet hour.
 */
export const SIGN_IN_BACKOFF: Backoff = { free: 5, baseSeconds: 15, maxSeconds: 900, resetSeconds: 3600 };

/** One counted attempt: how many in the current window, and the seconds until that window ends. */
export interface WindowCount {
	count: number;
	resetSeconds: number;
}

/** Counts one attempt for `key` in a fixed window (one atomic upsert) and says where the window stands. */
export async function countRateLimit(db: Db, key: string, limit: Limit, now: Date): Promise<WindowCount> {
	const nowMs = now.getTime();
	const windowStart = nowMs - limit.windowSeconds * 1000;
	const [row] = await db
		.insert(rateLimit)
		.values({ id: randomUUID(), key, count: 1, lastRequest: nowMs })
		.onConflictDoUpdate({
			target: rateLimit.key,
			set: {
				count: sql`case when ${rateLimit.lastRequest} < ${windowStart} then 1 else ${rateLimit.count} + 1 end`,
				lastRequest: sql`case when ${rateLimit.lastRequest} < ${windowStart} then ${nowMs} else ${rateLimit.lastRequest} end`
			}
		})
		.returning();
	return { count: row.count, resetSeconds: Math.max(1, Math.ceil((row.lastRequest + limit.windowSeconds * 1000 - nowMs) / 1000)) };
}

/**
 * Counts one attempt for `key`. Returns the seconds to wait when over the limit, else 0.
 */
export async function hitRateLimit(db: Db, key: string, limit: Limit, now: Date): Promise<number> {
	const { count, resetSeconds } = await countRateLimit(db, key, limit, now);
	return count <= limit.max ? 0 : resetSeconds;
}

/** Per client address: registrations (a group from one Verein on one connection still fits); REGISTRATION_RATE_LIMIT per 10 minutes. */
export const REGISTRATION_LIMIT: Limit = { max: Number(process.env.REGISTRATION_RATE_LIMIT) || 20, windowSeconds: 600 };
/** Per email address (a keyed hash of it): registrations for it, any item; bounds the mails one inbox gets. */
export const REGISTRATION_ADDRESS_LIMIT: Limit = { max: 5, windowSeconds: 3600 };

function backoffPause(failures: number, policy: Backoff): number {
	if (failures < policy.free) return 0;
	return Math.min(policy.maxSeconds, policy.baseSeconds * 2 ** Math.min(30, failures - policy.free));
}

/** Seconds until `key` may try again under `policy`, else 0; counts nothing. */
export async function backoffWait(db: Db, key: string, policy: Backoff, now: Date): Promise<number> {
	const [row] = await db.select().from(rateLimit).where(eq(rateLimit.key, key));
	if (!row || row.lastRequest < now.getTime() - policy.resetSeconds * 1000) return 0;
	const until = row.lastRequest + backoffPause(row.count, policy) * 1000;
	return until > now.getTime() ? Math.ceil((until - now.getTime()) / 1000) : 0;
}

/** Counts one failure for `key` (one atomic upsert). */
export async function recordFailure(db: Db, key: string, policy: Backoff, now: Date): Promise<void> {
	const nowMs = now.getTime();
	const stale = nowMs - policy.resetSeconds * 1000;
	await db
		.insert(rateLimit)
		.values({ id: randomUUID(), key, count: 1, lastRequest: nowMs })
		.onConflictDoUpdate({
			target: rateLimit.key,
			set: { count: sql`case when ${rateLimit.lastRequest} < ${stale} then 1 else ${rateLimit.count} + 1 end`, lastRequest: nowMs }
		});
}

/** Forgets `key` (a successful sign-in clears its pair's failures). */
export async function clearRateLimit(db: Db, key: string): Promise<void> {
	await db.delete(rateLimit).where(eq(rateLimit.key, key));
}

/** Seconds to wait when `key` is already over its limit, else 0; counts nothing. */
export async function rateLimitWait(db: Db, key: string, limit: Limit, now: Date): Promise<number> {
	const [row] = await db.select().from(rateLimit).where(eq(rateLimit.key, key));
	const nowMs = now.getTime();
	if (!row || row.lastRequest < nowMs - limit.windowSeconds * 1000 || row.count < limit.max) return 0;
	return Math.max(1, Math.ceil((row.lastRequest + limit.windowSeconds * 1000 - nowMs) / 1000));
}
