import { desc, eq, and, count } from 'drizzle-orm';
import { auditEntry } from '../db/schema/audit.ts';
import { user } from '../db/schema/auth.ts';
import type { Db } from '../db/client.ts';

export const AUDIT_PAGE_SIZE = 50;

/**
 * Newest first, one page; optionally only the entries of one entity. `actorEmail` is the actor
 * account's current address, looked up now (null once the account is gone: then only `actorId`).
 */
export async function listAuditEntries(db: Db, opts: { page: number; entity?: { type: string; id: string } }) {
	const where = opts.entity
		? and(eq(auditEntry.entityType, opts.entity.type), eq(auditEntry.entityId, opts.entity.id))
		: undefined;
	const page = Math.max(1, opts.page);
	const [rows, [{ total }]] = await Promise.all([
		db
			.select({ id: auditEntry.id, at: auditEntry.at, actorId: auditEntry.actorId, actorEmail: user.email, action: auditEntry.action, entityType: auditEntry.entityType, entityId: auditEntry.entityId, details: auditEntry.details })
			.from(auditEntry)
			.leftJoin(user, eq(user.id, auditEntry.actorId))
			.where(where).orderBy(desc(auditEntry.id)).limit(AUDIT_PAGE_SIZE).offset((page - 1) * AUDIT_PAGE_SIZE),
		db.select({ total: count() }).from(auditEntry).where(where)
	]);
	return { rows, total, page, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)) };
}
