import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { extractText, getDocumentProxy } from 'unpdf';
import { strFromU8, unzipSync } from 'fflate';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { loadDemoProgramme } from '../programme/demo.ts';
import { loadAssessmentDemo } from '../assessment/demo.ts';
import { exportJob } from '../db/schema/exports.ts';
import { project } from '../db/schema/programme.ts';
import { startJobs, type Jobs } from '../jobs/queue.ts';
import { exportStatus, exportResult } from '../jobs/exports.ts';
import { loadHandbookDemo } from './demo.ts';
import { loadHandbook } from './content.ts';
import { handbookFingerprint, publicHandbookFile, requestHandbookFile } from './files.ts';
import { checkEpub } from './test-fixtures.ts';

const NOW = new Date('2026-11-28T10:00:00Z');
const actor = { id: 'staff-1', email: 'team@example.org' };
let database: Database;
let jobs: Jobs;
beforeAll(async () => {
	database = await openTestDatabase();
	await loadDemoProgramme(database.db, NOW);
	await loadAssessmentDemo(database.db, NOW);
	await loadHandbookDemo(database.db, NOW);
	jobs = await startJobs(database, { intervalSeconds: 60, maintenance: async () => {} });
}, 120_000);
afterAll(async () => {
	await jobs?.stop();
	await database?.close();
});

const jobCount = async () => (await database.db.select({ id: exportJob.id }).from(exportJob)).length;

describe("the demo's Digit-Ready II handbook as files", () => {
	it('makes the PDF in the background once, with every chapter where its contents entry says, and serves the stored file after', async () => {
		const doc = (await loadHandbook(database.db, 'digit-ready-ii', 'de', { published: true }, NOW))!;
		const first = await publicHandbookFile(database.db, 'digit-ready-ii', 'de', 'pdf', NOW, { waitMs: 60_000 });
		expect(first?.state).toBe('ready');
		if (first?.state !== 'ready') return;
		expect(first.file).toMatchObject({ contentType: 'application/pdf', fileName: 'digit-ready-ii-handbuch-de.pdf' });
		const pdf = await getDocumentProxy(new Uint8Array(first.file.bytes));
		const { text } = await extractText(pdf, { mergePages: false });
		const pages = (text as string[]).map((t) => t.replace(/\s+/g, ' '));
		expect(pages[0]).toContain('Transferhandbuch Digit-Ready II');
		expect(pages[0]).toContain('CC BY-SA 4.0');
		for (const chapter of doc.chapters) {
			const entry = pages[1].match(new RegExp(`${chapter.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*(\\d+)`));
			expect(entry, chapter.title).not.toBeNull();
			expect(pages[Number(entry![1]) - 1]).toContain(chapter.title);
		}
		expect((await pdf.getOutline()).map((o) => o.title)).toEqual(doc.chapters.map((c) => c.title));
		const jobsBefore = await jobCount();
		const again = await publicHandbookFile(database.db, 'digit-ready-ii', 'de', 'pdf', NOW, { waitMs: 0 });
		expect(again).toMatchObject({ state: 'ready', etag: first.etag });
		expect(await jobCount()).toBe(jobsBefore);
	}, 120_000);

	it('makes the Arabic EPUB with the Arabic chapter right to left', async () => {
		const doc = (await loadHandbook(database.db, 'digit-ready-ii', 'ar', { published: true }, NOW))!;
		const result = await publicHandbookFile(database.db, 'digit-ready-ii', 'ar', 'epub', NOW, { waitMs: 60_000 });
		expect(result?.state).toBe('ready');
		if (result?.state !== 'ready') return;
		const epub = checkEpub(result.file.bytes);
		expect(epub.meta('dc:language')).toBe('ar');
		const navItem = epub.items.find((i) => i.attributes.properties === 'nav')!;
		expect(epub.xhtml[navItem.attributes.href].filter((e) => e.name === 'a').map((a) => a.text)).toEqual(doc.chapters.map((c) => c.title));
		const rtl = doc.chapters.findIndex((c) => c.dir === 'rtl');
		expect(rtl).toBeGreaterThanOrEqual(0);
		expect(epub.xhtml[`chapter-${rtl + 1}.xhtml`].find((e) => e.name === 'html')?.attributes.dir).toBe('rtl');
		expect(strFromU8(unzipSync(result.file.bytes)['OEBPS/package.opf'])).toContain('CC BY-SA 4.0');
		// The items' materials are linked with the platform's address: an EPUB has no site to be relative to.
		const parts = Object.entries(unzipSync(result.file.bytes)).filter(([name]) => name.endsWith('.xhtml')).map(([, bytes]) => strFromU8(bytes)).join('\n');
		expect(parts).toMatch(/href="https?:\/\/[^"/]+\/projekte\/digit-ready-ii\/[^"]*material\//);
		expect(parts).not.toMatch(/href="\/projekte/);
	}, 120_000);

	it('answers "being prepared" while the job runs, nothing for a handbook that is not published, and a new key when the content changes', async () => {
		const preparing = await publicHandbookFile(database.db, 'digit-ready-ii', 'en', 'pdf', NOW, { waitMs: 0 });
		expect(preparing).toMatchObject({ state: 'preparing', fileName: 'digit-ready-ii-handbuch-en.pdf' });
		expect(await publicHandbookFile(database.db, 'no-such-project', 'de', 'pdf', NOW)).toBeNull();
		const [other] = await database.db.select({ slug: project.slug }).from(project).where(eq(project.slug, 'digit-ready-iii'));
		if (other) expect(await publicHandbookFile(database.db, other.slug, 'de', 'epub', NOW)).toBeNull();
		const doc = (await loadHandbook(database.db, 'digit-ready-ii', 'de', { published: true }, NOW))!;
		const changed = { ...doc, chapters: doc.chapters.map((c, i) => (i === 0 ? { ...c, markdown: `${c.markdown}\n\nNeu.` } : c)) };
		expect(handbookFingerprint(changed)).not.toBe(handbookFingerprint(doc));
		expect(handbookFingerprint({ ...doc })).toBe(handbookFingerprint(doc));
	}, 120_000);

	it('lets the team make a file and follow it on the export page', async () => {
		const [p] = await database.db.select({ id: project.id }).from(project).where(eq(project.slug, 'digit-ready-ii'));
		const job = await requestHandbookFile(database.db, actor, p.id, 'tr', 'epub', NOW);
		await expect.poll(async () => (await exportStatus(database.db, job.id)).status, { timeout: 60_000 }).toBe('done');
		const file = await exportResult(database.db, job.id);
		expect(file.fileName).toBe('digit-ready-ii-handbuch-tr.epub');
		checkEpub(file.bytes);
		await expect(requestHandbookFile(database.db, actor, 999_999, 'de', 'pdf', NOW)).rejects.toMatchObject({ code: 'not_found' });
	}, 120_000);
});
