/** The audit actor of a token request (api/tokens.ts, `tokenActor`): what services record as who made a write. */
import type { Actor } from '../audit/record.ts';
import type { ApiActor } from './auth.ts';
import { problem } from './problem.ts';

export function writer(actor: ApiActor | null): Actor {
	// apiHandler lets only token requests reach an operation with a scope; this is its type-level guard.
	if (!actor?.audit) throw problem(401, 'unauthorized');
	return actor.audit;
}
