/**
 * The backoffice's snippet generator (/admin/widget): the projects the widget can show (those the
 * public API serves: published and archived), the chosen options, and the embed code for them.
 * Read only; staff only (checked by the route).
 */
import * as m from '#lib/paraglide/messages.js';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { localise, type Localised } from '../../content/translatable.ts';
import type { FieldErrors } from '../../forms/parse.ts';
import { BASE_LOCALE, type Locale } from '../../i18n/locales.ts';
import { parseSnippetQuery, widgetSnippet, type SnippetOptions, type SnippetQuery } from '../../widget/snippet.ts';
import type { Db } from '../db/client.ts';
import { getVisibleProjectTree, listPublicProjects } from '../programme/public.ts';
import { getPublicBranding } from '../settings/branding.ts';
import { widgetScriptUrl } from './script.ts';

export interface SnippetChoice {
	slug: string;
	title: Localised;
	archived: boolean;
	items: { id: number; number: number | null; title: Localised }[];
}

export interface SnippetPage {
	projects: SnippetChoice[];
	/** The provider's accent colour (the widget's default in the form), or ''. */
	brandAccent: string;
	result: { ok: true; options: SnippetOptions; code: { element: string; div: string } } | { ok: false; errors: FieldErrors };
}

export async function widgetSnippetPage(db: Db, query: SnippetQuery, at: { origin: string; locale: Locale; now: Date }): Promise<SnippetPage> {
	const [{ current, archived }, branding] = await Promise.all([listPublicProjects(db, at.locale, at.now), getPublicBranding(db)]);
	const all = [...current, ...archived];
	const projects: SnippetChoice[] = all.map((p) => ({
		slug: p.slug,
		title: p.title,
		archived: p.archived,
		items: p.items.map((i) => ({ id: i.id, number: i.number, title: i.title }))
	}));
	const parsed = parseSnippetQuery(query, new Map(projects.map((p) => [p.slug, p.items.map((i) => i.id)])), current[0]?.slug ?? all[0]?.slug ?? null, at.locale);
	if (!parsed.ok) return { projects, brandAccent: branding.accent, result: parsed };
	const o = parsed.options;
	// The fallback link: the project page in the snippet's language (German when it follows the host page).
	const lang = o.lang ?? BASE_LOCALE;
	const tree = await getVisibleProjectTree(db, o.project);
	const title = tree ? localise(tree.title, lang).text : o.project;
	const fallback = { href: `${at.origin}${localizeHref(`/projekte/${o.project}`, { locale: lang })}`, text: m.widget_fallback_link({ project: title }, { locale: lang }) };
	return { projects, brandAccent: branding.accent, result: { ok: true, options: o, code: widgetSnippet(o, { scriptUrl: widgetScriptUrl(at.origin), fallback }) } };
}
