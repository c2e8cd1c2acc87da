/**
 * The backoffice's entry point to registrations: every programme item that takes registrations or
 * has some, with its counts per state, its places and its next session (for attendance at the
 * door). Trusted layer (staff only); counts only, no names.
 */
import { and, asc, count, desc, eq, gte, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { programmeItem, project, session } from '../db/schema/programme.ts';
import { registration } from '../db/schema/registration.ts';
import { containsPattern, parseSearch, type SortDir } from '../../forms/list-query.ts';

export const OVERVIEW_PAGE_SIZE = 50;
/** Columns the list sorts by (`?sort=` outside this falls back). */
export const OVERVIEW_SORTS = ['next', 'item', 'project', 'confirmed', 'open', 'waitlisted'] as const;
export type OverviewSort = (typeof OVERVIEW_SORTS)[number];
/** Soonest next session first: that is the one to prepare; items without one come last. */
export const OVERVIEW_DEFAULT_SORT = { sort: 'next', dir: 'asc' } as const satisfies { sort: OverviewSort; dir: SortDir };

/**
 * One page of items, `q` searching the item's German title and the project's name; sorted by a
 * whitelisted column (ties: next session, then item id). Counts are of the whole item.
 */
export async function listRegistrationItems(db: Db, now: Date, opts: { q?: string; sort?: OverviewSort; dir?: SortDir; page?: number } = {}) {
	const q = parseSearch(opts.q);
	const projectName = sql<string>`coalesce(nullif(${project.phaseName}, ''), ${project.title}->>'de', ${project.slug})`;
	const itemTitle = sql<string>`coalesce(${programmeItem.title}->>'de', '')`;
	// `now` as ISO text: postgres.js refuses a raw Date inside sql``.
	const nextStart = sql<Date | null>`(select min(${session.startsAt}) from ${session} where ${session.itemId} = ${programmeItem.id} and ${session.endsAt} >= ${now.toISOString()}::timestamptz)`;
	const byStatus = (...statuses: string[]) =>
		sql<number>`(select count(*) from ${registration} where ${registration.itemId} = ${programmeItem.id} and ${registration.status}::text in (${sql.join(statuses.map((s) => sql`${s}`), sql`, `)}))::int`;
	const confirmed = byStatus('confirmed');
	const open = byStatus('held', 'awaiting_approval');
	const waitlisted = byStatus('waitlisted');
	const conditions: SQL[] = [
		or(eq(programmeItem.registrationOpen, true), sql`exists (select 1 from ${registration} where ${registration.itemId} = ${programmeItem.id})`)!
	];
	if (q) conditions.push(or(ilike(itemTitle, containsPattern(q)), ilike(projectName, containsPattern(q)))!);
	const where = and(...conditions);

	const [{ total }] = await db.select({ total: count() }).from(programmeItem).innerJoin(project, eq(project.id, programmeItem.projectId)).where(where);
	const pages = Math.max(1, Math.ceil(total / OVERVIEW_PAGE_SIZE));
	const page = Math.min(Math.max(1, Math.floor(opts.page ?? 1)), pages);
	const sort: OverviewSort = OVERVIEW_SORTS.includes(opts.sort as OverviewSort) ? opts.sort! : OVERVIEW_DEFAULT_SORT.sort;
	const dir: SortDir = opts.dir === 'desc' ? 'desc' : 'asc';
	const column = { next: nextStart, item: sql`lower(${itemTitle})`, project: sql`lower(${projectName})`, confirmed, open, waitlisted }[sort];
	// Items without a next session last in either direction of the date.
	const primary = sort === 'next' ? sql`${column} ${dir === 'asc' ? sql`asc` : sql`desc`} nulls last` : dir === 'asc' ? asc(column) : desc(column);
	const rows = await db
		.select({
			id: programmeItem.id,
			number: programmeItem.number,
			title: itemTitle,
			projectId: project.id,
			projectName,
			registrationOpen: programmeItem.registrationOpen,
			perSession: programmeItem.perSession,
			capacity: programmeItem.capacity,
			confirmed,
			open,
			waitlisted
		})
		.from(programmeItem)
		.innerJoin(project, eq(project.id, programmeItem.projectId))
		.where(where)
		.orderBy(primary, sql`${nextStart} asc nulls last`, asc(programmeItem.id))
		.limit(OVERVIEW_PAGE_SIZE)
		.offset((page - 1) * OVERVIEW_PAGE_SIZE);

	// The next session of each listed item (its attendance page), in one query.
	const ids = rows.map((r) => r.id);
	const upcoming = ids.length
		? await db
				.select({ id: session.id, itemId: session.itemId, startsAt: session.startsAt })
				.from(session)
				.where(and(sql`${session.itemId} in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`, gte(session.endsAt, now)))
				.orderBy(asc(session.startsAt), asc(session.id))
		: [];
	return {
		rows: rows.map((r) => {
			const next = upcoming.find((s) => s.itemId === r.id) ?? null;
			const taken = r.confirmed + r.open;
			return {
				...r,
				nextSession: next ? { id: next.id, startsAt: next.startsAt } : null,
				// Whole-item places; per-session items count per session (their item page shows them).
				free: r.capacity === null || r.perSession ? null : Math.max(0, r.capacity - taken)
			};
		}),
		total,
		page,
		pages,
		q,
		sort,
		dir
	};
}
