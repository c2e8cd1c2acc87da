/**
 * The handbook as an HTML page (public, and the team's preview): each chapter's Markdown through
 * the one Markdown path (content/markdown.ts), its images at their versioned URLs, its charts as
 * the server-rendered radar SVG, and the metadata German OER search engines read: schema.org
 * `LearningResource` in the AMB profile (https://dini-ag-kim.github.io/amb/) as JSON-LD.
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { project } from '../db/schema/programme.ts';
import { renderHandbookMarkdown } from '../content/markdown.ts';
import { loadHandbook, type HandbookDocument } from './content.ts';
import { imagePath } from './queries.ts';
import { radarSvg } from '../../assessment/radar.ts';
import { LICENCE_INFO } from '../../handbook/rules.ts';
import type { Locale } from '../../i18n/locales.ts';

export interface HandbookPageChapter {
	slug: string;
	title: string;
	kind: 'written' | 'generated';
	dir: 'ltr' | 'rtl';
	lang: Locale;
	html: string;
	charts: { caption: string; svg: string; axes: string[]; series: { name: string; values: (number | null)[] }[] }[];
}

export interface HandbookPage {
	projectSlug: string;
	title: string;
	subtitle: string | null;
	licenceName: string;
	licenceUrl: string;
	publishedAt: string | null;
	provider: string;
	fallbackLanguage: Locale | null;
	chapters: HandbookPageChapter[];
	/** JSON-LD text, safe to place inside a <script> element. */
	jsonLd: string;
}

/** Metadata in the AMB profile: @context, id, type, name, licence, languages, creator, dates, free, type of resource. */
export function learningResource(doc: HandbookDocument, pageUrl: string) {
	const provider = doc.provider ? [{ type: 'Organization', name: doc.provider }] : undefined;
	return {
		'@context': ['https://w3id.org/kim/amb/context.jsonld', { '@language': doc.language }],
		id: pageUrl,
		type: ['LearningResource', 'Book'],
		name: doc.title,
		...(doc.subtitle ? { description: doc.subtitle } : {}),
		license: { id: doc.licenceUrl },
		inLanguage: [...new Set([doc.language, ...(doc.languages ?? [])])],
		...(provider ? { creator: provider, publisher: provider } : {}),
		...(doc.createdAt ? { dateCreated: doc.createdAt.slice(0, 10) } : {}),
		...(doc.publishedAt ? { datePublished: doc.publishedAt.slice(0, 10) } : {}),
		...(doc.updatedAt ? { dateModified: doc.updatedAt.slice(0, 10) } : {}),
		isAccessibleForFree: true,
		learningResourceType: [{ id: 'https://w3id.org/kim/hcrt/text', prefLabel: { de: 'Textdokument', en: 'Text' } }],
		encoding: [
			{ type: 'MediaObject', contentUrl: `${pageUrl}.pdf`, encodingFormat: 'application/pdf' },
			{ type: 'MediaObject', contentUrl: `${pageUrl}.epub`, encodingFormat: 'application/epub+zip' }
		]
	};
}

/** JSON inside <script>: `<` escaped, so no text can close the element. */
function scriptJson(value: unknown): string {
	return JSON.stringify(value).replace(/</g, '\\u003c');
}

export function toHandbookPage(doc: HandbookDocument, origin: string): HandbookPage {
	const pageUrl = `${origin}/projekte/${doc.projectSlug}/handbuch`;
	return {
		projectSlug: doc.projectSlug,
		title: doc.title,
		subtitle: doc.subtitle,
		licenceName: LICENCE_INFO[doc.licence].name,
		licenceUrl: doc.licenceUrl,
		publishedAt: doc.publishedAt,
		provider: doc.provider,
		fallbackLanguage: doc.fallbackLanguage,
		jsonLd: scriptJson(learningResource(doc, pageUrl)),
		chapters: doc.chapters.map((c) => {
			const images = new Map(c.images.map((i) => [i.id, imagePath(doc.projectSlug, { id: i.id, hash: createHash('sha256').update(i.bytes).digest('hex').slice(0, 16) })]));
			return {
				slug: c.slug,
				title: c.title,
				kind: c.kind,
				dir: c.dir,
				lang: c.lang ?? doc.language,
				html: renderHandbookMarkdown(c.markdown, images),
				charts: c.charts.map((chart) => ({
					caption: chart.caption,
					axes: chart.data.axes,
					series: chart.data.series,
					svg: radarSvg({ axes: chart.data.axes, series: chart.data.series, max: chart.data.max, title: chart.caption, description: chart.caption, rtl: c.dir === 'rtl' })
				}))
			};
		})
	};
}

/** The public handbook page of a project, or null (not published, or no such project). */
export async function publicHandbookPage(db: Db, projectSlug: string, locale: Locale, origin: string, now: Date): Promise<HandbookPage | null> {
	const doc = await loadHandbook(db, projectSlug, locale, { published: true }, now);
	return doc ? toHandbookPage(doc, origin) : null;
}

/** The team's preview of a project's handbook in any status, or null when there is none. */
export async function previewHandbookPage(db: Db, projectId: number, locale: Locale, origin: string, now: Date): Promise<HandbookPage | null> {
	const [p] = await db.select({ slug: project.slug }).from(project).where(eq(project.id, projectId));
	const doc = p ? await loadHandbook(db, p.slug, locale, { published: false }, now) : null;
	return doc ? toHandbookPage(doc, origin) : null;
}
