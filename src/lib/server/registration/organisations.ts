import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { registration } from '../db/schema/registration.ts';
import { organisation } from '../db/schema/organisations.ts';
import { recordAudit, type Actor } from '../audit/record.ts';
import { DomainError } from '../errors.ts';

/** All organisations, unconfirmed first, with how many registrations name them. */
export async function listOrganisations(db: Db) {
	return db
		.select({ id: organisation.id, name: organisation.name, confirmed: organisation.confirmed, registrations: sql<number>`count(${registration.id})::int` })
		.from(organisation)
		.leftJoin(registration, eq(registration.organisationId, organisation.id))
		.groupBy(organisation.id)
		.orderBy(asc(organisation.confirmed), asc(organisation.name));
}

export async function confirmOrganisation(db: Db, actor: Actor, id: number, now: Date) {
	await db.transaction(async (tx) => {
		const [row] = await tx.update(organisation).set({ confirmed: true }).where(eq(organisation.id, id)).returning();
		if (!row) throw new DomainError('not_found');
		await recordAudit(tx, actor, 'organisation.confirmed', { type: 'organisation', id }, now, { name: row.name });
	});
}
