/**
 * Who is calling the API. Public operations need nobody; an operation with `auth: { scope }`
 * needs a token carrying that scope. `authenticate` is the one hook the token work (helper A2,
 * issue 12) fills: read `Authorization: Bearer <token>`, look the hashed token up, check expiry
 * and revocation, audit the use, and return the actor — or null when no valid token was sent.
 */
import type { Db } from '../db/client.ts';
import type { Actor } from '../audit/record.ts';
import { authenticateRequest } from './tokens.ts';

export interface ApiActor {
	kind: 'token';
	/** The token's id (rate limits and audit entries are per token). */
	tokenId: string | number;
	name: string;
	scopes: string[];
	/** Who its writes are recorded as: the admin who created the token, with the token's id (tokens.ts, tokenActor). */
	audit: Actor;
}

export interface AuthContext {
	db: Db;
	now: Date;
}

/**
 * The caller's token (api/tokens.ts): null when none is sent; a 401 problem (token_invalid,
 * token_expired, token_revoked) when one is sent that is unknown, expired or revoked.
 */
export async function authenticate(request: Request, ctx: AuthContext): Promise<ApiActor | null> {
	return authenticateRequest(request, ctx);
}

/** Whether the actor holds `scope` (e.g. `registrations:write`). */
export function hasScope(actor: ApiActor, scope: string): boolean {
	return actor.scopes.includes(scope);
}
