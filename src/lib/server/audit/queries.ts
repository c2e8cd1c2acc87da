import { asc, desc, eq, and, count, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { containsPattern, parseSearch, type SortDir } from '../../forms/list-query.ts';
import { auditActionsMatching } from '../../audit/search.ts';
import type { Locale } from '../../i18n/locales.ts';
import { auditEntry } from '../db/schema/audit.ts';
import { user } from '../db/schema/auth.ts';
import { onlineMeeting, programmeItem, project, session } from '../db/schema/programme.ts';
import { registration } from '../db/schema/registration.ts';
import { organisation } from '../db/schema/organisations.ts';
import type { Db } from '../db/client.ts';
import { labelKey, referencesOf, type AuditEntryLike, type AuditLabels, type EntityLabel, type LookedUpType } from '../../audit/describe.ts';

export const AUDIT_PAGE_SIZE = 50;

/** Columns the audit list sorts by: when (default newest first) and who. */
export const AUDIT_SORTS = ['at', 'who'] as const;
export type AuditSort = (typeof AUDIT_SORTS)[number];
export const AUDIT_DEFAULT_SORT = { sort: 'at', dir: 'desc' } as const satisfies { sort: AuditSort; dir: SortDir };

/**
 * One page, newest first unless sorted otherwise (ties newest first); optionally only the entries
 * of one entity. `q` finds entries whose action reads in `locale` with it ("Termin") or whose
 * actor's address contains it. `actorEmail` is the actor account's current address, looked up now
 * (null once the account is gone: then only `actorId`). `labels` names what the entries concern
 * (audit/describe.ts), looked up for the whole page.
 */
export async function listAuditEntries(
	db: Db,
	opts: { page: number; entity?: { type: string; id: string }; q?: string; locale?: Locale; sort?: AuditSort; dir?: SortDir }
) {
	const conditions: SQL[] = [];
	if (opts.entity) conditions.push(and(eq(auditEntry.entityType, opts.entity.type), eq(auditEntry.entityId, opts.entity.id))!);
	const q = parseSearch(opts.q);
	if (q) {
		const actions = auditActionsMatching(q, opts.locale ?? 'de');
		const byActor = ilike(user.email, containsPattern(q));
		conditions.push(actions.length ? or(byActor, inArray(sql`replace(${auditEntry.action}, '.', '_')`, actions))! : byActor);
	}
	const where = conditions.length ? and(...conditions) : undefined;
	const sort: AuditSort = AUDIT_SORTS.includes(opts.sort as AuditSort) ? opts.sort! : AUDIT_DEFAULT_SORT.sort;
	const dir: SortDir = opts.dir ?? (sort === AUDIT_DEFAULT_SORT.sort ? AUDIT_DEFAULT_SORT.dir : 'asc');
	const column = sort === 'who' ? sql`coalesce(lower(${user.email}), ${auditEntry.actorId}, '')` : auditEntry.at;
	const [{ total }] = await db.select({ total: count() }).from(auditEntry).leftJoin(user, eq(user.id, auditEntry.actorId)).where(where);
	const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
	const page = Math.min(Math.max(1, opts.page), pages);
	const rows = await db
		.select({ id: auditEntry.id, at: auditEntry.at, actorId: auditEntry.actorId, actorEmail: user.email, action: auditEntry.action, entityType: auditEntry.entityType, entityId: auditEntry.entityId, details: auditEntry.details })
		.from(auditEntry)
		.leftJoin(user, eq(user.id, auditEntry.actorId))
		.where(where)
		.orderBy(dir === 'asc' ? asc(column) : desc(column), sort === 'at' && dir === 'asc' ? asc(auditEntry.id) : desc(auditEntry.id))
		.limit(AUDIT_PAGE_SIZE)
		.offset((page - 1) * AUDIT_PAGE_SIZE);
	const labels = await auditLabels(db, rows);
	return { rows, labels, total, page, pages, q, sort, dir };
}

const INTEGER_ID = /^[1-9][0-9]{0,9}$/;

/** Batch lookups, one per entity type: the rows found for these ids (integer ids, but for accounts). */
const LOOKUPS: Record<LookedUpType, (db: Db, ids: string[]) => Promise<{ id: string | number; label: EntityLabel }[]>> = {
	project: async (db, ids) =>
		(await db.select({ id: project.id, title: project.title }).from(project).where(inArray(project.id, ints(ids)))).map((r) => ({ id: r.id, label: { type: 'project', title: r.title } })),
	item: async (db, ids) =>
		(await db.select({ id: programmeItem.id, title: programmeItem.title }).from(programmeItem).where(inArray(programmeItem.id, ints(ids)))).map((r) => ({ id: r.id, label: { type: 'item', title: r.title } })),
	session: async (db, ids) =>
		(
			await db
				.select({ id: session.id, startsAt: session.startsAt, itemTitle: programmeItem.title })
				.from(session)
				.innerJoin(programmeItem, eq(programmeItem.id, session.itemId))
				.where(inArray(session.id, ints(ids)))
		).map((r) => ({ id: r.id, label: { type: 'session', startsAt: r.startsAt, itemTitle: r.itemTitle } })),
	meeting: async (db, ids) =>
		(
			await db
				.select({ id: onlineMeeting.id, itemTitle: programmeItem.title })
				.from(onlineMeeting)
				.innerJoin(programmeItem, eq(programmeItem.id, onlineMeeting.itemId))
				.where(inArray(onlineMeeting.id, ints(ids)))
		).map((r) => ({ id: r.id, label: { type: 'meeting', itemTitle: r.itemTitle } })),
	registration: async (db, ids) =>
		(
			await db
				.select({ id: registration.id, itemId: registration.itemId, itemTitle: programmeItem.title })
				.from(registration)
				.innerJoin(programmeItem, eq(programmeItem.id, registration.itemId))
				.where(inArray(registration.id, ints(ids)))
		).map((r) => ({ id: r.id, label: { type: 'registration', itemId: r.itemId, itemTitle: r.itemTitle } })),
	organisation: async (db, ids) =>
		(await db.select({ id: organisation.id, name: organisation.name }).from(organisation).where(inArray(organisation.id, ints(ids)))).map((r) => ({ id: r.id, label: { type: 'organisation', name: r.name } })),
	user: async (db, ids) => (await db.select({ id: user.id }).from(user).where(inArray(user.id, ids))).map((r) => ({ id: r.id, label: { type: 'user' } }))
};

function ints(ids: string[]): number[] {
	return ids.filter((id) => INTEGER_ID.test(id)).map(Number).filter((n) => n <= 2_147_483_647);
}

/**
 * What the entries concern, in one query per entity type (never one per row). Every id asked for
 * gets a key: its label, or null when no such row exists any more (shown as deleted). Only ids and
 * titles are read: no names or addresses of people.
 */
export async function auditLabels(db: Db, entries: AuditEntryLike[]): Promise<AuditLabels> {
	const wanted = new Map<LookedUpType, Set<string>>();
	for (const ref of entries.flatMap(referencesOf)) {
		if (!wanted.has(ref.type)) wanted.set(ref.type, new Set());
		wanted.get(ref.type)!.add(ref.id);
	}
	const labels: AuditLabels = {};
	await Promise.all(
		[...wanted].map(async ([type, idSet]) => {
			const ids = [...idSet];
			for (const id of ids) labels[labelKey(type, id)] = null;
			const found = ids.length ? await LOOKUPS[type](db, ids) : [];
			for (const row of found) labels[labelKey(type, row.id)] = row.label;
		})
	);
	return labels;
}
