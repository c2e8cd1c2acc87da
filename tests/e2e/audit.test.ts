import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newPage, signIn } from './fixtures.ts';

/** Follows "next" to the last page of the log: the oldest entries, the demo's projects, are there. */
async function lastPage(page: Page, start: string): Promise<URL> {
	await page.goto(start);
	for (let n = 2; n < 100; n++) {
		const next = page.locator(`nav a[href$="seite=${n}"]`);
		if (!(await next.count())) break;
		await page.goto(new URL((await next.getAttribute('href'))!, page.url()).toString());
	}
	return new URL(page.url());
}

describe('the audit log in words', () => {
	it('shows sentences with linked entities in German and Arabic, no raw codes', async () => {
		const { page, context } = await newPage();
		await signIn(page);
		const url = await lastPage(page, '/admin/protokoll');
		const de = await page.locator('main').innerText();
		expect(de).toMatch(/Projekt angelegt: Projekt „[^“]+“/);
		expect(de).not.toMatch(/\b(project|item|session|registration|organisation|attendance|meeting|cohort|plan|assessment|settings|user)\.[a-z_]+/);
		const link = page.locator('main td a', { hasText: /^Projekt „/ }).last();
		expect(await link.getAttribute('href')).toMatch(/^\/admin\/projekte\/\d+$/);

		await page.goto(`/ar${url.pathname}${url.search}`);
		expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
		const ar = await page.locator('main').innerText();
		expect(ar).toMatch(/أُنشئ المشروع: المشروع «[^»]+»/);
		expect(ar).not.toContain('project.created');
		expect(await page.locator('main td a[href^="/ar/admin/projekte/"]').count()).toBeGreaterThan(0);
		await context.close();
	});
});
