/**
 * The team's reads of handbooks: every project with its handbook's state, one handbook's chapters,
 * one chapter with its versions and images, and an image's bytes. Trusted layer: routes check
 * that the reader is staff (an image of a published handbook is public: `imageForReader`).
 */
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { user } from '../db/schema/auth.ts';
import { handbook, handbookChapter, handbookChapterVersion, handbookImage } from '../db/schema/handbook.ts';
import { project } from '../db/schema/programme.ts';
import { DomainError } from '../errors.ts';
import { VISIBLE_STATUSES } from '../programme/public.ts';
import { generatedTitle } from './generated.ts';
import { renderHandbookMarkdown } from '../content/markdown.ts';
import { localise } from '../../content/translatable.ts';
import type { Generator, HandbookStatus } from '../../handbook/rules.ts';
import type { Locale } from '../../i18n/locales.ts';

/** Projects, newest runtime first, each with its handbook's status or null when it has none. */
export async function listHandbookProjects(db: Db) {
	return db
		.select({ id: project.id, slug: project.slug, title: project.title, phaseName: project.phaseName, status: project.status, handbookStatus: handbook.status, updatedAt: handbook.updatedAt })
		.from(project)
		.leftJoin(handbook, eq(handbook.projectId, project.id))
		.orderBy(desc(project.runtimeStart), asc(project.id));
}

/** One project's handbook with its chapters in order (titles in `locale`), or the project alone. */
export async function handbookForTeam(db: Db, projectId: number, locale: Locale) {
	const [p] = await db.select().from(project).where(eq(project.id, projectId));
	if (!p) throw new DomainError('not_found');
	const [book] = await db.select().from(handbook).where(eq(handbook.projectId, projectId));
	if (!book) return { project: p, handbook: null, chapters: [], publicPage: false };
	const rows = await db.select().from(handbookChapter).where(eq(handbookChapter.handbookId, book.id)).orderBy(asc(handbookChapter.position), asc(handbookChapter.id));
	return {
		project: p,
		handbook: { ...book, status: book.status as HandbookStatus },
		chapters: rows.map((c) => ({
			id: c.id,
			slug: c.slug,
			kind: c.kind as 'written' | 'generated',
			title: c.kind === 'generated' ? generatedTitle(c.generator as Generator, locale) : localise(c.title, locale).text,
			hidden: c.hidden,
			version: c.version,
			updatedAt: c.updatedAt,
			languages: Object.keys(c.body) as Locale[]
		})),
		/** Whether the public page shows it now (published, project public). */
		publicPage: book.status === 'published' && (VISIBLE_STATUSES as readonly string[]).includes(p.status)
	};
}

/** A written chapter for editing: its text, every version (newest first, with who saved it) and its images. */
export async function chapterForTeam(db: Db, projectId: number, chapterId: number) {
	const [row] = await db
		.select({ c: handbookChapter, projectSlug: project.slug })
		.from(handbookChapter)
		.innerJoin(handbook, eq(handbook.id, handbookChapter.handbookId))
		.innerJoin(project, eq(project.id, handbook.projectId))
		.where(and(eq(handbookChapter.id, chapterId), eq(handbook.projectId, projectId)));
	if (!row || row.c.kind !== 'written') throw new DomainError('not_found');
	const versions = await db
		.select({ number: handbookChapterVersion.number, title: handbookChapterVersion.title, body: handbookChapterVersion.body, createdAt: handbookChapterVersion.createdAt, author: user.name })
		.from(handbookChapterVersion)
		.leftJoin(user, eq(user.id, handbookChapterVersion.authorId))
		.where(eq(handbookChapterVersion.chapterId, chapterId))
		.orderBy(desc(handbookChapterVersion.number));
	const images = await db
		.select({ id: handbookImage.id, alt: handbookImage.alt, contentType: handbookImage.contentType, size: handbookImage.size, hash: handbookImage.hash, createdAt: handbookImage.createdAt })
		.from(handbookImage)
		.where(eq(handbookImage.chapterId, chapterId))
		.orderBy(asc(handbookImage.id));
	const withUrls = images.map((i) => ({ ...i, url: imagePath(row.projectSlug, i) }));
	// The German text as the page will show it (images at their addresses), for a last look before saving.
	const preview = renderHandbookMarkdown(row.c.body.de ?? '', new Map(withUrls.map((i) => [String(i.id), i.url])));
	return { chapter: row.c, projectSlug: row.projectSlug, versions, images: withUrls, preview };
}

/**
 * An image's bytes for `/projekte/<slug>/handbuch/bild/<id>`: to anyone when its handbook is
 * published and its project public, to the team always; null otherwise (the route answers 404).
 */
export async function imageForReader(db: Db, projectSlug: string, imageId: number, staff: boolean) {
	const [row] = await db
		.select({ bytes: handbookImage.bytes, contentType: handbookImage.contentType, hash: handbookImage.hash, status: handbook.status, projectStatus: project.status })
		.from(handbookImage)
		.innerJoin(handbookChapter, eq(handbookChapter.id, handbookImage.chapterId))
		.innerJoin(handbook, eq(handbook.id, handbookChapter.handbookId))
		.innerJoin(project, eq(project.id, handbook.projectId))
		.where(and(eq(handbookImage.id, imageId), eq(project.slug, projectSlug)));
	if (!row) return null;
	const isPublic = row.status === 'published' && (VISIBLE_STATUSES as readonly string[]).includes(row.projectStatus);
	return isPublic || staff ? { bytes: row.bytes, contentType: row.contentType, hash: row.hash, isPublic } : null;
}

/** The versioned address of a handbook image: its content hash changes the URL. */
export function imagePath(projectSlug: string, image: { id: number | string; hash: string }): string {
	return `/projekte/${projectSlug}/handbuch/bild/${image.id}?v=${image.hash}`;
}

/** Whether the project page links a handbook: published (the page itself checks the project is public). */
export async function hasPublishedHandbook(db: Db, projectId: number): Promise<boolean> {
	const rows = await db.select({ id: handbook.id }).from(handbook).where(and(eq(handbook.projectId, projectId), eq(handbook.status, 'published')));
	return rows.length > 0;
}
