/**
 * The living pattern library (/admin/gestaltung): every component of src/lib/ui on one staff page,
 * accessible (axe-core, WCAG 2.2 AA) in German and in Arabic, mirrored right-to-left in Arabic, and
 * the confirmation step working without JavaScript.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { axeViolations, newPage, signIn } from './fixtures.ts';

const SECTIONS = ['tokens', 'button', 'link-button', 'field', 'choice', 'summary', 'table', 'notice', 'tag', 'subnav', 'pagination', 'steps', 'empty', 'confirm', 'icon'];

describe('design system pattern page', () => {
	it('is for staff only', async () => {
		const { page, context } = await newPage();
		await page.goto('/admin/gestaltung');
		expect(new URL(page.url()).pathname).toBe('/admin/anmelden');
		await context.close();
	});

	it('shows every component and passes axe in German and in Arabic', async () => {
		// JavaScript only for axe-core; the page itself ships none.
		const { page, context } = await newPage({ javaScript: true });
		await signIn(page);
		for (const [url, dir, heading] of [
			['/admin/gestaltung', 'ltr', 'Gestaltung: die Bausteine der Oberfläche'],
			['/ar/admin/gestaltung', 'rtl', 'نظام التصميم: مكوّنات الواجهة']
		] as const) {
			const response = await page.goto(url);
			expect(response?.status()).toBe(200);
			expect(await page.locator('html').getAttribute('dir')).toBe(dir);
			expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(heading);
			for (const id of SECTIONS) expect(await page.locator(`section#${id}`).count(), id).toBe(1);

			// The parts a user relies on: a field's error tied to its input, choice rows as a group, the
			// current tab and step marked, tags and icons with text, no empty summary row.
			const email = page.locator('#field-demoEmail input');
			expect(await email.getAttribute('aria-invalid')).toBe('true');
			expect(await email.getAttribute('aria-describedby')).toContain('f-demoEmail-error');
			expect(await page.locator('#field-demoName input').getAttribute('aria-describedby')).toBe('f-demoName-hint');
			expect(await page.locator('fieldset.choices input[type="radio"]').count()).toBe(2);
			expect(await page.locator('.subnav [aria-current="page"]').count()).toBe(1);
			expect(await page.locator('.steps [aria-current="step"]').count()).toBe(1);
			expect(await page.locator('.summary-list > div').count()).toBe(3);
			expect(await page.locator('nav.pagination a[rel="next"]').getAttribute('href')).toBe('?q=Verein&seite=3');
			for (const tag of await page.locator('#tag .tag').allInnerTexts()) expect(tag.trim()).not.toBe('');
			// Every icon is hidden from assistive technology and stands next to text.
			const icons = page.locator('main svg');
			expect(await icons.count()).toBeGreaterThan(8);
			expect(await page.locator('main svg:not([aria-hidden="true"])').count()).toBe(0);
			// Arrows point the way of reading.
			const transform = await page.locator('nav.pagination a[rel="next"] svg').evaluate((el) => getComputedStyle(el).transform);
			expect(transform === 'none' ? 'ltr' : 'rtl').toBe(dir);

			expect(await axeViolations(page)).toEqual([]);

			// On a 360 px phone nothing runs out of the screen; both sizes are kept for a reviewer.
			const out = path.resolve('test-results/screenshots');
			fs.mkdirSync(out, { recursive: true });
			for (const [screen, viewport] of [['phone', { width: 360, height: 740 }], ['desktop', { width: 1280, height: 900 }]] as const) {
				await page.setViewportSize(viewport);
				const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
				expect(overflow, `${url} on ${screen}`).toBeLessThanOrEqual(0);
				await page.screenshot({ path: `${out}/patterns-${dir === 'rtl' ? 'ar' : 'de'}-${screen}.png`, fullPage: true });
			}
		}
		await context.close();
	});

	it('asks first and shows the result where one lands, without JavaScript', async () => {
		const { page, context } = await newPage();
		const { page: checker, context: checkerContext } = await newPage({ javaScript: true });
		await signIn(page);
		await page.goto('/admin/gestaltung');
		expect(await page.locator('section.confirm').count()).toBe(0);
		await page.getByRole('link', { name: 'Rückfrage öffnen' }).click();
		const question = page.getByRole('region', { name: 'Wirklich löschen?' });
		expect(await question.innerText()).toContain('„Kulturbrücke e. V.“ wird mit allem');
		await signIn(checker);
		await checker.goto(page.url());
		expect(await axeViolations(checker)).toEqual([]);
		await checkerContext.close();
		await question.getByRole('button', { name: 'Ja, endgültig löschen' }).click();
		await page.waitForURL((url) => url.searchParams.has('erledigt'));
		expect(new URL(page.url()).hash).toBe('#ergebnis');
		expect(await page.getByRole('status').innerText()).toContain('Gespeichert.');
		expect(await page.locator('#ergebnis').getAttribute('tabindex')).toBe('-1');
		await context.close();
	});
});
