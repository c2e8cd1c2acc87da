import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { and, eq, like } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { user } from '../db/schema/auth.ts';
import { auditEntry } from '../db/schema/audit.ts';
import { publicVersion } from '../db/schema/cache.ts';
import { cohortMember, organisation } from '../db/schema/organisations.ts';
import { project } from '../db/schema/programme.ts';
import { DomainError } from '../errors.ts';
import type { Actor } from '../audit/record.ts';
import { addChapterImage, addWrittenChapter, changeHandbookStatus, ensureHandbook, moveChapter, removeChapterImage, saveChapter, setChapterHidden, updateHandbookSettings } from './commands.ts';
import { chapterForTeam, handbookForTeam, imageForReader } from './queries.ts';
import { loadHandbook } from './content.ts';
import { publicHandbookPage } from './page.ts';
import { IMAGE_MAX_BYTES } from '../../handbook/rules.ts';
import { updateProfile } from '../organisations/profile.ts';

const NOW = new Date('2026-11-28T10:00:00Z');
const PNG = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'));
let database: Database;
let actor: Actor;
let projectId: number;
let handbookId: number;

const code = async (p: Promise<unknown>) => p.then(() => null, (e) => (e instanceof DomainError ? e.code : String(e)));
const version = async () => (await database.db.select().from(publicVersion))[0].version;

beforeAll(async () => {
	database = await openTestDatabase();
	const [u] = await database.db.insert(user).values({ id: randomUUID(), email: 'team@example.org', name: 'Mira Team', role: 'staff', emailVerified: true, createdAt: NOW, updatedAt: NOW }).returning();
	actor = { id: u.id, email: u.email };
	const [p] = await database.db.insert(project).values({ slug: 'probe', title: { de: 'Probeprojekt' }, status: 'published', runtimeStart: '2026-01-01', runtimeEnd: '2026-12-31' }).returning();
	projectId = p.id;
	handbookId = await ensureHandbook(database.db, actor, projectId, NOW);
});
afterAll(() => database?.close());

describe('handbook commands', () => {
	it('creates one handbook per project, a draft with the three generated chapters', async () => {
		expect(await ensureHandbook(database.db, actor, projectId, NOW)).toBe(handbookId);
		const view = await handbookForTeam(database.db, projectId, 'de');
		expect(view.handbook).toMatchObject({ status: 'draft', licence: 'CC-BY-4.0', title: { de: 'Probeprojekt' } });
		expect(view.chapters.map((c) => [c.slug, c.kind])).toEqual([['programm', 'generated'], ['beratung', 'generated'], ['organisationsentwicklung', 'generated']]);
		expect(await code(ensureHandbook(database.db, actor, 999_999, NOW))).toBe('not_found');
	});

	it('goes draft → in review → published and back, refusing steps out of order, each audited', async () => {
		expect(await code(changeHandbookStatus(database.db, actor, handbookId, 'publish', NOW))).toBe('step_not_allowed');
		expect(await loadHandbook(database.db, 'probe', 'de', { published: true }, NOW)).toBeNull();
		expect(await changeHandbookStatus(database.db, actor, handbookId, 'submit', NOW)).toBe('in_review');
		expect(await code(changeHandbookStatus(database.db, actor, handbookId, 'submit', NOW))).toBe('step_not_allowed');
		expect(await loadHandbook(database.db, 'probe', 'de', { published: true }, NOW)).toBeNull();
		expect(await changeHandbookStatus(database.db, actor, handbookId, 'publish', NOW)).toBe('published');
		expect((await loadHandbook(database.db, 'probe', 'de', { published: true }, NOW))?.publishedAt).toBe(NOW.toISOString());
		const actions = (await database.db.select().from(auditEntry).where(like(auditEntry.action, 'handbook.%'))).map((a) => [a.action, a.actorId, a.entityId]);
		expect(actions).toEqual([
			['handbook.created', actor.id, String(projectId)],
			['handbook.submitted', actor.id, String(projectId)],
			['handbook.published', actor.id, String(projectId)]
		]);
	});

	it('keeps every version of a written chapter with who and when, and refuses a save over a newer one', async () => {
		const id = await addWrittenChapter(database.db, actor, handbookId, { title: { de: 'Unsere Erfahrungen', ar: 'تجاربنا' }, body: { de: 'Erste Fassung.' } }, NOW);
		const later = new Date(NOW.getTime() + 60_000);
		expect(await saveChapter(database.db, actor, id, { title: { de: 'Unsere Erfahrungen' }, body: { de: 'Zweite Fassung.', ar: 'النسخة الثانية.' }, baseVersion: 1 }, later)).toBe(2);
		expect(await code(saveChapter(database.db, actor, id, { title: { de: 'X' }, body: { de: 'Überschreibt?' }, baseVersion: 1 }, later))).toBe('stale');
		const { chapter, versions } = await chapterForTeam(database.db, projectId, id);
		expect(chapter).toMatchObject({ slug: 'unsere-erfahrungen', version: 2, body: { de: 'Zweite Fassung.', ar: 'النسخة الثانية.' } });
		expect(versions.map((v) => [v.number, v.author, v.createdAt.toISOString(), v.body.de])).toEqual([
			[2, 'Mira Team', later.toISOString(), 'Zweite Fassung.'],
			[1, 'Mira Team', NOW.toISOString(), 'Erste Fassung.']
		]);
		const saved = await database.db.select().from(auditEntry).where(eq(auditEntry.action, 'handbook.chapter_saved'));
		expect(saved.map((a) => a.details)).toEqual([{ handbook: handbookId, chapter: id, version: 2 }]);
		// A chapter of another project's handbook is not found through this one.
		expect(await code(chapterForTeam(database.db, projectId + 1, id))).toBe('not_found');
	});

	it('reorders and hides chapters; hidden ones leave the document', async () => {
		const before = (await handbookForTeam(database.db, projectId, 'de')).chapters;
		const written = before.at(-1)!;
		await moveChapter(database.db, actor, written.id, 'up', NOW);
		await moveChapter(database.db, actor, written.id, 'up', NOW);
		await moveChapter(database.db, actor, written.id, 'up', NOW);
		// Already first: nothing moves.
		await moveChapter(database.db, actor, written.id, 'up', NOW);
		await setChapterHidden(database.db, actor, before[1].id, true, NOW);
		const after = (await handbookForTeam(database.db, projectId, 'de')).chapters;
		expect(after.map((c) => [c.slug, c.hidden])).toEqual([
			['unsere-erfahrungen', false],
			['programm', false],
			['beratung', true],
			['organisationsentwicklung', false]
		]);
		const doc = (await loadHandbook(database.db, 'probe', 'de', { published: true }, NOW))!;
		expect(doc.chapters.map((c) => c.slug)).toEqual(['unsere-erfahrungen', 'programm', 'organisationsentwicklung']);
		await setChapterHidden(database.db, actor, before[1].id, false, NOW);
		expect((await loadHandbook(database.db, 'probe', 'de', { published: true }, NOW))!.chapters).toHaveLength(4);
	});

	it('stores images of PNG, JPEG or WebP up to 2 MB, refuses others, and serves them at a versioned URL in the page', async () => {
		const chapter = (await handbookForTeam(database.db, projectId, 'de')).chapters[0];
		expect(await code(addChapterImage(database.db, actor, chapter.id, { bytes: new TextEncoder().encode('<svg onload="x()"/>'), alt: 'SVG' }, NOW))).toBe('image_invalid');
		const big = new Uint8Array(IMAGE_MAX_BYTES + 1);
		big.set(PNG);
		expect(await code(addChapterImage(database.db, actor, chapter.id, { bytes: big, alt: 'Zu groß' }, NOW))).toBe('image_too_large');
		const generated = (await handbookForTeam(database.db, projectId, 'de')).chapters[1];
		expect(await code(addChapterImage(database.db, actor, generated.id, { bytes: PNG, alt: 'Punkt' }, NOW))).toBe('choice');
		const id = await addChapterImage(database.db, actor, chapter.id, { bytes: PNG, alt: 'Ein Punkt' }, NOW);
		const { images } = await chapterForTeam(database.db, projectId, chapter.id);
		expect(images).toMatchObject([{ id, alt: 'Ein Punkt', contentType: 'image/png', size: PNG.length }]);
		await saveChapter(database.db, actor, chapter.id, { title: { de: 'Unsere Erfahrungen' }, body: { de: `Vorher.\n\n![Ein Punkt](bild:${id})\n\n![fremd](bild:999)\n\n![extern](https://example.org/x.png)` }, baseVersion: 2 }, NOW);
		const doc = (await loadHandbook(database.db, 'probe', 'de', { published: true }, NOW))!;
		expect(doc.chapters[0].images).toEqual([{ id: String(id), alt: 'Ein Punkt', contentType: 'image/png', bytes: expect.any(Uint8Array) }]);
		const page = (await publicHandbookPage(database.db, 'probe', 'de', 'https://bildung.example', NOW))!;
		const html = page.chapters[0].html;
		expect(html).toContain(`<img src="/projekte/probe/handbuch/bild/${id}?v=${images[0].hash}" alt="Ein Punkt" loading="lazy" />`);
		expect(html).not.toContain('example.org');
		expect(html).not.toContain('bild:');
		expect(await imageForReader(database.db, 'probe', id, false)).toMatchObject({ contentType: 'image/png', isPublic: true });
		expect(await imageForReader(database.db, 'other', id, true)).toBeNull();
		await changeHandbookStatus(database.db, actor, handbookId, 'return', NOW);
		expect(await imageForReader(database.db, 'probe', id, false)).toBeNull();
		expect(await imageForReader(database.db, 'probe', id, true)).toMatchObject({ isPublic: false });
		await removeChapterImage(database.db, actor, id, NOW);
		expect((await chapterForTeam(database.db, projectId, chapter.id)).images).toEqual([]);
		await changeHandbookStatus(database.db, actor, handbookId, 'submit', NOW);
		await changeHandbookStatus(database.db, actor, handbookId, 'publish', NOW);
	});

	it('raises the public version at each change, so the stored page goes', async () => {
		const chapter = (await handbookForTeam(database.db, projectId, 'de')).chapters[0];
		let v = await version();
		await saveChapter(database.db, actor, chapter.id, { title: { de: 'Unsere Erfahrungen' }, body: { de: 'Neu.' }, baseVersion: chapter.version }, NOW);
		expect(await version()).toBe(++v);
		await updateHandbookSettings(database.db, actor, handbookId, { title: { de: 'Handbuch' }, subtitle: {}, licence: 'CC-BY-SA-4.0' }, NOW);
		expect(await version()).toBe(++v);
		await setChapterHidden(database.db, actor, chapter.id, true, NOW);
		expect(await version()).toBe(++v);
		await setChapterHidden(database.db, actor, chapter.id, false, NOW);
		const doc = (await loadHandbook(database.db, 'probe', 'de', { published: true }, NOW))!;
		expect(doc).toMatchObject({ title: 'Handbuch', subtitle: null, licence: 'CC-BY-SA-4.0', licenceUrl: 'https://creativecommons.org/licenses/by-sa/4.0/' });
	});

	it('names an association only once it consents on its profile, and the page changes with it', async () => {
		const [org] = await database.db.insert(organisation).values({ name: 'Verein Ohne Zustimmung', confirmed: true, createdAt: NOW }).returning();
		await database.db.insert(cohortMember).values({ projectId, organisationId: org.id, addedAt: NOW });
		const text = async () => (await loadHandbook(database.db, 'probe', 'de', { published: true }, NOW))!.chapters.map((c) => c.markdown).join('\n');
		expect(await text()).not.toContain('Verein Ohne Zustimmung');
		const profile = { legalForm: '', city: '', federalState: '', yearFounded: null, memberCount: null, languages: [], fieldsOfActivity: [], contactEmail: '', contactPhone: '', links: [] };
		const v = await version();
		await updateProfile(database.db, actor, org.id, { ...profile, mayBeNamed: true }, NOW);
		expect(await version()).toBe(v + 1);
		expect(await text()).toContain('- Verein Ohne Zustimmung');
		await updateProfile(database.db, actor, org.id, { ...profile, mayBeNamed: false }, NOW);
		expect(await text()).not.toContain('Verein Ohne Zustimmung');
		const consent = await database.db.select().from(auditEntry).where(and(eq(auditEntry.action, 'organisation.profile_updated'), eq(auditEntry.entityId, String(org.id))));
		expect(consent.map((a) => a.details?.mayBeNamed)).toEqual([true, false]);
		// Below five associations there is no cohort picture at all.
		const dev = (await loadHandbook(database.db, 'probe', 'de', { published: true }, NOW))!.chapters.find((c) => c.slug === 'organisationsentwicklung')!;
		expect(dev.charts).toEqual([]);
		expect(dev.markdown).toContain('mindestens 5 Vereine');
	});

	it('gives each new chapter an anchor of its own, never one the page uses', async () => {
		const ids: number[] = [];
		for (const title of ['Inhalt', 'Über uns', 'Über uns']) ids.push(await addWrittenChapter(database.db, actor, handbookId, { title: { de: title }, body: {} }, NOW));
		const slugs = (await handbookForTeam(database.db, projectId, 'de')).chapters.filter((c) => ids.includes(c.id)).map((c) => c.slug);
		expect(slugs).toEqual(['inhalt-2', 'ueber-uns', 'ueber-uns-2']);
	});
});
