/**
 * The programme widget's embed code, as the backoffice's snippet generator (/admin/widget) shows
 * it, and the generator's query. Pure. The code is a `<script>` from the platform and the element
 * (or the compatibility `<div>`) with a plain link to the project page inside: without JavaScript,
 * or while the widget cannot load, that link is what visitors see; the widget replaces it.
 */
import type { FieldErrors } from '../forms/parse.ts';
import { parseId } from '../forms/parse.ts';
import { isLocale, type Locale } from '../i18n/locales.ts';
import { colourProblem, parseHexColour } from '../settings/branding.ts';

export const WIDGET_VIEWS = ['programme', 'next'] as const;
export type WidgetView = (typeof WIDGET_VIEWS)[number];
/** Most entries a snippet may ask for (`limit`). */
export const WIDGET_LIMIT_MAX = 50;

export interface SnippetOptions {
	project: string;
	/** Item ids; empty = all items of the project. */
	items: number[];
	view: WidgetView;
	limit: number | null;
	/** `#rrggbb`, or null for the widget's default. */
	accent: string | null;
	/** null: the host page's language. */
	lang: Locale | null;
}

/** What the generator's form sent (`?projekt=&punkt=&ansicht=&anzahl=&farbe=&sprache=`), as typed. */
export type SnippetQuery = Record<'projekt' | 'ansicht' | 'anzahl' | 'farbe' | 'sprache', string> & { punkt: string[] };

export function readSnippetQuery(params: URLSearchParams): SnippetQuery {
	const one = (name: string) => (params.get(name) ?? '').trim();
	return { projekt: one('projekt'), punkt: params.getAll('punkt'), ansicht: one('ansicht'), anzahl: one('anzahl'), farbe: one('farbe'), sprache: one('sprache') };
}

/**
 * The options a query asks for, given the projects one may embed (slug → its item ids); errors per
 * field as message keys. A missing project picks `fallbackProject` (the generator's first view).
 */
export function parseSnippetQuery(
	query: SnippetQuery,
	projects: Map<string, number[]>,
	fallbackProject: string | null,
	locale: Locale
): { ok: true; options: SnippetOptions } | { ok: false; errors: FieldErrors } {
	const errors: FieldErrors = {};
	const project = query.projekt || fallbackProject || '';
	const known = projects.get(project);
	if (!known) errors.projekt = { key: 'err_choice' };
	const items = query.punkt.map(parseId);
	if (known && items.some((id) => id === null || !known.includes(id))) errors.punkt = { key: 'err_choice' };
	const view = (WIDGET_VIEWS as readonly string[]).includes(query.ansicht) ? (query.ansicht as WidgetView) : query.ansicht ? null : 'programme';
	if (!view) errors.ansicht = { key: 'err_choice' };
	const limit = query.anzahl ? parseId(query.anzahl) : null;
	if (query.anzahl && (limit === null || limit > WIDGET_LIMIT_MAX)) errors.anzahl = { key: 'err_widget_limit', params: { max: WIDGET_LIMIT_MAX } };
	const colour = colourProblem(query.farbe, locale);
	if (colour) errors.farbe = colour;
	if (query.sprache && !isLocale(query.sprache)) errors.sprache = { key: 'err_choice' };
	if (Object.keys(errors).length) return { ok: false, errors };
	return {
		ok: true,
		options: {
			project,
			items: [...new Set(items as number[])].sort((a, b) => a - b),
			view: view!,
			limit,
			accent: query.farbe ? parseHexColour(query.farbe) : null,
			lang: isLocale(query.sprache) ? query.sprache : null
		}
	};
}

function attr(value: string): string {
	return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function text(value: string): string {
	return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The embed code: `element` with `<bildungsturbo-programme>`, `div` with the compatibility
 * `<div class="bildungsturbo-programme" data-…>` for site builders that strip unknown tags.
 * `fallback` is the link shown without JavaScript (the project page on the platform).
 */
export function widgetSnippet(o: SnippetOptions, at: { scriptUrl: string; fallback: { href: string; text: string } }): { element: string; div: string } {
	const settings: [string, string | null][] = [
		['project', o.project],
		['lang', o.lang],
		['view', o.view === 'programme' ? null : o.view],
		['items', o.items.length ? o.items.join(',') : null],
		['limit', o.limit === null ? null : String(o.limit)],
		['accent', o.accent]
	];
	const given = settings.filter((s): s is [string, string] => s[1] !== null);
	const script = `<script src="${attr(at.scriptUrl)}" async></script>`;
	const link = `  <a href="${attr(at.fallback.href)}">${text(at.fallback.text)}</a>`;
	// `lang` stays a real attribute on both (it also marks the fallback link's language); the div carries the rest as data-*.
	const attrs = (prefix: string) => given.map(([n, v]) => `${n === 'lang' ? n : prefix + n}="${attr(v)}"`).join(' ');
	const element = `${script}\n<bildungsturbo-programme ${attrs('')}>\n${link}\n</bildungsturbo-programme>`;
	const div = `${script}\n<div class="bildungsturbo-programme" ${attrs('data-')}>\n${link}\n</div>`;
	return { element, div };
}
