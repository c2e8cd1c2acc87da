import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { loadDemoProgramme } from '../programme/demo.ts';
import { readSnippetQuery } from '../../widget/snippet.ts';
import { widgetSnippetPage } from './snippet.ts';

const NOW = new Date('2026-11-28T10:00:00Z');
const ORIGIN = 'https://programm.example.org';
let database: Database;

beforeAll(async () => {
	database = await openTestDatabase();
	await loadDemoProgramme(database.db, NOW);
});
afterAll(() => database?.close());

const page = (q: string, locale: 'de' | 'en' = 'de') => widgetSnippetPage(database.db, readSnippetQuery(new URLSearchParams(q)), { origin: ORIGIN, locale, now: NOW });

describe('the snippet generator', () => {
	it('offers the published projects, the current one first, with their items; the first view shows its code', async () => {
		const p = await page('');
		expect(p.projects[0]).toMatchObject({ slug: 'digit-ready-iii', archived: false });
		expect(p.projects.slice(1).every((x) => x.archived)).toBe(true);
		expect(p.projects[0].items.length).toBeGreaterThan(0);
		expect(p.result.ok).toBe(true);
		if (!p.result.ok) return;
		expect(p.result.code.element).toContain(`<script src="${ORIGIN}/widget.js" async></script>`);
		expect(p.result.code.element).toContain('<bildungsturbo-programme project="digit-ready-iii">');
		expect(p.result.code.element).toContain(`<a href="${ORIGIN}/projekte/digit-ready-iii">Digit-Ready III: Vereine digital aufstellen (fiktives Beispiel): Termine und Anmeldung</a>`);
	});

	it('links the fallback to the project page in the chosen language', async () => {
		const p = await page('projekt=digit-ready-ii&sprache=en', 'de');
		expect(p.result.ok && p.result.code.element).toContain(`<a href="${ORIGIN}/en/projekte/digit-ready-ii">`);
		expect(p.result.ok && p.result.code.element).toContain(': dates and registration</a>');
	});

	it('refuses an item of another project at its field', async () => {
		const p = await page('');
		const other = p.projects[1].items[0].id;
		const wrong = await page(`projekt=digit-ready-iii&punkt=${other}`);
		expect(wrong.result).toEqual({ ok: false, errors: { punkt: { key: 'err_choice' } } });
	});
});
