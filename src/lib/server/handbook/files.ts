/**
 * The handbook's PDF and EPUB as export jobs (jobs/exports.ts): kinds `handbook-pdf` and
 * `handbook-epub`. A job's key names the project, the language, whether it is the published handbook
 * or the team's preview, and a fingerprint of the document's content (the HandbookDocument with the
 * images' bytes hashed): a new edition, an edited chapter or changed figures in a generated chapter
 * give a new key, so a stored file always belongs to what the public page shows now.
 *
 * Public (`/projekte/<slug>/handbuch.pdf`): the stored file for the current key when one is done;
 * else the job is requested (a second visitor gets the same job) and awaited for a few seconds, so a
 * small handbook is sent at once; a longer one answers a page that reloads itself.
 * Team (`/admin/handbuch/<project>/ausgaben`): requests a fresh job and follows it on /admin/exporte/<id>.
 */
import { createHash } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { exportJob } from '../db/schema/exports.ts';
import type { Actor } from '../audit/record.ts';
import { DomainError } from '../errors.ts';
import { exportResult, exportStatus, registerExportKind, requestExport, type ExportFile } from '../jobs/exports.ts';
import { documentBranding } from '../settings/branding.ts';
import { loadProjectTree } from '../programme/tree.ts';
import { resolveOrigin } from '../http/origin.js';
import { isLocale, type Locale } from '../../i18n/locales.ts';
import { loadHandbook, type HandbookDocument } from './content.ts';
import { handbookPdf } from './pdf.ts';
import { handbookEpub } from './epub.ts';

export type HandbookFormat = 'pdf' | 'epub';
export const HANDBOOK_KIND: Record<HandbookFormat, string> = { pdf: 'handbook-pdf', epub: 'handbook-epub' };
type Mode = 'published' | 'preview';

const CONTENT_TYPE: Record<HandbookFormat, string> = { pdf: 'application/pdf', epub: 'application/epub+zip' };

/** A fingerprint of everything the file shows. */
export function handbookFingerprint(doc: HandbookDocument): string {
	const json = JSON.stringify(doc, (_, value) => (value instanceof Uint8Array ? createHash('sha256').update(value).digest('hex') : value));
	return createHash('sha256').update(json).digest('hex').slice(0, 24);
}

export function handbookKey(doc: HandbookDocument, mode: Mode): string {
	return `${doc.projectSlug}|${doc.language}|${mode}|${handbookFingerprint(doc)}`;
}

function parseKey(key: string): { slug: string; locale: Locale; mode: Mode } {
	const [slug, locale, mode] = key.split('|');
	if (!slug || !isLocale(locale) || (mode !== 'published' && mode !== 'preview')) throw new DomainError('not_found');
	return { slug, locale, mode };
}

export function handbookFileName(doc: Pick<HandbookDocument, 'projectSlug' | 'language'>, format: HandbookFormat): string {
	return `${doc.projectSlug}-handbuch-${doc.language}.${format}`;
}

/**
 * The chapters' links into the platform (`](/projekte/…)`, e.g. the items' materials) made absolute
 * with the public origin: a PDF or an EPUB has no site its links could be relative to.
 */
export function withAbsoluteLinks(doc: HandbookDocument, origin: string): HandbookDocument {
	return { ...doc, chapters: doc.chapters.map((c) => ({ ...c, markdown: c.markdown.replace(/\]\(\//g, `](${origin}/`) })) };
}

/** Renders one format of the handbook the key names (as it is now). */
export async function renderHandbook(db: Db, handbook: HandbookDocument, format: HandbookFormat, report: (p: number) => Promise<void>, now: Date, origin = resolveOrigin(process.env).publicOrigin): Promise<ExportFile> {
	const doc = withAbsoluteLinks(handbook, origin);
	let bytes: Uint8Array;
	if (format === 'pdf') {
		const { branding, accent } = await documentBranding(db);
		bytes = await handbookPdf(doc, { branding, accent, onProgress: report });
	} else {
		bytes = handbookEpub(doc, { now });
	}
	return { bytes, contentType: CONTENT_TYPE[format], fileName: handbookFileName(doc, format) };
}

for (const format of ['pdf', 'epub'] as const) {
	registerExportKind(
		HANDBOOK_KIND[format],
		async ({ db, key, report, now }) => {
			const { slug, locale, mode } = parseKey(key);
			const doc = await loadHandbook(db, slug, locale, { published: mode === 'published' }, now);
			if (!doc) throw new DomainError('not_found');
			await report(2);
			return renderHandbook(db, doc, format, report, now);
		},
		// The status page links back to the handbooks' list (the key names the project by its slug, the team's pages by id).
		{ back: () => '/admin/handbuch' }
	);
}

async function latestJob(db: Db, kind: string, key: string) {
	const [row] = await db
		.select({ id: exportJob.id, status: exportJob.status, finishedAt: exportJob.finishedAt })
		.from(exportJob)
		.where(and(eq(exportJob.kind, kind), eq(exportJob.key, key)))
		.orderBy(desc(exportJob.id))
		.limit(1);
	return row ?? null;
}

export type PublicHandbookFile =
	| { state: 'ready'; file: ExportFile; etag: string }
	| { state: 'preparing'; progress: number; fileName: string }
	| { state: 'failed'; fileName: string };

/** A failed job is not requested again for this long (a broken handbook does not run on every visit). */
const RETRY_AFTER_FAILURE_MS = 10 * 60_000;

/**
 * The published handbook's file in `locale` for a visitor, or null when there is no published
 * handbook. Waits up to `waitMs` for a job it had to start.
 */
export async function publicHandbookFile(
	db: Db,
	slug: string,
	locale: Locale,
	format: HandbookFormat,
	now: Date,
	o: { waitMs?: number; pollMs?: number } = {}
): Promise<PublicHandbookFile | null> {
	const doc = await loadHandbook(db, slug, locale, { published: true }, now);
	if (!doc) return null;
	const kind = HANDBOOK_KIND[format];
	const key = handbookKey(doc, 'published');
	const fileName = handbookFileName(doc, format);
	const etag = `"${key.split('|')[3]}-${format}"`;
	const latest = await latestJob(db, kind, key);
	if (latest?.status === 'done') return { state: 'ready', file: await exportResult(db, latest.id), etag };
	if (latest?.status === 'failed' && latest.finishedAt && now.getTime() - latest.finishedAt.getTime() < RETRY_AFTER_FAILURE_MS) return { state: 'failed', fileName };
	const job = await requestExport(db, { kind, key, actor: null, now });
	const deadline = Date.now() + (o.waitMs ?? 3000);
	let status = await exportStatus(db, job.id);
	while ((status.status === 'queued' || status.status === 'running') && Date.now() < deadline) {
		await new Promise((r) => setTimeout(r, o.pollMs ?? 200));
		status = await exportStatus(db, job.id);
	}
	if (status.status === 'done') return { state: 'ready', file: await exportResult(db, job.id), etag };
	if (status.status === 'failed') return { state: 'failed', fileName };
	return { state: 'preparing', progress: status.progress, fileName };
}

/** What the team's outputs page shows: the project's handbook, whether it is published, in which language. */
export async function handbookOutputsForTeam(db: Db, projectId: number, locale: Locale, now: Date) {
	const tree = await loadProjectTree(db, projectId);
	if (!tree) throw new DomainError('not_found');
	const published = await loadHandbook(db, tree.slug, locale, { published: true }, now);
	const doc = published ?? (await loadHandbook(db, tree.slug, locale, { published: false }, now));
	if (!doc) throw new DomainError('not_found');
	return { projectId, slug: tree.slug, title: doc.title, published: !!published, chapters: doc.chapters.length };
}

/**
 * A fresh job for the team: the published handbook in `locale` when there is one, else the team's
 * preview (draft or in review). Returns the job to follow on /admin/exporte/<id>.
 */
export async function requestHandbookFile(db: Db, actor: Actor, projectId: number, locale: Locale, format: HandbookFormat, now: Date) {
	const tree = await loadProjectTree(db, projectId);
	if (!tree) throw new DomainError('not_found');
	const published = await loadHandbook(db, tree.slug, locale, { published: true }, now);
	const doc = published ?? (await loadHandbook(db, tree.slug, locale, { published: false }, now));
	if (!doc) throw new DomainError('not_found');
	return requestExport(db, { kind: HANDBOOK_KIND[format], key: handbookKey(doc, published ? 'published' : 'preview'), actor, now });
}
