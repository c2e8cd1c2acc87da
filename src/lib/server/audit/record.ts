import { auditEntry } from '../db/schema/audit.ts';
import type { Db, Tx } from '../db/client.ts';

/** Who performs a change. `null` is the system itself (start-up, demo loader, jobs). */
export interface Actor {
	id: string;
	email: string;
}

/** Writes the audit entry for a change; call inside the change's own transaction. */
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
		actorEmail: actor?.email ?? null,
		action,
		entityType: entity.type,
		entityId: String(entity.id),
		details
	});
}
