import { auditEntry } from '../db/schema/audit.ts';
import type { Db, Tx } from '../db/client.ts';
import { keyedHash } from '../auth/keyed-hash.ts';

/** Who performs a change. `null` is the system itself (start-up, demo loader, jobs). */
export interface Actor {
	id: string;
	/** For the caller's own use (e.g. a name to show); never written to the audit log. */
	email: string;
	/** Set when the change comes through an API token (api/tokens.ts): every entry names it in `details.apiToken`. */
	apiTokenId?: number;
}

/**
 * How the audit log names a person known by address: `person:` and a keyed hash of it. The log can
 * show that entries concern the same person (and the export finds them), but holds no address.
 */
export function personRef(email: string): string {
	return `person:${keyedHash('person', email.trim().toLowerCase())}`;
}

const ADDRESS = /[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[^\s@"'<>(),;:]+/g;

/** Every email address in a value (strings, nested objects and arrays) replaced by its `personRef`. */
function withoutAddresses(value: unknown): unknown {
	if (typeof value === 'string') return value.replace(ADDRESS, (address) => personRef(address));
	if (Array.isArray(value)) return value.map(withoutAddresses);
	if (value && typeof value === 'object' && !(value instanceof Date)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutAddresses(v)]));
	return value;
}

/**
 * Writes the audit entry for a change; call inside the change's own transaction. Only the actor's
 * id is stored; people are named by id. An email address in `entity.id` or `details` is stored
 * as its `personRef` (the log outlives the person's data and must not hold their address).
 */
export async function recordAudit(
	tx: Db | Tx,
	actor: Actor | null,
	action: string,
	entity: { type: string; id: number | string },
	now: Date,
	details: Record<string, unknown> = {}
): Promise<void> {
	await tx.insert(auditEntry).values({
		at: now,
		actorId: actor?.id ?? null,
		action,
		entityType: entity.type,
		entityId: withoutAddresses(String(entity.id)) as string,
		details: withoutAddresses(actor?.apiTokenId === undefined ? details : { ...details, apiToken: actor.apiTokenId }) as Record<string, unknown>
	});
}
