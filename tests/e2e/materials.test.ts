/**
 * Materials of a programme item in the browser (no JavaScript): the demo handbook links its handout,
 * served as a download; the team uploads (a fake PDF is refused next to its field), finds it on the
 * public item page, and removes it after a confirm step.
 */
import { describe, expect, it } from 'vitest';
import { axeViolations, baseUrl, htmlErrors, newPage, signIn } from './fixtures.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

describe('item materials', () => {
	it('the handbook links the demo handout; it downloads as an attachment, 404 under another hash', async () => {
		const html = await (await fetch(`${baseUrl()}/projekte/digit-ready-ii/handbuch`)).text();
		const href = /href="(\/projekte\/digit-ready-ii\/[0-9]+\/material\/[0-9]+-[0-9a-f]{16}\.pdf)"/.exec(html)?.[1];
		expect(href).toBeTruthy();
		const res = await fetch(`${baseUrl()}${href}`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/pdf');
		expect(res.headers.get('content-disposition')).toBe('attachment; filename="handout-digitaler-verein.pdf"');
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('cache-control')).toContain('immutable');
		expect(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
		expect((await fetch(`${baseUrl()}${href!.replace(/-[0-9a-f]{16}\./, '-0000000000000000.')}`)).status).toBe(404);
	});

	it('the team uploads a material, the item page lists it, and it is removed after the confirm step', async () => {
		const html = await (await fetch(`${baseUrl()}/projekte/digit-ready-ii/handbuch`)).text();
		const itemId = /\/projekte\/digit-ready-ii\/([0-9]+)\/material\//.exec(html)![1];
		const { page, context } = await newPage({ javaScript: true });
		await signIn(page);
		await page.goto(`/admin/programmpunkte/${itemId}`);
		const form = page.locator('form[action="?/material"]');
		await form.getByLabel('Titel (Deutsch)').fill('Folien zum Workshop');
		await form.locator('input[type="file"]').setInputFiles({ name: 'folien.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html>kein PDF</html>') });
		const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), form.getByRole('button', { name: 'Material hochladen' }).click()]);
		expect(refused.status()).toBe(400);
		expect(await page.locator('#f-file-error').innerText()).toContain('kein PDF, DOCX');
		expect(await form.getByLabel('Titel (Deutsch)').inputValue()).toBe('Folien zum Workshop');

		await form.locator('input[type="file"]').setInputFiles({ name: 'Folien Workshop.pdf', mimeType: 'application/pdf', buffer: PDF });
		await form.getByRole('button', { name: 'Material hochladen' }).click();
		await page.waitForURL(/material=hochgeladen/);
		const section = page.locator('#materialien');
		expect(await section.innerText()).toContain('Material hochgeladen.');
		expect(await section.getByRole('link', { name: 'Folien zum Workshop' }).count()).toBe(1);
		expect(await axeViolations(page)).toEqual([]);
		expect(await htmlErrors(await page.content())).toEqual([]);

		const item = await (await fetch(`${baseUrl()}/projekte/digit-ready-ii/${itemId}`)).text();
		const href = /href="([^"]+\/material\/[0-9]+-[0-9a-f]{16}\.pdf)"[^>]*>Folien zum Workshop</.exec(item)?.[1];
		expect(href).toBeTruthy();
		expect((await fetch(`${baseUrl()}${href}`)).headers.get('content-disposition')).toBe('attachment; filename="Folien-Workshop.pdf"');

		const row = section.locator('li', { hasText: 'Folien zum Workshop' });
		await row.getByRole('link', { name: 'Entfernen' }).click();
		expect(await section.innerText()).toContain('Material „Folien zum Workshop“ wirklich entfernen?');
		await section.getByRole('button', { name: 'Ja, entfernen' }).click();
		await page.waitForURL(/material=entfernt/);
		expect(await section.getByRole('link', { name: 'Folien zum Workshop' }).count()).toBe(0);
		expect((await fetch(`${baseUrl()}${href}`)).status).toBe(404);
		await context.close();
	});
});
