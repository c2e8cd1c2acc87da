/**
 * Printed pages read as documents: the programme (project page), the participant page and the
 * development plan without header, navigation, forms or buttons, cards and rows kept whole. Each is
 * also printed to PDF under test-results/print/ for a reviewer to look at.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { newPage, signIn } from './fixtures.ts';
import { joinAsOrgAdmin, registerConfirmed } from './flows.ts';

const OUT = path.resolve('test-results/print');

/** Switches to print media and checks what every printed page shares; stores the PDF. */
async function asPrinted(page: Page, name: string) {
	await page.emulateMedia({ media: 'print' });
	expect(await page.locator('.site-header').isVisible()).toBe(false);
	expect(await page.locator('nav:visible, form:visible, button:visible, .button:visible').count()).toBe(0);
	expect(await page.locator('h1').isVisible()).toBe(true);
	fs.mkdirSync(OUT, { recursive: true });
	await page.pdf({ path: path.join(OUT, `${name}.pdf`), format: 'A4', margin: { top: '15mm', bottom: '15mm', left: '15mm', right: '15mm' } });
}

const breakInside = (page: Page, selector: string) => page.locator(selector).first().evaluate((el) => getComputedStyle(el).breakInside);

describe('print stylesheet', () => {
	it('the programme prints as a table with whole rows and its head on every page', async () => {
		const { page, context } = await newPage();
		await page.goto('/projekte/digit-ready-ii');
		await asPrinted(page, 'programme-de');
		expect(await page.locator('table.programme').isVisible()).toBe(true);
		expect(await page.locator('table.programme thead').evaluate((el) => getComputedStyle(el).display)).toBe('table-header-group');
		expect(await breakInside(page, 'table.programme tbody tr')).toBe('avoid');
		await page.goto('/ar/projekte/digit-ready-ii');
		await asPrinted(page, 'programme-ar');
		await context.close();
	});

	it('the participant page prints its registrations without the cancel action', async () => {
		const { page, context } = await newPage();
		await registerConfirmed(page, 'print-participant@example.org');
		const title = page.locator('main .card h2').first();
		expect(await page.locator('main .button').count()).toBeGreaterThan(0);
		await asPrinted(page, 'participant-de');
		expect(await title.isVisible()).toBe(true);
		expect(await breakInside(page, 'main .card')).toBe('avoid');
		await context.close();
	});

	it('the development plan prints goals and steps with their state, without the forms', async () => {
		const { page: admin, context: adminContext } = await newPage();
		await signIn(admin);
		const { page, context } = await joinAsOrgAdmin(admin, 'Syrisch-Deutscher Kulturverein Stuttgart (fiktiv)', 'print-verein@example.org');
		await page.goto('/verein/plan');
		await page.getByLabel('Bereich').selectOption('structure');
		await page.getByLabel('Ziel', { exact: true }).fill('Aufgaben im Vorstand klar verteilen');
		await page.getByRole('button', { name: 'Ziel hinzufügen' }).click();
		await page.waitForURL(/gespeichert/);
		await page.getByText('Schritt hinzufügen').first().click();
		await page.getByLabel('Schritt', { exact: true }).fill('Rollenliste schreiben');
		await page.getByRole('button', { name: 'Schritt hinzufügen' }).click();
		await page.waitForURL(/gespeichert/);
		await asPrinted(page, 'plan-de');
		const goal = page.locator('main section.card', { hasText: 'Aufgaben im Vorstand klar verteilen' });
		expect(await goal.isVisible()).toBe(true);
		expect(await goal.locator('li', { hasText: 'Rollenliste schreiben' }).innerText()).toContain('offen');
		expect(await page.locator('main select:visible, main input:visible').count()).toBe(0);
		// The heading of the form to add a goal goes with the form.
		expect(await page.getByRole('heading', { name: 'Ziel hinzufügen' }).isVisible()).toBe(false);
		expect(await breakInside(page, 'main section.card')).toBe('avoid');
		await context.close();
		await adminContext.close();
	});
});
