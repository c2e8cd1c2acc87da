/**
 * What the public may see of the programme. Request-facing read layer: meeting links, meeting IDs
 * and passcodes never leave this module; an online item only carries a plain notice.
 */
import { and, asc, desc, eq, gte, inArray } from 'drizzle-orm';
import { localise, type Localised } from '../../content/translatable.ts';
import { withoutPlaceholders } from '../../content/placeholder.ts';
import type { Locale } from '../../i18n/locales.ts';
import { localDate } from '../../programme/dates.ts';
import { meetingStatus } from '../../programme/meeting.ts';
import type { SeriesRule } from '../../programme/series.ts';
import type { Db } from '../db/client.ts';
import { programmeItem, project, session } from '../db/schema/programme.ts';
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

export function toPublicItem(item: ItemTree, locale: Locale, now: Date): PublicItem {
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
		updatedAt: item.updatedAt
	};
}

export function toPublicProject(p: ProjectTree, locale: Locale, now: Date): PublicProject {
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
		archived: isPastProject(p, now),
		items: p.items.map((i) => toPublicItem(i, locale, now))
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

/** Published projects split into current and archive, newest first. */
export async function listPublicProjects(db: Db, locale: Locale, now: Date) {
	const trees = await visibleTrees(db);
	const all = trees.map((t) => toPublicProject(t, locale, now));
	return { current: all.filter((p) => !p.archived), archived: all.filter((p) => p.archived) };
}

export async function getPublicProject(db: Db, slug: string, locale: Locale, now: Date): Promise<PublicProject | null> {
	const tree = await loadProjectTreeBySlug(db, slug);
	if (!tree || !(VISIBLE_STATUSES as readonly string[]).includes(tree.status)) return null;
	return toPublicProject(tree, locale, now);
}

export async function getPublicItem(db: Db, slug: string, itemId: number, locale: Locale, now: Date) {
	const p = await getPublicProject(db, slug, locale, now);
	const item = p?.items.find((i) => i.id === itemId);
	return p && item ? { project: p, item } : null;
}

export interface UpcomingSession {
	sessionId: number;
	startsAt: Date;
	endsAt: Date;
	city: string;
	track: string;
	itemId: number;
	itemTitle: Localised;
	format: string;
	projectSlug: string;
	projectTitle: Localised;
}

/** The next sessions of published projects, soonest first. */
export async function listUpcomingSessions(db: Db, locale: Locale, now: Date, limit = 8): Promise<UpcomingSession[]> {
	const rows = await db
		.select({ s: session, i: programmeItem, p: project })
		.from(session)
		.innerJoin(programmeItem, eq(programmeItem.id, session.itemId))
		.innerJoin(project, eq(project.id, programmeItem.projectId))
		.where(and(gte(session.startsAt, now), eq(project.status, 'published'), inArray(programmeItem.state, ['scheduled', 'postponed'])))
		.orderBy(asc(session.startsAt))
		.limit(limit);
	return rows.map(({ s, i, p }) => ({
		sessionId: s.id,
		startsAt: s.startsAt,
		endsAt: s.endsAt,
		city: s.city,
		track: s.track,
		itemId: i.id,
		itemTitle: localise(i.title, locale),
		format: i.format,
		projectSlug: p.slug,
		projectTitle: localise(p.title, locale)
	}));
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
