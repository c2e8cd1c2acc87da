/**
 * Materials of a programme item (handouts, slides, worksheets): add, remove, list, and the public
 * read by the download URL. Trusted layer: the routes check that the actor is staff. The type is
 * taken from the file's content (its signature), never from what the browser declared. Throws
 * DomainError: `not_found`, `material_invalid` (not PDF, DOCX, XLSX, PPTX, ODT, PNG, JPEG or WebP),
 * `material_too_large` (over 2 MB), `material_title` (title missing or over 200 characters).
 */
import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, max } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { itemMaterial } from '../db/schema/materials.ts';
import { programmeItem, project } from '../db/schema/programme.ts';
import { recordAudit, type Actor } from '../audit/record.ts';
import { DomainError } from '../errors.ts';
import { VISIBLE_STATUSES } from './public.ts';
import { compact, type Translatable } from '../../content/translatable.ts';

export const MATERIAL_MAX_BYTES = 2 * 1024 * 1024;
export const MATERIAL_TITLE_MAX = 200;

/** The accepted types with the file extension the download URL ends in. */
export const MATERIAL_TYPES = {
	'application/pdf': 'pdf',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
	'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
	'application/vnd.oasis.opendocument.text': 'odt',
	'image/png': 'png',
	'image/jpeg': 'jpg',
	'image/webp': 'webp'
} as const;
export type MaterialType = keyof typeof MATERIAL_TYPES;

const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

/**
 * The type of a file from its bytes, or null. Office files are ZIP archives: an ODT names its type
 * in its first, stored entry `mimetype`; a DOCX, XLSX or PPTX has `[Content_Types].xml` and its
 * part folder (`word/`, `xl/`, `ppt/`) among the entry names.
 */
export function materialTypeOf(b: Uint8Array): MaterialType | null {
	if (b.length >= 5 && ascii(b, 0, 5) === '%PDF-') return 'application/pdf';
	if (b.length >= 8 && b[0] === 0x89 && ascii(b, 1, 4) === 'PNG' && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return 'image/png';
	if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
	if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'image/webp';
	if (b.length >= 30 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) {
		if (ascii(b, 30, 38) === 'mimetype' && ascii(b, 38, 38 + 39) === 'application/vnd.oasis.opendocument.text') return 'application/vnd.oasis.opendocument.text';
		const names = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
		if (!names.includes('[Content_Types].xml')) return null;
		if (names.includes('word/document.xml')) return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
		if (names.includes('xl/workbook.xml')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
		if (names.includes('ppt/presentation.xml')) return 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
	}
	return null;
}

/** A file name safe for a header and a URL's last part: letters, digits, dot, hyphen, underscore. */
function safeFileName(name: string, ext: string): string {
	const base = name
		.normalize('NFKD')
		.replace(/\.[^.]*$/, '')
		.replace(/[^A-Za-z0-9_-]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 80);
	return `${base || 'material'}.${ext}`;
}

export interface MaterialInput {
	title: Translatable;
	fileName: string;
	bytes: Uint8Array;
}

export interface MaterialSummary {
	id: number;
	itemId: number;
	title: Translatable;
	fileName: string;
	contentType: MaterialType;
	size: number;
	/** The first 16 hex digits of the sha256: the download URL's version. */
	hash: string;
	ext: string;
	createdAt: Date;
}

/** Stores a material with an item (last in its list); checks title, size and type by content. Returns its id. */
export async function addMaterial(db: Db, actor: Actor | null, itemId: number, input: MaterialInput, now: Date): Promise<number> {
	const title = compact(input.title);
	if (!title.de || Object.values(title).some((t) => (t ?? '').length > MATERIAL_TITLE_MAX)) throw new DomainError('material_title', 'title');
	if (input.bytes.length > MATERIAL_MAX_BYTES) throw new DomainError('material_too_large', 'file');
	const type = materialTypeOf(input.bytes);
	if (!type) throw new DomainError('material_invalid', 'file');
	const sha256 = createHash('sha256').update(input.bytes).digest('hex');
	return db.transaction(async (tx) => {
		const [item] = await tx.select({ id: programmeItem.id, projectId: programmeItem.projectId }).from(programmeItem).where(eq(programmeItem.id, itemId)).for('update');
		if (!item) throw new DomainError('not_found');
		const [last] = await tx.select({ n: max(itemMaterial.position) }).from(itemMaterial).where(eq(itemMaterial.itemId, itemId));
		const [row] = await tx
			.insert(itemMaterial)
			.values({ itemId, title, fileName: safeFileName(input.fileName, MATERIAL_TYPES[type]), contentType: type, bytes: input.bytes, size: input.bytes.length, sha256, uploadedBy: actor?.id ?? null, createdAt: now, position: (last?.n ?? -1) + 1 })
			.returning({ id: itemMaterial.id });
		await recordAudit(tx, actor, 'item.material_added', { type: 'item', id: itemId }, now, { project: item.projectId, material: row.id, size: input.bytes.length, contentType: type, sha256 });
		return row.id;
	});
}

/** Removes one material of the item; `not_found` when it is not the item's. */
export async function removeMaterial(db: Db, actor: Actor, itemId: number, materialId: number, now: Date): Promise<void> {
	await db.transaction(async (tx) => {
		const [gone] = await tx
			.delete(itemMaterial)
			.where(and(eq(itemMaterial.id, materialId), eq(itemMaterial.itemId, itemId)))
			.returning({ id: itemMaterial.id, sha256: itemMaterial.sha256 });
		if (!gone) throw new DomainError('not_found');
		await recordAudit(tx, actor, 'item.material_removed', { type: 'item', id: itemId }, now, { material: materialId, sha256: gone.sha256 });
	});
}

const summaryColumns = {
	id: itemMaterial.id,
	itemId: itemMaterial.itemId,
	title: itemMaterial.title,
	fileName: itemMaterial.fileName,
	contentType: itemMaterial.contentType,
	size: itemMaterial.size,
	sha256: itemMaterial.sha256,
	createdAt: itemMaterial.createdAt
};

function summary(row: { id: number; itemId: number; title: Translatable; fileName: string; contentType: string; size: number; sha256: string; createdAt: Date }): MaterialSummary {
	const contentType = row.contentType as MaterialType;
	return { id: row.id, itemId: row.itemId, title: row.title, fileName: row.fileName, contentType, size: row.size, hash: row.sha256.slice(0, 16), ext: MATERIAL_TYPES[contentType], createdAt: row.createdAt };
}

/** The materials of some items (without their bytes), in each item's order. */
export async function materialsOfItems(db: Db, itemIds: number[]): Promise<MaterialSummary[]> {
	if (itemIds.length === 0) return [];
	const rows = await db.select(summaryColumns).from(itemMaterial).where(inArray(itemMaterial.itemId, itemIds)).orderBy(asc(itemMaterial.itemId), asc(itemMaterial.position), asc(itemMaterial.id));
	return rows.map(summary);
}

export async function listMaterials(db: Db, itemId: number): Promise<MaterialSummary[]> {
	return materialsOfItems(db, [itemId]);
}

/** The public path of a material's download (versioned by its hash, so it may be cached for long). */
export function materialPath(slug: string, itemId: number | string, m: Pick<MaterialSummary, 'id' | 'hash' | 'ext'>): string {
	return `/projekte/${slug}/${itemId}/material/${m.id}-${m.hash}.${m.ext}`;
}

/** The download's headers: a file to save (never shown inline), its type as stored, kept a year under its hash. */
export function materialHeaders(m: { contentType: MaterialType; fileName: string; bytes: Uint8Array }): Record<string, string> {
	return {
		'content-type': m.contentType,
		'content-length': String(m.bytes.length),
		'content-disposition': `attachment; filename="${m.fileName}"`,
		'x-content-type-options': 'nosniff',
		// The hash in the address names these bytes: a new file gets a new address.
		'cache-control': 'public, max-age=31536000, immutable'
	};
}

/**
 * A material for the public download: only of a publicly visible (published or archived) project's
 * item, like its page, and only under the
 * URL's current hash and extension (an old link after a replacement is gone). Null otherwise.
 */
export async function publicMaterial(db: Db, slug: string, itemId: number, materialId: number, hash: string, ext: string): Promise<{ bytes: Uint8Array; contentType: MaterialType; fileName: string } | null> {
	const [row] = await db
		.select({ bytes: itemMaterial.bytes, contentType: itemMaterial.contentType, fileName: itemMaterial.fileName, sha256: itemMaterial.sha256 })
		.from(itemMaterial)
		.innerJoin(programmeItem, eq(programmeItem.id, itemMaterial.itemId))
		.innerJoin(project, eq(project.id, programmeItem.projectId))
		.where(and(eq(itemMaterial.id, materialId), eq(itemMaterial.itemId, itemId), eq(project.slug, slug), inArray(project.status, [...VISIBLE_STATUSES])));
	if (!row || row.sha256.slice(0, 16) !== hash || MATERIAL_TYPES[row.contentType as MaterialType] !== ext) return null;
	return { bytes: row.bytes, contentType: row.contentType as MaterialType, fileName: row.fileName };
}
