/**
 * Writes to a project's handbook, one transaction each with its audit entry. Trusted layer: the
 * routes check that the actor is staff. Throws DomainError: `not_found` (no such handbook, chapter
 * or image), `stale` (a chapter saved over a newer version; params.version is the newest),
 * `step_not_allowed` (a workflow step not open from the current status), `image_invalid` (not PNG,
 * JPEG or WebP), `image_too_large` (over 2 MB), `choice` (a generated chapter cannot take text).
 */
import { createHash } from 'node:crypto';
import { and, asc, eq, max } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { handbook, handbookChapter, handbookChapterVersion, handbookImage } from '../db/schema/handbook.ts';
import { project } from '../db/schema/programme.ts';
import { recordAudit, type Actor } from '../audit/record.ts';
import { DomainError } from '../errors.ts';
import { compact, type Translatable } from '../../content/translatable.ts';
import { GENERATED_SLUGS, GENERATORS, IMAGE_MAX_BYTES, STEPS, imageTypeOf, slugify, type HandbookStatus, type Licence, type Step } from '../../handbook/rules.ts';

type HandbookRow = typeof handbook.$inferSelect;
type ChapterRow = typeof handbookChapter.$inferSelect;

async function lockHandbook(tx: Tx, handbookId: number): Promise<HandbookRow> {
	const [row] = await tx.select().from(handbook).where(eq(handbook.id, handbookId)).for('update');
	if (!row) throw new DomainError('not_found');
	return row;
}

/** The chapter with its project's id, after locking its handbook: one writer per handbook at a time. */
async function chapterOf(tx: Tx, chapterId: number): Promise<ChapterRow & { projectId: number }> {
	const [row] = await tx.select({ handbookId: handbookChapter.handbookId }).from(handbookChapter).where(eq(handbookChapter.id, chapterId));
	if (!row) throw new DomainError('not_found');
	const book = await lockHandbook(tx, row.handbookId);
	const [locked] = await tx.select().from(handbookChapter).where(eq(handbookChapter.id, chapterId));
	if (!locked) throw new DomainError('not_found');
	return { ...locked, projectId: book.projectId };
}

async function touch(tx: Tx, handbookId: number, now: Date) {
	await tx.update(handbook).set({ updatedAt: now }).where(eq(handbook.id, handbookId));
}

/**
 * The project's handbook, created on first call as a draft titled like the project, with the
 * generated chapters in their default order. Idempotent: returns the existing one's id.
 */
export async function ensureHandbook(db: Db, actor: Actor | null, projectId: number, now: Date): Promise<number> {
	return db.transaction(async (tx) => {
		const [p] = await tx.select({ id: project.id, title: project.title }).from(project).where(eq(project.id, projectId)).for('update');
		if (!p) throw new DomainError('not_found');
		const [existing] = await tx.select({ id: handbook.id }).from(handbook).where(eq(handbook.projectId, projectId));
		if (existing) return existing.id;
		const [book] = await tx
			.insert(handbook)
			.values({ projectId, title: p.title, subtitle: {}, licence: 'CC-BY-4.0', status: 'draft', createdAt: now, updatedAt: now })
			.returning({ id: handbook.id });
		await tx.insert(handbookChapter).values(
			GENERATORS.map((generator, i) => ({ handbookId: book.id, slug: GENERATED_SLUGS[generator], kind: 'generated', generator, position: i + 1, createdAt: now, updatedAt: now }))
		);
		await recordAudit(tx, actor, 'handbook.created', { type: 'project', id: projectId }, now, { handbook: book.id });
		return book.id;
	});
}

export interface HandbookSettings {
	title: Translatable;
	subtitle: Translatable;
	licence: Licence;
}

export async function updateHandbookSettings(db: Db, actor: Actor | null, handbookId: number, input: HandbookSettings, now: Date): Promise<void> {
	await db.transaction(async (tx) => {
		const book = await lockHandbook(tx, handbookId);
		await tx.update(handbook).set({ title: compact(input.title), subtitle: compact(input.subtitle), licence: input.licence, updatedAt: now }).where(eq(handbook.id, handbookId));
		await recordAudit(tx, actor, 'handbook.updated', { type: 'project', id: book.projectId }, now, { handbook: handbookId, licence: input.licence });
	});
}

/** One workflow step: submit (draft → in review), publish (in review → published), return (→ draft). */
export async function changeHandbookStatus(db: Db, actor: Actor | null, handbookId: number, step: Step, now: Date): Promise<HandbookStatus> {
	return db.transaction(async (tx) => {
		const book = await lockHandbook(tx, handbookId);
		const rule = STEPS[step];
		if (!(rule.from as readonly string[]).includes(book.status)) throw new DomainError('step_not_allowed');
		await tx
			.update(handbook)
			.set({ status: rule.to, publishedAt: rule.to === 'published' ? now : rule.to === 'draft' ? null : book.publishedAt, updatedAt: now })
			.where(eq(handbook.id, handbookId));
		await recordAudit(tx, actor, step === 'return' ? 'handbook.returned' : step === 'submit' ? 'handbook.submitted' : 'handbook.published', { type: 'project', id: book.projectId }, now, {
			handbook: handbookId,
			from: book.status,
			to: rule.to
		});
		return rule.to;
	});
}

export interface ChapterText {
	title: Translatable;
	body: Translatable;
}

/** Ids the handbook page itself uses (skip link target, contents): no chapter anchor may take them. */
const PAGE_IDS = ['inhalt', 'inhaltsverzeichnis', 'ergebnis'];

async function freeSlug(tx: Tx, handbookId: number, title: string): Promise<string> {
	const rows = await tx.select({ slug: handbookChapter.slug }).from(handbookChapter).where(eq(handbookChapter.handbookId, handbookId));
	const taken = new Set([...PAGE_IDS, ...rows.map((r) => r.slug)]);
	const base = slugify(title);
	let slug = base;
	for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
	return slug;
}

async function writeVersion(tx: Tx, actor: Actor | null, chapterId: number, number: number, text: ChapterText, now: Date) {
	await tx.insert(handbookChapterVersion).values({ chapterId, number, title: text.title, body: text.body, authorId: actor?.id ?? null, createdAt: now });
}

/** A new written chapter at the end, with its first version. Returns its id. */
export async function addWrittenChapter(db: Db, actor: Actor | null, handbookId: number, input: ChapterText, now: Date): Promise<number> {
	return db.transaction(async (tx) => {
		const book = await lockHandbook(tx, handbookId);
		const text = { title: compact(input.title), body: compact(input.body) };
		const [{ last }] = await tx.select({ last: max(handbookChapter.position) }).from(handbookChapter).where(eq(handbookChapter.handbookId, handbookId));
		const [row] = await tx
			.insert(handbookChapter)
			.values({ handbookId, slug: await freeSlug(tx, handbookId, text.title.de ?? ''), kind: 'written', position: (last ?? 0) + 1, ...text, version: 1, createdAt: now, updatedAt: now })
			.returning({ id: handbookChapter.id });
		await writeVersion(tx, actor, row.id, 1, text, now);
		await touch(tx, handbookId, now);
		await recordAudit(tx, actor, 'handbook.chapter_added', { type: 'project', id: book.projectId }, now, { handbook: handbookId, chapter: row.id });
		return row.id;
	});
}

/**
 * Saves a written chapter as its next version. `baseVersion` is the version the editor started
 * from: a save over a newer one is refused (`stale`), so two editors never overwrite each other.
 */
export async function saveChapter(db: Db, actor: Actor, chapterId: number, input: ChapterText & { baseVersion: number }, now: Date): Promise<number> {
	return db.transaction(async (tx) => {
		const chapter = await chapterOf(tx, chapterId);
		if (chapter.kind !== 'written') throw new DomainError('choice');
		if (input.baseVersion !== chapter.version) throw new DomainError('stale', undefined, { version: chapter.version });
		const text = { title: compact(input.title), body: compact(input.body) };
		const number = chapter.version + 1;
		await tx.update(handbookChapter).set({ ...text, version: number, updatedAt: now }).where(eq(handbookChapter.id, chapterId));
		await writeVersion(tx, actor, chapterId, number, text, now);
		await touch(tx, chapter.handbookId, now);
		await recordAudit(tx, actor, 'handbook.chapter_saved', { type: 'project', id: chapter.projectId }, now, { handbook: chapter.handbookId, chapter: chapterId, version: number });
		return number;
	});
}

/** Moves a chapter one place up or down (positions are renumbered 1…n). */
export async function moveChapter(db: Db, actor: Actor | null, chapterId: number, direction: 'up' | 'down', now: Date): Promise<void> {
	await db.transaction(async (tx) => {
		const chapter = await chapterOf(tx, chapterId);
		const all = await tx.select({ id: handbookChapter.id }).from(handbookChapter).where(eq(handbookChapter.handbookId, chapter.handbookId)).orderBy(asc(handbookChapter.position), asc(handbookChapter.id));
		const ids = all.map((c) => c.id);
		const at = ids.indexOf(chapterId);
		const to = direction === 'up' ? at - 1 : at + 1;
		if (to < 0 || to >= ids.length) return;
		[ids[at], ids[to]] = [ids[to], ids[at]];
		for (const [i, id] of ids.entries()) await tx.update(handbookChapter).set({ position: i + 1 }).where(eq(handbookChapter.id, id));
		await touch(tx, chapter.handbookId, now);
		await recordAudit(tx, actor, 'handbook.chapter_moved', { type: 'project', id: chapter.projectId }, now, { handbook: chapter.handbookId, chapter: chapterId, direction });
	});
}

export async function setChapterHidden(db: Db, actor: Actor, chapterId: number, hidden: boolean, now: Date): Promise<void> {
	await db.transaction(async (tx) => {
		const chapter = await chapterOf(tx, chapterId);
		if (chapter.hidden === hidden) return;
		await tx.update(handbookChapter).set({ hidden, updatedAt: now }).where(eq(handbookChapter.id, chapterId));
		await touch(tx, chapter.handbookId, now);
		await recordAudit(tx, actor, hidden ? 'handbook.chapter_hidden' : 'handbook.chapter_shown', { type: 'project', id: chapter.projectId }, now, { handbook: chapter.handbookId, chapter: chapterId });
	});
}

/** Stores an uploaded image with a written chapter; checks type by content and size. Returns its id. */
export async function addChapterImage(db: Db, actor: Actor | null, chapterId: number, input: { bytes: Uint8Array; alt: string }, now: Date): Promise<number> {
	if (input.bytes.length > IMAGE_MAX_BYTES) throw new DomainError('image_too_large', 'file');
	const type = imageTypeOf(input.bytes);
	if (!type) throw new DomainError('image_invalid', 'file');
	return db.transaction(async (tx) => {
		const chapter = await chapterOf(tx, chapterId);
		if (chapter.kind !== 'written') throw new DomainError('choice');
		const hash = createHash('sha256').update(input.bytes).digest('hex').slice(0, 16);
		const [row] = await tx
			.insert(handbookImage)
			.values({ chapterId, alt: input.alt.trim(), contentType: type, bytes: input.bytes, size: input.bytes.length, hash, uploadedBy: actor?.id ?? null, createdAt: now })
			.returning({ id: handbookImage.id });
		await touch(tx, chapter.handbookId, now);
		await recordAudit(tx, actor, 'handbook.image_added', { type: 'project', id: chapter.projectId }, now, { handbook: chapter.handbookId, chapter: chapterId, image: row.id, size: input.bytes.length, contentType: type });
		return row.id;
	});
}

export async function removeChapterImage(db: Db, actor: Actor, imageId: number, now: Date): Promise<void> {
	await db.transaction(async (tx) => {
		const [image] = await tx.select({ chapterId: handbookImage.chapterId }).from(handbookImage).where(eq(handbookImage.id, imageId));
		if (!image) throw new DomainError('not_found');
		const chapter = await chapterOf(tx, image.chapterId);
		await tx.delete(handbookImage).where(and(eq(handbookImage.id, imageId), eq(handbookImage.chapterId, chapter.id)));
		await touch(tx, chapter.handbookId, now);
		await recordAudit(tx, actor, 'handbook.image_removed', { type: 'project', id: chapter.projectId }, now, { handbook: chapter.handbookId, chapter: chapter.id, image: imageId });
	});
}
