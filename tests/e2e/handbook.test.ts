/**
 * The transfer handbook as a visitor and the team meet it: the demo's Digit-Ready II handbook is
 * public, linked from the project page, accessible in German and Arabic (the Arabic chapter right
 * to left), with AMB LearningResource metadata; a handbook not published is 404; the team edits a
 * chapter, the new version appears with who saved it, and the stored public page shows the change.
 */
import { describe, expect, it } from 'vitest';
import { axeViolations, htmlErrors, newPage, signIn } from './fixtures.ts';

describe('transfer handbook', () => {
	it('is public for Digit-Ready II: linked, contents, licence, JSON-LD, axe-clean in German and Arabic', async () => {
		const { page, context } = await newPage({ phone: true, javaScript: true });
		await page.goto('/projekte/digit-ready-ii');
		await page.getByRole('link', { name: 'Transferhandbuch lesen' }).click();
		await page.waitForURL('**/projekte/digit-ready-ii/handbuch');
		expect(await page.locator('h1').textContent()).toBe('Transferhandbuch Digit-Ready II');
		const contents = page.getByRole('navigation', { name: 'Inhalt' });
		expect(await contents.getByRole('link').allTextContents()).toEqual([
			'Worum es in diesem Handbuch geht',
			'Das Programm, wie es lief',
			'Beratung: Stränge und Themen',
			'Der Ansatz der Organisationsentwicklung',
			'Erfahrungen aus der Praxis',
			'Empfehlungen für die nächste Phase'
		]);
		expect(await page.locator('a[rel=license]').first().getAttribute('href')).toBe('https://creativecommons.org/licenses/by-sa/4.0/');
		expect(await page.locator('a[href="/projekte/digit-ready-ii/handbuch.pdf"]').count()).toBe(1);
		expect(await page.locator('a[href="/projekte/digit-ready-ii/handbuch.epub"]').count()).toBe(1);
		// The cohort's picture (five demo associations, two rounds each): the chart and its table.
		expect(await page.locator('#organisationsentwicklung svg').count()).toBe(1);
		expect(await page.locator('#organisationsentwicklung table caption').count()).toBe(1);
		const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!);
		expect(ld).toMatchObject({
			'@context': ['https://w3id.org/kim/amb/context.jsonld', { '@language': 'de' }],
			type: expect.arrayContaining(['LearningResource']),
			name: 'Transferhandbuch Digit-Ready II',
			license: { id: 'https://creativecommons.org/licenses/by-sa/4.0/' },
			isAccessibleForFree: true,
			inLanguage: expect.arrayContaining(['de', 'ar']),
			learningResourceType: [expect.objectContaining({ id: 'https://w3id.org/kim/hcrt/text' })]
		});
		expect(ld.id).toMatch(/\/projekte\/digit-ready-ii\/handbuch$/);
		expect(ld.creator[0]).toMatchObject({ type: 'Organization', name: expect.any(String) });
		expect(await axeViolations(page)).toEqual([]);
		expect(await htmlErrors(await page.content())).toEqual([]);

		await page.goto('/ar/projekte/digit-ready-ii/handbuch');
		const first = page.locator('section.chapter').first();
		expect(await first.getAttribute('dir')).toBe('rtl');
		expect(await first.getAttribute('lang')).toBe('ar');
		expect(await first.locator('h2').textContent()).toContain('موضوع هذا الدليل');
		expect(await first.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
		// A chapter only in German stays German and left to right, marked as such.
		const german = page.locator('#erfahrungen-aus-der-praxis');
		expect(await german.getAttribute('dir')).toBe('ltr');
		expect(await german.getAttribute('lang')).toBe('de');
		// The downloads keep the reader's language.
		expect(await page.locator('.handbook-downloads a[type="application/pdf"]').getAttribute('href')).toBe('/ar/projekte/digit-ready-ii/handbuch.pdf');
		expect(await page.locator('.handbook-downloads a[type="application/epub+zip"]').getAttribute('href')).toBe('/ar/projekte/digit-ready-ii/handbuch.epub');
		expect(await axeViolations(page)).toEqual([]);

		// Printed: the contents stay, each chapter starts a page, no header or buttons.
		await page.emulateMedia({ media: 'print' });
		expect(await page.locator('.site-header').isVisible()).toBe(false);
		expect(await page.locator('nav.toc').isVisible()).toBe(true);
		expect(await page.locator('section.chapter').nth(1).evaluate((el) => getComputedStyle(el).breakBefore)).toBe('page');
		await context.close();
	});

	it('is 404 where no handbook is published', async () => {
		const { page, context } = await newPage();
		expect((await page.goto('/projekte/digit-ready-i/handbuch'))?.status()).toBe(404);
		expect((await page.goto('/projekte/gibt-es-nicht/handbuch'))?.status()).toBe(404);
		await page.goto('/projekte/digit-ready-i');
		expect(await page.getByRole('link', { name: 'Transferhandbuch lesen' }).count()).toBe(0);
		await context.close();
	});

	it('the team edits a chapter: a new version with who and when, and the public page shows it at once', async () => {
		const { page, context } = await newPage({ javaScript: true });
		await signIn(page);
		await page.goto('/admin/handbuch');
		await page.getByRole('link', { name: 'Handbuch „Digit-Ready II“ bearbeiten' }).click();
		expect(await page.locator('.tag', { hasText: 'Veröffentlicht' }).count()).toBeGreaterThan(0);
		expect(await axeViolations(page)).toEqual([]);
		await page.getByRole('link', { name: 'Empfehlungen für die nächste Phase' }).click();
		const body = page.getByLabel('Text (Deutsch)');
		const added = `5. Früh mit den Vereinen planen (Test ${Date.now()}).`;
		await body.fill(`${await body.inputValue()}\n${added}`);
		const save = page.getByRole('button', { name: /Als Version \d+ speichern/ });
		const next = Number((await save.textContent())!.match(/\d+/)![0]);
		await save.click();
		await page.waitForURL(/gespeichert/);
		expect(await page.locator('#ergebnis').textContent()).toContain('Gespeichert');
		const newest = page.locator('.versions > li').first();
		expect(await newest.locator('summary').textContent()).toMatch(new RegExp(`^Version ${next}, .+, von .+`));
		expect(await newest.locator('pre').first().textContent()).toContain(added);
		expect(await page.locator('.versions > li').count()).toBe(next);
		expect(await axeViolations(page)).toEqual([]);

		// The public page (stored by the page cache) shows the new text for a visitor without a session.
		const visitor = await newPage();
		await visitor.page.goto('/projekte/digit-ready-ii/handbuch');
		expect(await visitor.page.locator('#empfehlungen-fuer-die-naechste-phase').textContent()).toContain(added.replace(/^5\. /, ''));
		await visitor.context.close();
		await context.close();
	});
});
