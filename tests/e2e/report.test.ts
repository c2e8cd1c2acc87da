/**
 * The funder report as the team uses it: the admin opens Digit-Ready II's report from the navigation,
 * enters a target, sees plan against actual with the difference, and downloads the XLSX, whose
 * figures are numbers.
 */
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { axeViolations, htmlErrors, newPage, signIn } from './fixtures.ts';

describe('the funder report', () => {
	it('shows the figures, takes a target, compares plan and actual and downloads the XLSX', async () => {
		// JavaScript on only so that axe-core can run; the pages ship none.
		const { page, context } = await newPage({ javaScript: true });
		await signIn(page);
		await page.getByRole('link', { name: 'Förderberichte' }).first().click();
		await page.waitForURL(/\/admin\/bericht$/);
		await page.getByRole('link', { name: 'Digit-Ready II', exact: true }).click();
		await page.waitForURL(/\/admin\/bericht\/\d+$/);
		await expect(page.locator('h1').innerText()).resolves.toBe('Bericht: Digit-Ready II');

		const overview = page.locator('table', { has: page.locator('caption', { hasText: 'Kennzahlen' }) });
		const row = overview.locator('tbody tr', { has: page.locator('th', { hasText: /^Termine durchgeführt$/ }) });
		// The seed's programme: 11 workshop days and 12 Wednesdays with two online slots each.
		const actual = Number((await row.locator('td').nth(0).innerText()).trim());
		expect(actual).toBeGreaterThanOrEqual(35);
		expect(await row.locator('td').nth(1).innerText()).toBe('–');

		await page.getByLabel('Termine durchgeführt').fill(String(actual + 5));
		await page.getByRole('button', { name: 'Planwerte speichern' }).click();
		await page.waitForURL(/gespeichert/);
		expect(await page.locator('#ergebnis').innerText()).toContain('Gespeichert.');
		expect(await row.locator('td').nth(1).innerText()).toBe(String(actual + 5));
		expect(await row.locator('td').nth(2).innerText()).toBe('-5');
		expect(await page.getByLabel('Termine durchgeführt').inputValue()).toBe(String(actual + 5));

		// A bad target is refused next to its field, nothing saved.
		await page.getByLabel('Teilnehmende (verschiedene Personen)').fill('viele');
		await page.getByRole('button', { name: 'Planwerte speichern' }).click();
		expect(await page.locator('main').innerText()).toContain('Bitte eine Zahl ab 0 eingeben');

		await page.goto(page.url().replace(/\?.*$/, ''));
		expect(await page.locator('svg[role="img"]').count()).toBeGreaterThanOrEqual(3);
		expect(await axeViolations(page)).toEqual([]);
		expect(await htmlErrors(await page.content())).toEqual([]);

		const download = page.waitForEvent('download');
		await page.getByRole('link', { name: 'Zahlen als Excel-Datei (XLSX)' }).click();
		const file = await (await download).path();
		const book = new ExcelJS.Workbook();
		await book.xlsx.load((await fs.promises.readFile(file!)) as unknown as ArrayBuffer);
		const sheet = book.getWorksheet('Kennzahlen')!;
		const sessions = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(1).value === 'Termine durchgeführt')!;
		expect([sessions.getCell(2).value, sessions.getCell(3).value, sessions.getCell(4).value]).toEqual([actual, actual + 5, -5]);
		expect(book.worksheets.map((w) => w.name)).toContain('Nach Monat');
		await context.close();
	});
});
