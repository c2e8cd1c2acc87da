import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { loadDemoProgramme } from '../programme/demo.ts';
import { DEMO_ORGANISATIONS, loadAssessmentDemo } from '../assessment/demo.ts';
import { cohortMember, organisation } from '../db/schema/organisations.ts';
import { project } from '../db/schema/programme.ts';
import { DEMO_MATERIAL, DEMO_NAMED, loadHandbookDemo } from './demo.ts';
import { loadHandbook } from './content.ts';
import { changeHandbookStatus } from './commands.ts';
import { handbook } from '../db/schema/handbook.ts';

const NOW = new Date('2026-11-28T10:00:00Z');
let database: Database;
beforeAll(async () => {
	database = await openTestDatabase();
	await loadDemoProgramme(database.db, NOW);
	await loadAssessmentDemo(database.db, NOW);
	expect(await loadHandbookDemo(database.db, NOW)).toBe(true);
});
afterAll(() => database?.close());

describe('the demo handbook as one document', () => {
	it('loads once: Digit-Ready II, published, written and generated chapters in order', async () => {
		expect(await loadHandbookDemo(database.db, NOW)).toBe(false);
		const doc = (await loadHandbook(database.db, 'digit-ready-ii', 'de', { published: true }, NOW))!;
		expect(doc.title).toBe('Transferhandbuch Digit-Ready II');
		expect(doc.licence).toBe('CC-BY-SA-4.0');
		expect(doc.licenceUrl).toBe('https://creativecommons.org/licenses/by-sa/4.0/');
		expect(doc.publishedAt).toBe(NOW.toISOString());
		expect(doc.chapters.map((c) => [c.kind, c.slug])).toEqual([
			['written', 'worum-es-in-diesem-handbuch-geht'],
			['generated', 'programm'],
			['generated', 'beratung'],
			['generated', 'organisationsentwicklung'],
			['written', 'erfahrungen-aus-der-praxis'],
			['written', 'empfehlungen-fuer-die-naechste-phase']
		]);
		const programme = doc.chapters[1];
		expect(programme.markdown).toContain('| Programmpunkt | Termine |');
		expect(programme.markdown).toContain('Workshop mit Organisationsexperten aus MSO I');
		expect(programme.markdown).toContain('Köln');
	});

	it('lists the items’ materials with type, size and their public download link', async () => {
		const de = (await loadHandbook(database.db, 'digit-ready-ii', 'de', { published: true }, NOW))!.chapters.find((c) => c.slug === 'programm')!;
		expect(de.markdown).toContain('### Materialien');
		expect(de.markdown).toMatch(new RegExp(`: \\[${DEMO_MATERIAL.de}\\]\\(/projekte/digit-ready-ii/[0-9]+/material/[0-9]+-[0-9a-f]{16}\\.pdf\\) \\(PDF, [0-9]+ kB\\)`));
		const en = (await loadHandbook(database.db, 'digit-ready-ii', 'en', { published: true }, NOW))!.chapters.find((c) => c.slug === 'programm')!;
		expect(en.markdown).toContain(`[${DEMO_MATERIAL.en}](`);
	});

	it('names only the associations that agreed; the others never appear by name', async () => {
		const doc = (await loadHandbook(database.db, 'digit-ready-ii', 'de', { published: true }, NOW))!;
		const all = doc.chapters.map((c) => c.markdown).join('\n');
		for (const name of DEMO_NAMED) expect(all).toContain(name);
		for (const o of DEMO_ORGANISATIONS.filter((o) => !DEMO_NAMED.includes(o.name))) expect(all).not.toContain(o.name.replace(' (fiktiv)', ''));
	});

	it('shows the cohort before and after from five associations, and nothing below', async () => {
		const dev = (await loadHandbook(database.db, 'digit-ready-ii', 'de', { published: true }, NOW))!.chapters.find((c) => c.slug === 'organisationsentwicklung')!;
		expect(dev.charts).toHaveLength(1);
		expect(dev.charts[0].data.series).toHaveLength(2);
		expect(dev.markdown).toContain('| Bereich | Vorher (frühere Runde) | Nachher (letzte Runde) |');
		const [p] = await database.db.select({ id: project.id }).from(project).where(eq(project.slug, 'digit-ready-ii'));
		const [one] = await database.db.select().from(organisation).where(eq(organisation.name, DEMO_ORGANISATIONS[4].name));
		await database.db.delete(cohortMember).where(eq(cohortMember.organisationId, one.id));
		try {
			const four = (await loadHandbook(database.db, 'digit-ready-ii', 'de', { published: true }, NOW))!.chapters.find((c) => c.slug === 'organisationsentwicklung')!;
			expect(four.charts).toEqual([]);
			expect(four.markdown).not.toContain('| Bereich |');
			expect(four.markdown).toContain('mindestens 5 Vereine');
		} finally {
			await database.db.insert(cohortMember).values({ projectId: p.id, organisationId: one.id, addedAt: NOW });
		}
	});

	it('gives the Arabic chapter right-to-left and falls back to German for the others', async () => {
		const doc = (await loadHandbook(database.db, 'digit-ready-ii', 'ar', { published: true }, NOW))!;
		expect(doc.title).toBe('دليل نقل المعرفة Digit-Ready II');
		expect(doc.chapters[0]).toMatchObject({ dir: 'rtl', lang: 'ar', title: 'موضوع هذا الدليل' });
		expect(doc.chapters[4]).toMatchObject({ dir: 'ltr', lang: 'de', title: 'Erfahrungen aus der Praxis' });
		expect(doc.fallbackLanguage).toBe('de');
		expect(doc.chapters[1]).toMatchObject({ dir: 'rtl', lang: 'ar', title: 'البرنامج كما جرى' });
	});

	it('is not public unless published; the team still previews it', async () => {
		const [book] = await database.db.select().from(handbook);
		await changeHandbookStatus(database.db, null, book.id, 'return', NOW);
		try {
			expect(await loadHandbook(database.db, 'digit-ready-ii', 'de', { published: true }, NOW)).toBeNull();
			expect((await loadHandbook(database.db, 'digit-ready-ii', 'de', { published: false }, NOW))?.publishedAt).toBeNull();
			expect(await loadHandbook(database.db, 'no-such-project', 'de', { published: false }, NOW)).toBeNull();
		} finally {
			await changeHandbookStatus(database.db, null, book.id, 'submit', NOW);
			await changeHandbookStatus(database.db, null, book.id, 'publish', NOW);
		}
	});
});
