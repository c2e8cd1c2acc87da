/**
 * The per-use log of API tokens (issue 12, "every use audited"): one `api_token_use` row per
 * authenticated request, written by the API handler once the answer's status is known — reads,
 * writes and refusals of a valid token alike (403 for a missing scope, 4xx for bad input, 429).
 * Unknown, expired or revoked tokens have no token to name; the rate limit counts them per address.
 *
 * What a row holds: the token, the time, the method, the path without its query string (API paths
 * carry only ids and slugs; filters, which could hold a search, stay out), the status, and the
 * client as the rate limiter's keyed hash (registration/limits.ts `clientKey`), never the address.
 * The insert is one statement outside the request's write transaction; a failure is logged and the
 * answer goes out unchanged. Rows are kept USE_KEEP_DAYS and purged by the maintenance job.
 */
import { count, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { apiTokenUse } from '../db/schema/api-use.ts';
import { clientKey } from '../registration/limits.ts';

export const USE_KEEP_DAYS = 90;
/** Uses per page on the backoffice's token page. */
export const USES_PER_PAGE = 25;
const MAX_PATH = 300;

export interface TokenUse {
	tokenId: number;
	method: string;
	/** The request's URL: only its path is kept. */
	url: URL;
	status: number;
	address: string;
	secret: string;
}

/** Records one use; never throws (a lost log row must not fail the request it describes). */
export async function recordTokenUse(db: Db, use: TokenUse, now: Date): Promise<void> {
	try {
		await db.insert(apiTokenUse).values({
			tokenId: use.tokenId,
			at: now,
			method: use.method.toUpperCase().slice(0, 10),
			path: use.url.pathname.slice(0, MAX_PATH),
			status: use.status,
			clientKey: clientKey(use.address, use.secret)
		});
	} catch (e) {
		console.error(`API token use not recorded (token ${use.tokenId}):`, e instanceof Error ? e.message : e);
	}
}

/** A token's uses, newest first, `page` (from 1) of `pages`. */
export async function listTokenUses(db: Db, tokenId: number, page: number) {
	const [{ total }] = await db.select({ total: count() }).from(apiTokenUse).where(eq(apiTokenUse.tokenId, tokenId));
	const pages = Math.max(1, Math.ceil(total / USES_PER_PAGE));
	const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
	const uses = await db
		.select({ at: apiTokenUse.at, method: apiTokenUse.method, path: apiTokenUse.path, status: apiTokenUse.status })
		.from(apiTokenUse)
		.where(eq(apiTokenUse.tokenId, tokenId))
		.orderBy(desc(apiTokenUse.at), desc(apiTokenUse.id))
		.limit(USES_PER_PAGE)
		.offset((current - 1) * USES_PER_PAGE);
	return { uses, page: current, pages, total };
}

/** Deletes uses older than USE_KEEP_DAYS (maintenance job; idempotent). */
export async function purgeTokenUses(db: Db, now: Date): Promise<void> {
	await db.delete(apiTokenUse).where(lt(apiTokenUse.at, new Date(now.getTime() - USE_KEEP_DAYS * 86_400_000)));
}
