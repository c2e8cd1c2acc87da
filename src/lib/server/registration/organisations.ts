import { and, asc, count, desc, eq, ilike, or, sql } from 'drizzle-orm';
import { containsPattern, parseSearch, type SortDir } from '../../forms/list-query.ts';
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

/** How many close matches the registration form offers to choose from. */
export const ORGANISATION_MATCHES = 8;

/** The words of a typed organisation name a search looks for: 3 letters or more (not "e.V."), at most 6. */
export function nameWords(typed: string): string[] {
	const words = typed
		.toLocaleLowerCase('de')
		.split(/[^\p{L}\p{N}]+/u)
		.filter((w) => [...w].length >= 3);
	return [...new Set(words)].slice(0, 6);
}

/**
 * Confirmed organisations close to a name typed into the public registration form, for the person to
 * choose from instead of a list of every organisation: none when an organisation has exactly that
 * name (any case; registering finds it) or the name has no word to search for; else those whose name
 * contains every word of it, shortest names first, at most ORGANISATION_MATCHES. Unconfirmed names
 * typed by others are never offered (the team confirms a name before others see it).
 */
export async function organisationMatches(db: Db, typed: string): Promise<{ id: number; name: string }[]> {
	const name = typed.trim().slice(0, 200);
	const words = nameWords(name);
	if (!name || words.length === 0) return [];
	const [exact] = await db
		.select({ id: organisation.id })
		.from(organisation)
		.where(sql`lower(${organisation.name}) = lower(${name})`)
		.limit(1);
	if (exact) return [];
	return db
		.select({ id: organisation.id, name: organisation.name })
		.from(organisation)
		.where(and(eq(organisation.confirmed, true), ...words.map((w) => ilike(organisation.name, containsPattern(w)))))
		.orderBy(sql`length(${organisation.name})`, asc(organisation.name), asc(organisation.id))
		.limit(ORGANISATION_MATCHES);
}

export const ORGANISATION_PAGE_SIZE = 50;

/** Columns the backoffice list sorts by (the only ones: `?sort=` outside this falls back). */
export const ORGANISATION_SORTS = ['status', 'name', 'city', 'people', 'registrations'] as const;
export type OrganisationSort = (typeof ORGANISATION_SORTS)[number];
/** Unconfirmed first: those are the ones the team has to look at. */
export const ORGANISATION_DEFAULT_SORT = { sort: 'status', dir: 'asc' } as const satisfies { sort: OrganisationSort; dir: SortDir };

/**
 * The backoffice list, one page: `q` searches name and city; sorted by a whitelisted column (ties by
 * name, then id, so pages never overlap). With the number of registrations and people per organisation.
 */
export async function searchOrganisations(db: Db, opts: { q?: string; page?: number; sort?: OrganisationSort; dir?: SortDir } = {}) {
	const q = parseSearch(opts.q);
	const where = q ? or(ilike(organisation.name, containsPattern(q)), ilike(organisation.city, containsPattern(q))) : undefined;
	const [{ total }] = await db.select({ total: count() }).from(organisation).where(where);
	const pages = Math.max(1, Math.ceil(total / ORGANISATION_PAGE_SIZE));
	const page = Math.min(Math.max(1, Math.floor(opts.page ?? 1)), pages);
	const sort: OrganisationSort = ORGANISATION_SORTS.includes(opts.sort as OrganisationSort) ? opts.sort! : ORGANISATION_DEFAULT_SORT.sort;
	const dir: SortDir = opts.dir === 'desc' ? 'desc' : 'asc';
	const registrations = sql<number>`(select count(*) from ${registration} where ${registration.organisationId} = ${organisation.id})::int`;
	const people = sql<number>`(select count(*) from ${organisationMember} where ${organisationMember.organisationId} = ${organisation.id})::int`;
	const column = { status: organisation.confirmed, name: sql`lower(${organisation.name})`, city: sql`lower(${organisation.city})`, people, registrations }[sort];
	const rows = await db
		.select({ id: organisation.id, name: organisation.name, city: organisation.city, confirmed: organisation.confirmed, registrations, people })
		.from(organisation)
		.where(where)
		.orderBy(dir === 'asc' ? asc(column) : desc(column), asc(sql`lower(${organisation.name})`), asc(organisation.id))
		.limit(ORGANISATION_PAGE_SIZE)
		.offset((page - 1) * ORGANISATION_PAGE_SIZE);
	return { rows, total, page, pages, q, sort, dir };
}

export async function confirmOrganisation(db: Db, actor: Actor, id: number, now: Date) {
	await db.transaction(async (tx) => {
		const [row] = await tx.update(organisation).set({ confirmed: true }).where(eq(organisation.id, id)).returning();
		if (!row) throw new DomainError('not_found');
		await recordAudit(tx, actor, 'organisation.confirmed', { type: 'organisation', id }, now, { name: row.name });
	});
}
