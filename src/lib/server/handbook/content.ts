/**
 * A handbook as one document in one language: the common source of the public HTML page, the PDF
 * and the EPUB (docs/briefs contract). Written chapters as stored (Markdown, images referred to as
 * `![alt](bild:<id>)`, rules.ts IMAGE_REF, whose bytes come along in `images`), generated chapters
 * built afresh (generated.ts). Hidden chapters are left out. Never personal data (generated.ts).
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { handbook, handbookChapter, handbookImage } from '../db/schema/handbook.ts';
import { getBranding } from '../settings/branding.ts';
import { loadProjectTreeBySlug } from '../programme/tree.ts';
import { VISIBLE_STATUSES } from '../programme/public.ts';
import { generateChapter, generatorInput, type RadarChart } from './generated.ts';
import { localise } from '../../content/translatable.ts';
import { LICENCE_INFO, isLicence, type Generator, type Licence } from '../../handbook/rules.ts';
import { textDirection, type Locale } from '../../i18n/locales.ts';

export interface HandbookChapterDoc {
	slug: string;
	title: string;
	kind: 'written' | 'generated';
	markdown: string;
	dir: 'ltr' | 'rtl';
	/** The language the chapter's text is in (differs from the document's on fallback); beyond the contract, so optional. */
	lang?: Locale;
	charts: RadarChart[];
	images: { id: string; alt: string; contentType: string; bytes: Uint8Array }[];
}

export type HandbookDocument = {
	projectSlug: string;
	title: string;
	subtitle: string | null;
	language: Locale;
	/** The language some text fell back to (German), or null when everything is in `language`. */
	fallbackLanguage: Locale | null;
	licence: Licence;
	licenceUrl: string;
	publishedAt: string | null;
	/** The provider (branding); empty when none is set. */
	provider: string;
	chapters: HandbookChapterDoc[];
	/** Beyond the contract (optional there), for the HTML page's metadata. */
	createdAt?: string;
	updatedAt?: string;
	/** Languages the written chapters have text in. */
	languages?: Locale[];
};

/**
 * The handbook of the project `projectSlug` in `locale`, or null when there is none (or, with
 * `published`, when it is not published or its project is not public). Without `published` it is
 * the team's preview: callers check that the reader is staff.
 */
export async function loadHandbook(db: Db, projectSlug: string, locale: Locale, opts: { published: boolean }, now: Date): Promise<HandbookDocument | null> {
	const tree = await loadProjectTreeBySlug(db, projectSlug);
	if (!tree) return null;
	if (opts.published && !(VISIBLE_STATUSES as readonly string[]).includes(tree.status)) return null;
	const [book] = await db.select().from(handbook).where(eq(handbook.projectId, tree.id));
	if (!book || (opts.published && book.status !== 'published')) return null;
	const chapters = await db
		.select()
		.from(handbookChapter)
		.where(and(eq(handbookChapter.handbookId, book.id), eq(handbookChapter.hidden, false)))
		.orderBy(asc(handbookChapter.position), asc(handbookChapter.id));
	const written = chapters.filter((c) => c.kind === 'written');
	const images = written.length
		? await db.select().from(handbookImage).where(inArray(handbookImage.chapterId, written.map((c) => c.id))).orderBy(asc(handbookImage.id))
		: [];
	const input = generatorInput(db, tree, locale, now);
	const fallbacks = new Set<Locale>();
	const languages = new Set<Locale>();
	const docs: HandbookChapterDoc[] = [];
	for (const c of chapters) {
		if (c.kind === 'generated') {
			const g = await generateChapter(c.generator as Generator, input);
			docs.push({ slug: c.slug, title: g.title, kind: 'generated', markdown: g.markdown, dir: textDirection(locale), lang: locale, charts: g.charts, images: [] });
			continue;
		}
		for (const l of Object.keys(c.body) as Locale[]) languages.add(l);
		const body = localise(c.body, locale);
		// Title and text in one language: a chapter is shown in the language its text is in.
		const title = c.title[body.lang]?.trim() ? c.title[body.lang]! : localise(c.title, body.lang).text;
		if (body.fallback) fallbacks.add(body.lang);
		docs.push({
			slug: c.slug,
			title,
			kind: 'written',
			markdown: body.text,
			dir: textDirection(body.lang),
			lang: body.lang,
			charts: [],
			images: images.filter((i) => i.chapterId === c.id).map((i) => ({ id: String(i.id), alt: i.alt, contentType: i.contentType, bytes: i.bytes }))
		});
	}
	const title = localise(book.title, locale);
	const subtitle = localise(book.subtitle, locale);
	if (title.fallback) fallbacks.add(title.lang);
	const licence: Licence = isLicence(book.licence) ? book.licence : 'CC-BY-4.0';
	const branding = await getBranding(db);
	return {
		projectSlug: tree.slug,
		title: title.text,
		subtitle: subtitle.text || null,
		language: locale,
		fallbackLanguage: [...fallbacks][0] ?? null,
		licence,
		licenceUrl: LICENCE_INFO[licence].url,
		publishedAt: book.publishedAt?.toISOString() ?? null,
		provider: branding.settings.providerName,
		chapters: docs,
		createdAt: book.createdAt.toISOString(),
		updatedAt: book.updatedAt.toISOString(),
		languages: [...languages]
	};
}
