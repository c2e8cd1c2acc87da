/**
 * Rate limits of the API: per client address (IPv4, or the /64 of IPv6, as a keyed hash:
 * registration/limits.ts), and per token when a token is used (A2), counted in the database
 * (auth/rate-limit.ts) so every app instance shares them. Answers carry the IETF draft's
 * `RateLimit-Policy` and `RateLimit` headers (draft-ietf-httpapi-ratelimit-headers); over the
 * limit, 429 with `Retry-After`.
 */
import type { Db } from '../db/client.ts';
import { countRateLimit, type Limit } from '../auth/rate-limit.ts';
import { clientKey } from '../registration/limits.ts';

/** Per client address: API_RATE_LIMIT requests per minute (default 300; a cache in front takes most public reads). */
export const API_ADDRESS_LIMIT: Limit = { max: Number(process.env.API_RATE_LIMIT) || 300, windowSeconds: 60 };
/** Per token: API_TOKEN_RATE_LIMIT requests per minute (default 600). */
export const API_TOKEN_LIMIT: Limit = { max: Number(process.env.API_TOKEN_RATE_LIMIT) || 600, windowSeconds: 60 };

export interface RateState {
	headers: Record<string, string>;
	/** Seconds to wait when over the limit, else 0. */
	retryAfter: number;
}

/** Counts one request for `who` (a token id, or else the client address) and returns the headers to send. */
export async function countApiRequest(db: Db, who: { tokenId?: string | number; address: string; secret: string }, now: Date): Promise<RateState> {
	const [policy, limit, key] =
		who.tokenId !== undefined
			? ['token', API_TOKEN_LIMIT, `api:token:${who.tokenId}`]
			: ['address', API_ADDRESS_LIMIT, `api:ip:${clientKey(who.address, who.secret)}`];
	const { count, resetSeconds } = await countRateLimit(db, key, limit as Limit, now);
	const { max, windowSeconds } = limit as Limit;
	const headers = {
		'RateLimit-Policy': `"${policy}";q=${max};w=${windowSeconds}`,
		RateLimit: `"${policy}";r=${Math.max(0, max - count)};t=${resetSeconds}`
	};
	return { headers, retryAfter: count > max ? resetSeconds : 0 };
}
