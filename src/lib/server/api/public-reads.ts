/**
 * The API's public reads: what `programme/public.ts` lets visitors see (published projects, their
 * items with sessions and free places; never who registered, never meeting links), plus the
 * consultation offer's public summary (consultation/queries.ts: tracks, slot dates, free places),
 * shaped as the API's JSON in the requested language, filtered, and paged by keyset cursors.
 */
import { eq } from 'drizzle-orm';
import { languagesOf, localise } from '../../content/translatable.ts';
import type { Locale } from '../../i18n/locales.ts';
import { localDate } from '../../programme/dates.ts';
import { localizeHref } from '../../paraglide/runtime.js';
import type { Db } from '../db/client.ts';
import { programmeItem, project } from '../db/schema/programme.ts';
import { publicOfferSummary } from '../consultation/queries.ts';
import { getPublicProject, listPublicProjects, type PublicItem, type PublicProject } from '../programme/public.ts';
import { page } from './cursor.ts';
import { text } from './schemas.ts';

export interface ProjectFilter {
	from?: string;
	to?: string;
	city?: string;
	cursor?: string;
	limit: number;
}

export interface ItemFilter extends ProjectFilter {
	language?: Locale;
	format?: 'in_person' | 'online' | 'hybrid';
	kind?: string;
}

const iso = (d: Date) => d.toISOString();
const pageUrl = (origin: string, path: string, locale: Locale) => `${origin.replace(/\/$/, '')}${localizeHref(path, { locale })}`;
/** A text the public layer gives with its language only: marked as fallback when that is not the requested one. */
const marked = (value: string, lang: Locale, locale: Locale) => text({ text: value, lang, fallback: value !== '' && lang !== locale });

function sessionInRange(item: PublicItem, f: ProjectFilter): boolean {
	if (!f.from && !f.to && !f.city) return true;
	return item.sessions.some((s) => {
		const day = localDate(s.startsAt);
		if (f.from && day < f.from) return false;
		if (f.to && day > f.to) return false;
		if (f.city && s.city.trim().toLowerCase() !== f.city.trim().toLowerCase()) return false;
		return true;
	});
}

function projectMatches(p: PublicProject, f: ProjectFilter): boolean {
	if (!f.from && !f.to && !f.city) return true;
	if (p.items.some((i) => sessionInRange(i, f))) return true;
	// A project without sessions in the range may still run then (its runtime), unless a city is asked for.
	if (f.city) return false;
	const start = p.runtimeStart ?? '0000-01-01';
	const end = p.runtimeEnd ?? '9999-12-31';
	return (!f.to || start <= f.to) && (!f.from || end >= f.from);
}

function projectJson(p: PublicProject, locale: Locale, origin: string) {
	return {
		id: p.id,
		slug: p.slug,
		title: text(p.title),
		phase_name: p.phaseName,
		funding_programme: p.fundingProgramme,
		funder: p.funder,
		runtime_start: p.runtimeStart,
		runtime_end: p.runtimeEnd,
		description_html: marked(p.descriptionHtml, p.descriptionLang, locale),
		archived: p.archived,
		item_count: p.items.length,
		url: pageUrl(origin, `/projekte/${p.slug}`, locale),
		items_url: `${origin.replace(/\/$/, '')}/api/v1/projects/${encodeURIComponent(p.slug)}/items`
	};
}
export type ProjectJson = ReturnType<typeof projectJson>;

type Tracks = Awaited<ReturnType<typeof publicOfferSummary>>;

function itemJson(p: PublicProject, item: PublicItem, tracks: Tracks, locale: Locale, origin: string) {
	const url = pageUrl(origin, `/projekte/${p.slug}/${item.id}`, locale);
	const registering = item.availability.status === 'open' || item.availability.status === 'waitlist';
	return {
		id: item.id,
		project_slug: p.slug,
		number: item.number,
		kind: item.kind,
		format: item.format,
		state: item.state,
		state_note: item.stateNote.text ? marked(item.stateNote.text, item.stateNote.lang, locale) : null,
		title: text(item.title),
		description_html: marked(item.descriptionHtml, item.descriptionLang, locale),
		sessions: item.sessions.map((s) => ({ id: s.id, starts_at: iso(s.startsAt), ends_at: iso(s.endsAt), track: s.track, city: s.city, address: s.address, online: s.online, past: s.past })),
		online_notice: item.onlineNotice,
		availability: { status: item.availability.status, free: item.availability.free },
		tracks: tracks
			? tracks.map((t) => ({
					title: text(localise(t.title, locale)),
					description: text(localise(t.description, locale)),
					free_slots: t.freeSlots,
					slots: t.slots.map((s) => ({ starts_at: iso(s.startsAt), ends_at: iso(s.endsAt), past: s.past, free: s.free }))
				}))
			: null,
		url,
		register_url: registering ? `${url}#anmelden` : null,
		updated_at: iso(item.updatedAt)
	};
}
export type ItemJson = ReturnType<typeof itemJson>;

function itemMatches(item: PublicItem, f: ItemFilter, titleLanguages: Locale[]): boolean {
	if (f.format && item.format !== f.format) return false;
	if (f.kind && item.kind !== f.kind) return false;
	if (f.language && !titleLanguages.includes(f.language)) return false;
	return sessionInRange(item, f);
}

async function tracksOf(db: Db, item: PublicItem, now: Date): Promise<Tracks> {
	return item.kind === 'consultation_series' ? ((await publicOfferSummary(db, item.id, now)) ?? null) : null;
}

/** Newest first: by runtime start (none first), then id — the order of the public pages. */
function pageOfProjects(list: string, projects: PublicProject[], f: ProjectFilter, locale: Locale, origin: string) {
	const keyOf = (p: PublicProject) => [p.runtimeStart, p.id];
	const rows = projects.filter((p) => projectMatches(p, f));
	const { data, next_cursor } = page(list, rows, keyOf, ['desc', 'asc'], f.cursor, f.limit);
	return { data: data.map((p) => projectJson(p, locale, origin)), next_cursor };
}

/** Every published project, current and past (`archived` says which), newest first; `when` picks one kind. */
export async function apiProjects(db: Db, f: ProjectFilter & { when?: 'current' | 'past' }, locale: Locale, origin: string, now: Date) {
	const { current, archived } = await listPublicProjects(db, locale, now);
	const chosen = f.when === 'current' ? current : f.when === 'past' ? archived : [...current, ...archived];
	return pageOfProjects(`projects:${f.when ?? 'all'}`, chosen, f, locale, origin);
}

/** The archive: past or archived projects. */
export async function apiArchive(db: Db, f: ProjectFilter, locale: Locale, origin: string, now: Date) {
	const { archived } = await listPublicProjects(db, locale, now);
	return pageOfProjects('archive', archived, f, locale, origin);
}

export async function apiProject(db: Db, slug: string, locale: Locale, origin: string, now: Date) {
	const p = await getPublicProject(db, slug, locale, now);
	return p ? projectJson(p, locale, origin) : null;
}

/** A project's items in the order of its page (position), filtered; null when the project is not public. */
export async function apiProjectItems(db: Db, slug: string, f: ItemFilter, locale: Locale, origin: string, now: Date) {
	const p = await getPublicProject(db, slug, locale, now);
	if (!p) return null;
	const languages = await titleLanguages(db, p.id);
	const rows = p.items.map((item, position) => ({ item, position })).filter(({ item }) => itemMatches(item, f, languages.get(item.id) ?? []));
	const { data, next_cursor } = page(`items:${p.id}`, rows, (r) => [r.position, r.item.id], ['asc', 'asc'], f.cursor, f.limit);
	return { data: await Promise.all(data.map(async ({ item }) => itemJson(p, item, await tracksOf(db, item, now), locale, origin))), next_cursor };
}

/** The languages each item's title is written in (the `language` filter: items offered in it). */
async function titleLanguages(db: Db, projectId: number): Promise<Map<number, Locale[]>> {
	const rows = await db.select({ id: programmeItem.id, title: programmeItem.title }).from(programmeItem).where(eq(programmeItem.projectId, projectId));
	return new Map(rows.map((r) => [r.id, languagesOf(r.title)]));
}

/** One item of a public project, or null. */
export async function apiItem(db: Db, id: number, locale: Locale, origin: string, now: Date) {
	const [row] = await db.select({ slug: project.slug }).from(programmeItem).innerJoin(project, eq(project.id, programmeItem.projectId)).where(eq(programmeItem.id, id));
	if (!row) return null;
	const p = await getPublicProject(db, row.slug, locale, now);
	const item = p?.items.find((i) => i.id === id);
	return p && item ? itemJson(p, item, await tracksOf(db, item, now), locale, origin) : null;
}
