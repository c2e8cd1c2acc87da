import { asc, count, eq, ilike, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { registration } from '../db/schema/registration.ts';
import { organisation, organisationMember } from '../db/schema/organisations.ts';
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

export const ORGANISATION_PAGE_SIZE = 50;

/**
 * The backoffice list: unconfirmed first, then by name; `q` searches name and city. With the
 * number of registrations and people per organisation.
 */
export async function searchOrganisations(db: Db, opts: { q?: string; page?: number } = {}) {
	const q = (opts.q ?? '').trim().slice(0, 100);
	// `%` and `_` typed by the user are searched for, not wildcards.
	const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
	const where = q ? or(ilike(organisation.name, pattern), ilike(organisation.city, pattern)) : undefined;
	const [{ total }] = await db.select({ total: count() }).from(organisation).where(where);
	const pages = Math.max(1, Math.ceil(total / ORGANISATION_PAGE_SIZE));
	const page = Math.min(Math.max(1, Math.floor(opts.page ?? 1)), pages);
	const rows = await db
		.select({
			id: organisation.id,
			name: organisation.name,
			city: organisation.city,
			confirmed: organisation.confirmed,
			registrations: sql<number>`(select count(*) from ${registration} where ${registration.organisationId} = ${organisation.id})::int`,
			people: sql<number>`(select count(*) from ${organisationMember} where ${organisationMember.organisationId} = ${organisation.id})::int`
		})
		.from(organisation)
		.where(where)
		.orderBy(asc(organisation.confirmed), asc(organisation.name))
		.limit(ORGANISATION_PAGE_SIZE)
		.offset((page - 1) * ORGANISATION_PAGE_SIZE);
	return { rows, total, page, pages, q };
}

export async function confirmOrganisation(db: Db, actor: Actor, id: number, now: Date) {
	await db.transaction(async (tx) => {
		const [row] = await tx.update(organisation).set({ confirmed: true }).where(eq(organisation.id, id)).returning();
		if (!row) throw new DomainError('not_found');
		await recordAudit(tx, actor, 'organisation.confirmed', { type: 'organisation', id }, now, { name: row.name });
	});
}
