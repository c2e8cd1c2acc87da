/**
 * The backoffice's API tokens page on the shared test server: an admin creates a token (shown once),
 * uses it against the API, sees its use counted and listed (method, path, answer), and revokes it after a confirmation step; the page
 * is accessible in German and Arabic and its HTML valid.
 */
import { describe, expect, it } from 'vitest';
import { axeViolations, baseUrl, htmlErrors, newPage, signIn } from './fixtures.ts';

describe('API tokens in the backoffice', () => {
	it('an admin creates a token, sees it once, the API accepts it, and it is refused once revoked', async () => {
		const { page, context } = await newPage({ javaScript: true });
		await signIn(page);
		await page.goto('/admin/api/tokens');
		expect(await page.locator('h1').innerText()).toBe('API-Tokens');
		const form = page.locator('#neu form');
		await form.locator('input[name="name"]').fill('CRM des Trägers (e2e)');
		await form.getByLabel('Vereine lesen').check();
		await form.getByRole('button', { name: 'Token erstellen' }).click();
		await page.waitForLoadState();
		const token = (await page.locator('#ergebnis code').innerText()).trim();
		expect(token).toMatch(/^bt_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
		expect(await axeViolations(page)).toEqual([]);
		expect(await htmlErrors(await page.content())).toEqual([]);

		const call = () => fetch(`${baseUrl()}/api/v1/organisations?limit=1`, { headers: { Authorization: `Bearer ${token}` } });
		expect((await call()).status).toBe(200);
		// Shown once: the list names the token by its prefix, never the secret.
		await page.goto('/admin/api/tokens');
		const row = page.locator('#tokens tbody tr').filter({ hasText: 'CRM des Trägers (e2e)' });
		expect(await page.content()).not.toContain(token);
		expect(await row.innerText()).toContain(`bt_${token.split('_')[1]}_…`);
		const uses = row.locator('td[data-label="Aufrufe"]');
		expect((await uses.innerText()).split('\n')[0].trim()).toBe('1');
		// Its uses: time, method, path without the query, answer.
		await uses.getByRole('link', { name: 'Aufrufe ansehen: „CRM des Trägers (e2e)“' }).click();
		await page.waitForURL(/nutzung=/);
		const log = page.locator('#nutzung');
		expect(await log.locator('h2').innerText()).toBe('Letzte Aufrufe von „CRM des Trägers (e2e)“');
		const use = await log.locator('tbody tr').allInnerTexts();
		expect(use).toHaveLength(1);
		expect(use[0]).toContain('GET');
		expect(use[0]).toContain('/api/v1/organisations');
		expect(use[0]).toContain('200');
		expect(use[0]).not.toContain('limit');
		expect(await axeViolations(page)).toEqual([]);
		expect(await htmlErrors(await page.content())).toEqual([]);
		await page.goto('/admin/api/tokens');

		await row.getByRole('link', { name: /widerrufen/ }).click();
		await page.waitForURL(/widerrufen=/);
		expect(await page.locator('#bestaetigen').innerText()).toContain('Token „CRM des Trägers (e2e)“ widerrufen?');
		expect((await call()).status).toBe(200);
		await page.locator('#bestaetigen').getByRole('button', { name: 'Token widerrufen' }).click();
		await page.waitForURL(/widerrufen-ok/);
		expect(await page.locator('#tokens tbody tr').filter({ hasText: 'CRM des Trägers (e2e)' }).innerText()).toContain('widerrufen');
		const refused = await call();
		expect(refused.status).toBe(401);
		expect((await refused.json()).code).toBe('token_revoked');

		await page.goto('/ar/admin/api/tokens');
		expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
		expect(await axeViolations(page)).toEqual([]);
		await context.close();
	});
});
