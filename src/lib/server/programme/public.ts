/**
 * What the public may see of the programme. Request-facing read layer: meeting links, meeting IDs
 * and passcodes never leave this module; an online item only carries a plain notice.
 */
import { and, asc, count, desc, eq, gte, inArray } from 'drizzle-orm';
import { localise, type Localised } from '../../content/translatable.ts';
import { withoutPlaceholders } from '../../content/placeholder.ts';
import type { Locale } from '../../i18n/locales.ts';
import { localDate } from '../../programme/dates.ts';
import { meetingStatus } from '../../programme/meeting.ts';
import type { SeriesRule } from '../../programme/series.ts';
import type { Db } from '../db/client.ts';
import { programmeItem, project, session } from '../db/schema/programme.ts';
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

export function toPublicItem(item: ItemTree, locale: Locale, now: Date, taken?: PlacesTaken, projectArchived = false): PublicItem {
	const description = localise(item.description, locale);
	return {
		id: item.id,
		number: item.number,
		kind: item.kind,
		format: item.format,
		state: item.state,
		stateNote: { text: withoutPlaceholders(localise(item.stateNote, locale).text), lang: localise(item.stateNote, locale).lang },
		title: localise(item.title, locale),
		descriptionHtml: renderPublicMarkdown(description.text),
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

export function toPublicProject(p: ProjectTree, locale: Locale, now: Date, taken?: PlacesTaken): PublicProject {
	const description = localise(p.description, locale);
	const archived = isPastProject(p, now);
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
		archived,
		items: p.items.map((i) => toPublicItem(i, locale, now, taken, archived))
	};
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
function bookableItemIds(trees: ProjectTree[], now: Date): number[] {
	return trees.flatMap((t) => t.items.filter((i) => i.registrationOpen && i.sessions.some((s) => s.startsAt.getTime() > now.getTime())).map((i) => i.id));
}

/** Published projects split into current and archive, newest first, each item with its places left. */
export async function listPublicProjects(db: Db, locale: Locale, now: Date) {
	const trees = await visibleTrees(db);
	const taken = await placesTaken(db, bookableItemIds(trees, now));
	const all = trees.map((t) => toPublicProject(t, locale, now, taken));
	return { current: all.filter((p) => !p.archived), archived: all.filter((p) => p.archived) };
}

export async function getPublicProject(db: Db, slug: string, locale: Locale, now: Date): Promise<PublicProject | null> {
	const tree = await loadProjectTreeBySlug(db, slug);
	if (!tree || !(VISIBLE_STATUSES as readonly string[]).includes(tree.status)) return null;
	return toPublicProject(tree, locale, now, await placesTaken(db, bookableItemIds([tree], now)));
}

export async function getPublicItem(db: Db, slug: string, itemId: number, locale: Locale, now: Date) {
	const p = await getPublicProject(db, slug, locale, now);
	const item = p?.items.find((i) => i.id === itemId);
	return p && item ? { project: p, item } : null;
}

export interface UpcomingItem {
	projectSlug: string;
	projectName: string;
	item: PublicItem;
	/** The item's next session still ahead, and how many follow it. */
	next: PublicSession;
	later: number;
}

/**
 * The start page: the items of current projects with a session ahead, soonest first (open ones
 * carry their places left), the current projects, and whether there is an archive to link to.
 */
export async function startPage(db: Db, locale: Locale, now: Date) {
	const { current, archived } = await listPublicProjects(db, locale, now);
	const upcoming: UpcomingItem[] = current
		.flatMap((p) =>
			p.items
				.filter((i) => i.state === 'scheduled' || i.state === 'postponed')
				.map((item) => {
					const ahead = item.sessions.filter((s) => s.startsAt.getTime() > now.getTime());
					return ahead.length ? { projectSlug: p.slug, projectName: p.phaseName || p.title.text, item, next: ahead[0], later: ahead.length - 1 } : null;
				})
		)
		.filter((u) => u !== null)
		.sort((a, b) => a.next.startsAt.getTime() - b.next.startsAt.getTime() || a.item.id - b.item.id);
	return { upcoming, current, hasArchive: archived.length > 0 };
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
