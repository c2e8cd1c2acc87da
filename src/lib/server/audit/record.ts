import { auditEntry } from '../db/schema/audit.ts';
import type { Db, Tx } from '../db/client.ts';

/** Who performs a change. `null` is the system itself (start-up, demo loader, jobs). */
export interface Actor {
	id: string;
	/** For the caller's own use (e.g. a name to show); never written to the audit log. */
	email: string;
}

/**
 * Writes the audit entry for a change; call inside the change's own transaction. Only the actor's
 * id is stored; `details` must not carry an address or a name (people by id only).
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
		entityId: String(entity.id),
		details
	});
}
