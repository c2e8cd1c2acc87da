/**
 * Fixed-window attempt counter in the database, shared by every app instance (one atomic upsert).
 * Used for sign-in (per IP and per email) and, later, for registrations.
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

/** Per email address, failed attempts only: guessing one account's password. */
export const SIGN_IN_LIMIT: Limit = { max: 5, windowSeconds: 60 };
/** Per client address: spraying many accounts (a shared office connection still fits). */
export const SIGN_IN_IP_LIMIT: Limit = { max: 30, windowSeconds: 60 };

/**
 * Counts one attempt for `key`. Returns the seconds to wait when over the limit, else 0.
 */
export async function hitRateLimit(db: Db, key: string, limit: Limit, now: Date): Promise<number> {
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
	if (row.count <= limit.max) return 0;
	return Math.max(1, Math.ceil((row.lastRequest + limit.windowSeconds * 1000 - nowMs) / 1000));
}

/** Per client address: registrations (a group from one Verein on one connection still fits); REGISTRATION_RATE_LIMIT per 10 minutes. */
export const REGISTRATION_LIMIT: Limit = { max: Number(process.env.REGISTRATION_RATE_LIMIT) || 20, windowSeconds: 600 };

/** Seconds to wait when `key` is already over its limit, else 0; counts nothing. */
export async function rateLimitWait(db: Db, key: string, limit: Limit, now: Date): Promise<number> {
	const [row] = await db.select().from(rateLimit).where(eq(rateLimit.key, key));
	const nowMs = now.getTime();
	if (!row || row.lastRequest < nowMs - limit.windowSeconds * 1000 || row.count < limit.max) return 0;
	return Math.max(1, Math.ceil((row.lastRequest + limit.windowSeconds * 1000 - nowMs) / 1000));
}
