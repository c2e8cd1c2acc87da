import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { user } from '../db/schema/auth.ts';
import { auditEntry } from '../db/schema/audit.ts';
import { project } from '../db/schema/programme.ts';
import { DomainError } from '../errors.ts';
import * as commands from './commands.ts';
import { readPublicVersion } from './public-version.ts';
import { MATERIAL_MAX_BYTES, addMaterial, listMaterials, materialHeaders, materialPath, materialTypeOf, publicMaterial, removeMaterial } from './materials.ts';

const NOW = new Date('2027-02-01T09:00:00Z');
let actor: { id: string; email: string };
let database: Database;

beforeAll(async () => {
	database = await openTestDatabase();
	const [u] = await database.db.insert(user).values({ id: randomUUID(), email: 'team@example.org', name: 'Mira Team', role: 'staff', emailVerified: true, createdAt: NOW, updatedAt: NOW }).returning();
	actor = { id: u.id, email: u.email };
});
afterAll(() => database?.close());

const enc = (s: string) => new TextEncoder().encode(s);
const PDF = enc('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n');
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
/** A ZIP local header followed by the given entry name, as office files begin. */
const zip = (...names: string[]) => new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new Array(26).fill(0), ...enc(names.join('\0'))]);

async function setUp(slug: string, published = true) {
	const db = database.db;
	const p = await commands.createProject(
		db,
		actor,
		{ slug, phaseName: 'P', fundingProgramme: 'B', funder: 'D', runtimeStart: '2027-01-01', runtimeEnd: '2027-12-31', title: { de: 'P' }, description: {} },
		NOW
	);
	const item = await commands.createItem(
		db,
		actor,
		p.id,
		{ number: 1, kind: 'workshop', format: 'in_person', state: 'scheduled', stateNote: {}, registrationOpen: false, capacity: null, perSession: false, requiresApproval: false, title: { de: 'Workshop' }, description: {} },
		NOW
	);
	if (published) await db.update(project).set({ status: 'published' }).where(eq(project.id, p.id));
	return { p, item };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
	try {
		await promise;
	} catch (e) {
		if (e instanceof DomainError) return e.code;
		throw e;
	}
	return 'accepted';
}

describe('materialTypeOf', () => {
	it('reads the type from the signature', () => {
		expect(materialTypeOf(PDF)).toBe('application/pdf');
		expect(materialTypeOf(PNG)).toBe('image/png');
		expect(materialTypeOf(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
		expect(materialTypeOf(enc('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
		expect(materialTypeOf(zip('[Content_Types].xml', 'word/document.xml'))).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
		expect(materialTypeOf(zip('[Content_Types].xml', 'xl/workbook.xml'))).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
		expect(materialTypeOf(zip('[Content_Types].xml', 'ppt/presentation.xml'))).toBe('application/vnd.openxmlformats-officedocument.presentationml.presentation');
		expect(materialTypeOf(zip('mimetypeapplication/vnd.oasis.opendocument.text'))).toBe('application/vnd.oasis.opendocument.text');
	});
	it('refuses other content, whatever it is called', () => {
		expect(materialTypeOf(enc('<html><script>alert(1)</script>'))).toBeNull();
		expect(materialTypeOf(zip('evil.exe'))).toBeNull();
		expect(materialTypeOf(enc('GIF89a'))).toBeNull();
		expect(materialTypeOf(new Uint8Array())).toBeNull();
	});
});

describe('item materials', () => {
	it('adds, lists in order, audits, raises the public version and removes', async () => {
		const db = database.db;
		const { item } = await setUp('mat-1');
		const before = await readPublicVersion(db);
		const a = await addMaterial(db, actor, item.id, { title: { de: 'Handout', en: 'Handout' }, fileName: 'Handout Ü 1.pdf', bytes: PDF }, NOW);
		const b = await addMaterial(db, actor, item.id, { title: { de: 'Schaubild' }, fileName: 'bild.txt', bytes: PNG }, NOW);
		expect(await readPublicVersion(db)).toBeGreaterThan(before);
		const list = await listMaterials(db, item.id);
		expect(list.map((m) => [m.id, m.title.de, m.contentType, m.ext, m.size, m.fileName])).toEqual([
			[a, 'Handout', 'application/pdf', 'pdf', PDF.length, 'Handout-U-1.pdf'],
			[b, 'Schaubild', 'image/png', 'png', PNG.length, 'bild.png']
		]);
		expect(list[0].hash).toMatch(/^[0-9a-f]{16}$/);
		const added = await db.select().from(auditEntry).where(and(eq(auditEntry.action, 'item.material_added'), eq(auditEntry.entityId, String(item.id))));
		expect(added).toHaveLength(2);
		expect(added[0].details).toMatchObject({ material: a, contentType: 'application/pdf', size: PDF.length });

		await removeMaterial(db, actor, item.id, a, NOW);
		expect((await listMaterials(db, item.id)).map((m) => m.id)).toEqual([b]);
		const removed = await db.select().from(auditEntry).where(and(eq(auditEntry.action, 'item.material_removed'), eq(auditEntry.entityId, String(item.id))));
		expect(removed).toHaveLength(1);
		expect(await refusal(removeMaterial(db, actor, item.id, a, NOW))).toBe('not_found');
	});

	it('refuses a file too big, a wrong signature, a bad title and an unknown item, storing nothing', async () => {
		const db = database.db;
		const { item } = await setUp('mat-2');
		const big = new Uint8Array(MATERIAL_MAX_BYTES + 1);
		big.set(PDF);
		expect(await refusal(addMaterial(db, actor, item.id, { title: { de: 'Groß' }, fileName: 'x.pdf', bytes: big }, NOW))).toBe('material_too_large');
		expect(await refusal(addMaterial(db, actor, item.id, { title: { de: 'Falsch' }, fileName: 'x.pdf', bytes: enc('<html>not a pdf') }, NOW))).toBe('material_invalid');
		expect(await refusal(addMaterial(db, actor, item.id, { title: { de: '  ', en: 'Only English' }, fileName: 'x.pdf', bytes: PDF }, NOW))).toBe('material_title');
		expect(await refusal(addMaterial(db, actor, item.id, { title: { de: 'x'.repeat(201) }, fileName: 'x.pdf', bytes: PDF }, NOW))).toBe('material_title');
		expect(await refusal(addMaterial(db, actor, 999_999, { title: { de: 'Ok' }, fileName: 'x.pdf', bytes: PDF }, NOW))).toBe('not_found');
		expect(await listMaterials(db, item.id)).toEqual([]);
		// Another item's material cannot be removed through this item.
		const other = await setUp('mat-2b');
		const id = await addMaterial(db, actor, other.item.id, { title: { de: 'Fremd' }, fileName: 'x.pdf', bytes: PDF }, NOW);
		expect(await refusal(removeMaterial(db, actor, item.id, id, NOW))).toBe('not_found');
	});

	it('is downloadable only from a published (or archived) project and under its current hash and extension', async () => {
		const db = database.db;
		const { p, item } = await setUp('mat-3');
		const id = await addMaterial(db, actor, item.id, { title: { de: 'Handout' }, fileName: 'h.pdf', bytes: PDF }, NOW);
		const [m] = await listMaterials(db, item.id);
		expect(materialPath('mat-3', item.id, m)).toBe(`/projekte/mat-3/${item.id}/material/${id}-${m.hash}.pdf`);
		const found = await publicMaterial(db, 'mat-3', item.id, id, m.hash, 'pdf');
		expect(found?.contentType).toBe('application/pdf');
		expect(Array.from(found!.bytes)).toEqual(Array.from(PDF));
		expect(materialHeaders(found!)).toEqual({
			'content-type': 'application/pdf',
			'content-length': String(PDF.length),
			'content-disposition': 'attachment; filename="h.pdf"',
			'x-content-type-options': 'nosniff',
			'cache-control': 'public, max-age=31536000, immutable'
		});
		expect(await publicMaterial(db, 'mat-3', item.id, id, '0000000000000000', 'pdf')).toBeNull();
		expect(await publicMaterial(db, 'mat-3', item.id, id, m.hash, 'png')).toBeNull();
		expect(await publicMaterial(db, 'mat-1', item.id, id, m.hash, 'pdf')).toBeNull();
		await db.update(project).set({ status: 'archived' }).where(eq(project.id, p.id));
		expect(await publicMaterial(db, 'mat-3', item.id, id, m.hash, 'pdf')).not.toBeNull();
		await db.update(project).set({ status: 'draft' }).where(eq(project.id, p.id));
		expect(await publicMaterial(db, 'mat-3', item.id, id, m.hash, 'pdf')).toBeNull();
	});
});
