import { describe, expect, it } from 'vitest';
import { axeViolations, htmlErrors, newPage, signIn } from './fixtures.ts';

describe('digital check in the backoffice (demo associations)', () => {
	it('the cohort view lists who answered and an anonymous picture of five associations', async () => {
		const { page, context } = await newPage({ javaScript: true });
		await signIn(page);
		await page.goto('/admin/kohorte');
		const text = await page.locator('main').innerText();
		expect(text.match(/\(fiktiv\)/g)).toHaveLength(5);
		expect(text).toContain('Gesamtbild (anonym)');
		expect(await page.locator('main svg[role="img"] title').textContent()).toBe('Gesamtbild (anonym)');
		const csv = await page.request.get('/admin/kohorte/kohorte.csv');
		expect(await csv.text()).toContain('Vereinsstruktur und Leitung;5;');
		expect(await axeViolations(page)).toEqual([]);
		expect(await htmlErrors(await page.content())).toEqual([]);

		await page.getByRole('link', { name: 'Syrisch-Deutscher Kulturverein Stuttgart (fiktiv)' }).click();
		const result = await page.locator('main').innerText();
		expect(result).toContain('Ergebnis Digital-Check – Runde 2');
		expect(result).toContain('Veränderung seit Runde 1');
		expect(await page.locator('main table.admin tbody tr').count()).toBe(8);
		expect(await axeViolations(page)).toEqual([]);
		expect(await htmlErrors(await page.content())).toEqual([]);

		// Arabic: the chart runs right-to-left and the page still passes.
		await page.goto(page.url().replace('/admin/', '/ar/admin/'));
		expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
		expect(await axeViolations(page)).toEqual([]);
		await context.close();
	});

	it('is for the programme team only', async () => {
		const { page, context } = await newPage();
		const res = await page.goto('/admin/kohorte');
		expect(new URL(page.url()).pathname).toBe('/admin/anmelden');
		expect(res!.status()).toBe(200);
		await context.close();
	});
});
