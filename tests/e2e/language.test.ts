import { describe, expect, it } from 'vitest';
import { newPage } from './fixtures.ts';

describe('languages', () => {
	it('switches German → English → Arabic (right-to-left) with the switcher links', async () => {
		const { page, context } = await newPage({ phone: true });
		await page.goto('/projekte/digit-ready-ii');
		expect(await page.locator('html').getAttribute('lang')).toBe('de');
		await page.getByRole('link', { name: 'English' }).click();
		await page.waitForURL('**/en/projekte/digit-ready-ii');
		expect(await page.locator('html').getAttribute('lang')).toBe('en');
		expect(await page.locator('main').innerText()).toContain('Programme');
		await page.getByRole('link', { name: 'العربية' }).click();
		await page.waitForURL('**/ar/projekte/digit-ready-ii');
		expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
		expect(await page.locator('html').getAttribute('lang')).toBe('ar');
		// Content without an Arabic version falls back to German and says so.
		expect(await page.locator('section[lang="de"]').count()).toBeGreaterThan(0);
		// RTL layout: the brand starts at the right edge (a long provider name may fill the line).
		const box = await page.locator('.brand').boundingBox();
		expect(box!.x + box!.width).toBeGreaterThan(375 - 40);
		const first = await page.locator('.brand > :first-child').boundingBox();
		expect(first!.x).toBeGreaterThan(150);
		await context.close();
	});

	it('every page links all its language versions', async () => {
		const { page, context } = await newPage();
		await page.goto('/projekte/digit-ready-i');
		const alternates = await page.locator('link[rel="alternate"][hreflang]').evaluateAll((els) =>
			els.map((e) => [e.getAttribute('hreflang'), new URL(e.getAttribute('href')!).pathname])
		);
		expect(alternates).toEqual(
			expect.arrayContaining([
				['de', '/projekte/digit-ready-i'],
				['en', '/en/projekte/digit-ready-i'],
				['tr', '/tr/projekte/digit-ready-i'],
				['ar', '/ar/projekte/digit-ready-i'],
				['ru', '/ru/projekte/digit-ready-i'],
				['uk', '/uk/projekte/digit-ready-i'],
				['x-default', '/projekte/digit-ready-i']
			])
		);
		expect(await page.locator('a[hreflang="tr"]').count()).toBe(1);
		await context.close();
	});
});
