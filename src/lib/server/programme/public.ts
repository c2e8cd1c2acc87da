/**
 * What the public may see of the programme. Request-facing read layer: meeting links, meeting IDs
 * and passcodes never leave this module; an online item only carries a plain notice.
 */
import { and, asc, count, desc, eq, gt, gte, inArray, sql, type SQL } from 'drizzle-orm';
import { localise, type Localised } from '../../content/translatable.ts';
import { withoutPlaceholders } from '../../content/placeholder.ts';
import type { Locale } from '../../i18n/locales.ts';
import { localDate } from '../../programme/dates.ts';
import { meetingStatus } from '../../programme/meeting.ts';
import type { SeriesRule } from '../../programme/series.ts';
import type { Db } from '../db/client.ts';
import { onlineMeeting, programmeItem, project, session } from '../db/schema/programme.ts';
import { PLACE_HOLDING, registration } from '../db/schema/registration.ts';
import { renderPublicMarkdown } from '../content/markdown.ts';
import { loadProjectTreeBySlug, loadProjectTrees, type ItemTree, type ProjectRow, type ProjectTree } from './tree.ts';

export const VISIBLE_STATUSES = ['published', 'archived'] as const;

export type OnlineNotice = 'ended' | 'after_registration' | 'link_pending';

export interface PublicSession {
	id: number;
	startsAt: Date;
	endsAt: Date;
	track: string;
	city: string;
	address: string;
	online: boolean;
	past: boolean;
}

/**
 * Whether a visitor can register, and how many places are left: `open` with `free` places (null =
 * no limit); `waitlist` = open, every place taken, a new registration goes onto the waiting list;
 * `closed` = dates ahead but no registration here; `past` = every session is over; `none` = no
 * dates yet. Counts only: never who holds a place.
 */
export interface Availability {
	/** `consult`: a consultation series ahead, booked by associations (signed in), not registered for here. */
	status: 'open' | 'waitlist' | 'closed' | 'consult' | 'past' | 'none';
	free: number | null;
}

export interface PublicItem {
	id: number;
	number: number | null;
	kind: string;
	format: 'in_person' | 'online' | 'hybrid';
	state: 'scheduled' | 'date_tba' | 'cancelled' | 'postponed' | 'bundled';
	/** The note in the reader's language where there is one, else German (with its language). */
	stateNote: { text: string; lang: Locale };
	title: Localised;
	descriptionHtml: string;
	descriptionLang: Locale;
	series: SeriesRule | null;
	sessions: PublicSession[];
	onlineNotice: OnlineNotice | null;
	availability: Availability;
	updatedAt: Date;
}

export interface PublicProject {
	id: number;
	slug: string;
	title: Localised;
	phaseName: string;
	fundingProgramme: string;
	funder: string;
	runtimeStart: string | null;
	runtimeEnd: string | null;
	descriptionHtml: string;
	descriptionLang: Locale;
	archived: boolean;
	items: PublicItem[];
}

/** A project is past when its runtime has ended, or (without runtime) when all its sessions are. */
export function isPastProject(p: ProjectTree | (ProjectRow & { items?: ItemTree[] }), now: Date): boolean {
	if (p.status === 'archived') return true;
	const today = localDate(now);
	if (p.runtimeEnd) return p.runtimeEnd < today;
	const sessions = (p.items ?? []).flatMap((i) => i.sessions);
	return sessions.length > 0 && sessions.every((s) => s.endsAt.getTime() < now.getTime());
}

function onlineNotice(item: ItemTree, now: Date): OnlineNotice | null {
	if (item.format === 'in_person') return null;
	const online = item.sessions;
	if (online.length > 0 && online.every((s) => s.endsAt.getTime() < now.getTime())) return 'ended';
	const usable = item.meetings.some((m) => {
		const starts = online.filter((s) => s.meetingId === m.id).map((s) => s.startsAt);
		const status = meetingStatus(m, starts, now);
		return status.formatValid && !status.expired;
	});
	return usable ? 'after_registration' : 'link_pending';
}

/** Places taken per item, per session (`null` key = registrations for the whole item). */
export type PlacesTaken = Map<number, Map<number | null, number>>;

/** The places held (held, awaiting approval, confirmed) of these items, in one query. */
export async function placesTaken(db: Db, itemIds: number[]): Promise<PlacesTaken> {
	const taken: PlacesTaken = new Map();
	if (itemIds.length === 0) return taken;
	const rows = await db
		.select({ itemId: registration.itemId, sessionId: registration.sessionId, n: count() })
		.from(registration)
		.where(and(inArray(registration.itemId, itemIds), inArray(registration.status, [...PLACE_HOLDING])))
		.groupBy(registration.itemId, registration.sessionId);
	for (const r of rows) {
		if (!taken.has(r.itemId)) taken.set(r.itemId, new Map());
		taken.get(r.itemId)!.set(r.sessionId, r.n);
	}
	return taken;
}

/**
 * The same rule as the registration offer (registration/queries.ts): open while the item is
 * scheduled, open for registration and has a session ahead; places per item, or per session summed
 * over the sessions still ahead.
 */
export function availabilityOf(item: ItemTree, taken: Map<number | null, number> | undefined, projectArchived: boolean, now: Date): Availability {
	const future = item.sessions.filter((s) => s.startsAt.getTime() > now.getTime());
	if (item.sessions.length === 0) return { status: 'none', free: null };
	if (future.length === 0) return { status: 'past', free: null };
	if (item.kind === 'consultation_series' && item.state === 'scheduled' && !projectArchived) return { status: 'consult', free: null };
	if (!item.registrationOpen || item.state !== 'scheduled' || projectArchived) return { status: 'closed', free: null };
	const freeOf = (capacity: number | null, key: number | null) => (capacity === null ? null : Math.max(0, capacity - (taken?.get(key) ?? 0)));
	let free: number | null;
	if (item.perSession) {
		const each = future.map((s) => freeOf(s.capacity ?? item.capacity, s.id));
		free = each.some((f) => f === null) ? null : (each as number[]).reduce((a, b) => a + b, 0);
	} else free = freeOf(item.capacity, null);
	return free === 0 ? { status: 'waitlist', free: 0 } : { status: 'open', free };
}

/** `withDescription` false: `descriptionHtml` stays empty (a list that does not show it skips the markdown). */
export function toPublicItem(item: ItemTree, locale: Locale, now: Date, taken?: PlacesTaken, projectArchived = false, withDescription = true): PublicItem {
	const description = localise(item.description, locale);
	return {
		id: item.id,
		number: item.number,
		kind: item.kind,
		format: item.format,
		state: item.state,
		stateNote: { text: withoutPlaceholders(localise(item.stateNote, locale).text), lang: localise(item.stateNote, locale).lang },
		title: localise(item.title, locale),
		descriptionHtml: withDescription ? renderPublicMarkdown(description.text) : '',
		descriptionLang: description.lang,
		series: item.series,
		sessions: item.sessions.map((s) => ({
			id: s.id,
			startsAt: s.startsAt,
			endsAt: s.endsAt,
			track: s.track,
			city: s.city,
			address: s.address,
			online: s.meetingId !== null || item.format === 'online',
			past: s.endsAt.getTime() < now.getTime()
		})),
		onlineNotice: onlineNotice(item, now),
		availability: availabilityOf(item, taken?.get(item.id), projectArchived, now),
		updatedAt: item.updatedAt
	};
}

type ProjectFields = Pick<ProjectTree, 'id' | 'slug' | 'title' | 'phaseName' | 'fundingProgramme' | 'funder' | 'runtimeStart' | 'runtimeEnd' | 'description'>;

/** A project's own public fields (without its items), in `locale`. */
function publicProjectFields(p: ProjectFields, locale: Locale, archived: boolean) {
	const description = localise(p.description, locale);
	return {
		id: p.id,
		slug: p.slug,
		title: localise(p.title, locale),
		phaseName: p.phaseName,
		fundingProgramme: p.fundingProgramme,
		funder: p.funder,
		runtimeStart: p.runtimeStart,
		runtimeEnd: p.runtimeEnd,
		descriptionHtml: renderPublicMarkdown(description.text),
		descriptionLang: description.lang,
		archived
	};
}

export function toPublicProject(p: ProjectTree, locale: Locale, now: Date, taken?: PlacesTaken): PublicProject {
	const archived = isPastProject(p, now);
	return { ...publicProjectFields(p, locale, archived), items: p.items.map((i) => toPublicItem(i, locale, now, taken, archived)) };
}

async function visibleTrees(db: Db): Promise<ProjectTree[]> {
	const rows = await db
		.select()
		.from(project)
		.where(inArray(project.status, [...VISIBLE_STATUSES]))
		.orderBy(desc(project.runtimeStart), asc(project.id));
	return loadProjectTrees(db, rows);
}

/** Items whose places matter: open for registration with a session ahead (the others need no count). */
function bookableIds(items: ItemTree[], now: Date): number[] {
	return items.filter((i) => i.registrationOpen && i.sessions.some((s) => s.startsAt.getTime() > now.getTime())).map((i) => i.id);
}
function bookableItemIds(trees: ProjectTree[], now: Date): number[] {
	return trees.flatMap((t) => bookableIds(t.items, now));
}

/**
 * The same rule as `isPastProject`, in SQL over `project`: archived, runtime ended, or (without a
 * runtime) every session over. Lets the start page and the archive read only the projects they show.
 */
function pastProject(now: Date): SQL {
	const today = localDate(now);
	const sessions = sql`select 1 from ${session} join ${programmeItem} on ${programmeItem.id} = ${session.itemId} where ${programmeItem.projectId} = ${project.id}`;
	return sql`(${project.status} = 'archived' or (${project.runtimeEnd} is not null and ${project.runtimeEnd} < ${today}::date)
		or (${project.runtimeEnd} is null and exists (${sessions}) and not exists (${sessions} and ${session.endsAt} >= ${now.toISOString()}::timestamptz)))`;
}

/** Newest first, as every list of projects. */
const projectOrder = [desc(project.runtimeStart), asc(project.id)];

/** Published projects split into current and archive, newest first, each item with its places left. */
export async function listPublicProjects(db: Db, locale: Locale, now: Date) {
	const trees = await visibleTrees(db);
	const taken = await placesTaken(db, bookableItemIds(trees, now));
	const all = trees.map((t) => toPublicProject(t, locale, now, taken));
	return { current: all.filter((p) => !p.archived), archived: all.filter((p) => p.archived) };
}

/** What an archive card shows of a project (no items: the archive lists projects). */
export interface ProjectSummary {
	id: number;
	slug: string;
	title: Localised;
	phaseName: string;
	fundingProgramme: string;
	funder: string;
	runtimeStart: string | null;
	runtimeEnd: string | null;
}

export const ARCHIVE_PAGE_SIZE = 12;

/**
 * One page of the archive (past visible projects, newest first): only the columns a card shows.
 * `page` is clamped to the pages there are.
 */
export async function archivePage(db: Db, locale: Locale, now: Date, page = 1) {
	const where = and(inArray(project.status, [...VISIBLE_STATUSES]), pastProject(now));
	const [{ total }] = await db.select({ total: count() }).from(project).where(where);
	const pages = Math.max(1, Math.ceil(total / ARCHIVE_PAGE_SIZE));
	const current = Math.min(Math.max(1, Math.floor(page)), pages);
	const rows = await db
		.select({
			id: project.id,
			slug: project.slug,
			title: project.title,
			phaseName: project.phaseName,
			fundingProgramme: project.fundingProgramme,
			funder: project.funder,
			runtimeStart: project.runtimeStart,
			runtimeEnd: project.runtimeEnd
		})
		.from(project)
		.where(where)
		.orderBy(...projectOrder)
		.limit(ARCHIVE_PAGE_SIZE)
		.offset((current - 1) * ARCHIVE_PAGE_SIZE);
	const archived: ProjectSummary[] = rows.map((r) => ({ ...r, title: localise(r.title, locale) }));
	return { archived, total, page: current, pages };
}

/** The current (published, not past) projects, newest first: what the start page lists. */
async function currentProjects(db: Db, now: Date): Promise<ProjectRow[]> {
	return db
		.select()
		.from(project)
		.where(and(eq(project.status, 'published'), sql`not ${pastProject(now)}`))
		.orderBy(...projectOrder);
}

/** Items by id with their sessions and meetings, in the order of `ids`. */
async function itemTrees(db: Db, ids: number[]): Promise<ItemTree[]> {
	if (ids.length === 0) return [];
	const [items, sessions, meetings] = await Promise.all([
		db.select().from(programmeItem).where(inArray(programmeItem.id, ids)),
		db.select().from(session).where(inArray(session.itemId, ids)).orderBy(asc(session.startsAt), asc(session.track), asc(session.id)),
		db.select().from(onlineMeeting).where(inArray(onlineMeeting.itemId, ids)).orderBy(asc(onlineMeeting.id))
	]);
	const byId = new Map(items.map((i) => [i.id, { ...i, sessions: [] as ItemTree['sessions'], meetings: [] as ItemTree['meetings'] }]));
	for (const s of sessions) byId.get(s.itemId)?.sessions.push(s);
	for (const m of meetings) byId.get(m.itemId)?.meetings.push(m);
	return ids.map((id) => byId.get(id)).filter((i) => i !== undefined);
}

async function hasArchive(db: Db, now: Date): Promise<boolean> {
	const [row] = await db
		.select({ id: project.id })
		.from(project)
		.where(and(inArray(project.status, [...VISIBLE_STATUSES]), pastProject(now)))
		.limit(1);
	return row !== undefined;
}

export async function getPublicProject(db: Db, slug: string, locale: Locale, now: Date): Promise<PublicProject | null> {
	const tree = await loadProjectTreeBySlug(db, slug);
	if (!tree || !(VISIBLE_STATUSES as readonly string[]).includes(tree.status)) return null;
	return toPublicProject(tree, locale, now, await placesTaken(db, bookableItemIds([tree], now)));
}

/** A public project without its items: what an item page shows of it. */
export type PublicProjectHead = Omit<PublicProject, 'items'>;

/**
 * One item of a visible project with its sessions and meetings, and the project's head: four small
 * reads, never the project's other items. Whether the project is past needs its sessions only when
 * it has no runtime (then one more query).
 */
export async function getPublicItem(db: Db, slug: string, itemId: number, locale: Locale, now: Date): Promise<{ project: PublicProjectHead; item: PublicItem } | null> {
	const [p] = await db
		.select()
		.from(project)
		.where(and(eq(project.slug, slug), inArray(project.status, [...VISIBLE_STATUSES])));
	if (!p) return null;
	const [itemRow] = await db
		.select()
		.from(programmeItem)
		.where(and(eq(programmeItem.id, itemId), eq(programmeItem.projectId, p.id)));
	if (!itemRow) return null;
	const [sessions, meetings] = await Promise.all([
		db.select().from(session).where(eq(session.itemId, itemId)).orderBy(asc(session.startsAt), asc(session.track), asc(session.id)),
		db.select().from(onlineMeeting).where(eq(onlineMeeting.itemId, itemId)).orderBy(asc(onlineMeeting.id))
	]);
	const item: ItemTree = { ...itemRow, sessions, meetings };
	let archived: boolean;
	if (p.status === 'archived' || p.runtimeEnd) archived = isPastProject(p, now);
	else {
		const [row] = await db.select({ past: pastProject(now) }).from(project).where(eq(project.id, p.id));
		archived = Boolean(row?.past);
	}
	const taken = bookableIds([item], now).length ? await placesTaken(db, [itemId]) : undefined;
	return { project: publicProjectFields(p, locale, archived), item: toPublicItem(item, locale, now, taken, archived) };
}

export interface UpcomingItem {
	projectSlug: string;
	projectName: string;
	item: PublicItem;
	/** The item's next session still ahead, and how many follow it. */
	next: PublicSession;
	later: number;
}

/** How many upcoming items the start page lists; the rest are on the projects' pages. */
export const START_UPCOMING = 20;

const summaryOf = (p: ProjectRow, locale: Locale): ProjectSummary => ({
	id: p.id,
	slug: p.slug,
	title: localise(p.title, locale),
	phaseName: p.phaseName,
	fundingProgramme: p.fundingProgramme,
	funder: p.funder,
	runtimeStart: p.runtimeStart,
	runtimeEnd: p.runtimeEnd
});

/**
 * The start page: the items of current projects with a session ahead, soonest first (at most
 * START_UPCOMING; `more` says whether there are others), each with its places left; the current
 * projects (what a list entry shows); whether there is an archive to link to. SQL picks the items
 * shown; only those are read with their sessions and counted; the archive is one `exists`.
 */
export async function startPage(db: Db, locale: Locale, now: Date) {
	const [projects, archive] = await Promise.all([currentProjects(db, now), hasArchive(db, now)]);
	const byId = new Map(projects.map((p) => [p.id, p]));
	// The soonest items (by their next session ahead) of those projects, one more to know there are more: SQL picks them.
	const soonest = projects.length
		? await db
				.select({ id: programmeItem.id })
				.from(programmeItem)
				.innerJoin(session, and(eq(session.itemId, programmeItem.id), gt(session.startsAt, now)))
				.where(and(inArray(programmeItem.projectId, [...byId.keys()]), inArray(programmeItem.state, ['scheduled', 'postponed'])))
				.groupBy(programmeItem.id)
				.orderBy(sql`min(${session.startsAt})`, asc(programmeItem.id))
				.limit(START_UPCOMING + 1)
		: [];
	const shown = await itemTrees(db, soonest.slice(0, START_UPCOMING).map((r) => r.id));
	const taken = await placesTaken(db, bookableIds(shown, now));
	const upcoming: UpcomingItem[] = shown.flatMap((tree) => {
		const p = byId.get(tree.projectId)!;
		// The start page shows no descriptions: no markdown to render.
		const item = toPublicItem(tree, locale, now, taken, false, false);
		const later = item.sessions.filter((s) => s.startsAt.getTime() > now.getTime());
		// A session that started between the queries: not ahead any more.
		return later.length ? [{ projectSlug: p.slug, projectName: p.phaseName || localise(p.title, locale).text, item, next: later[0], later: later.length - 1 }] : [];
	});
	return { upcoming, more: soonest.length > START_UPCOMING, current: projects.map((p) => summaryOf(p, locale)), hasArchive: archive };
}

/** A visible project with everything the calendar needs (links excluded downstream), or null. */
export async function getVisibleProjectTree(db: Db, slug: string): Promise<ProjectTree | null> {
	const tree = await loadProjectTreeBySlug(db, slug);
	return tree && (VISIBLE_STATUSES as readonly string[]).includes(tree.status) ? tree : null;
}

/**
 * Upcoming published programme items that help with any of these digital-check dimensions, soonest
 * first: the next steps an association is offered for its weakest areas.
 */
export async function itemsForDimensions(db: Db, keys: string[], locale: Locale, now: Date) {
	if (keys.length === 0) return [];
	const rows = await db
		.select({ i: programmeItem, p: project, startsAt: session.startsAt })
		.from(programmeItem)
		.innerJoin(project, eq(project.id, programmeItem.projectId))
		.innerJoin(session, eq(session.itemId, programmeItem.id))
		.where(and(eq(project.status, 'published'), inArray(programmeItem.state, ['scheduled', 'postponed']), gte(session.startsAt, now)))
		.orderBy(asc(session.startsAt));
	const seen = new Set<number>();
	const out: { itemId: number; projectSlug: string; title: Localised; startsAt: Date; dimensions: string[] }[] = [];
	for (const { i, p, startsAt } of rows) {
		if (seen.has(i.id) || !i.dimensions.some((d) => keys.includes(d))) continue;
		seen.add(i.id);
		out.push({ itemId: i.id, projectSlug: p.slug, title: localise(i.title, locale), startsAt, dimensions: i.dimensions });
	}
	return out;
}
