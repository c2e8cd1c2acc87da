/**
 * The handbook's PDF and EPUB as a reader and the team get them: the public file in the path's
 * language (made in the background on the first request, then stored), the page that says it is
 * being prepared, 404 without a published handbook; the team makes a PDF on its outputs page and
 * downloads it from the export page.
 */
import { describe, expect, it } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { axeViolations, baseUrl, htmlErrors, newPage, signIn } from './fixtures.ts';

/** Follows the file address until the file comes (a redirect to the "being prepared" page meanwhile). */
async function download(path: string): Promise<Response> {
	const deadline = Date.now() + 90_000;
	for (;;) {
		const res = await fetch(`${baseUrl()}${path}`, { redirect: 'manual' });
		if (res.status !== 303 || Date.now() > deadline) return res;
		expect(res.headers.get('location')).toMatch(/\/handbuch\/ausgabe\/(pdf|epub)$/);
		await new Promise((r) => setTimeout(r, 1000));
	}
}

describe('handbook files', () => {
	it('serves the published handbook as PDF and EPUB in the reader\'s language; 404 where none is published', async () => {
		const pdfRes = await download('/projekte/digit-ready-ii/handbuch.pdf');
		expect(pdfRes.status).toBe(200);
		expect(pdfRes.headers.get('content-type')).toBe('application/pdf');
		const etag = pdfRes.headers.get('etag')!;
		const pdf = new Uint8Array(await pdfRes.arrayBuffer());
		const { text } = await extractText(await getDocumentProxy(pdf), { mergePages: true });
		expect(text.replace(/\s+/g, ' ')).toContain('Transferhandbuch Digit-Ready II');
		// Stored: the same file again, and 304 for a cache that has it.
		const again = await fetch(`${baseUrl()}/projekte/digit-ready-ii/handbuch.pdf`, { headers: { 'if-none-match': etag } });
		expect(again.status).toBe(304);

		const epubRes = await download('/ar/projekte/digit-ready-ii/handbuch.epub');
		expect(epubRes.status).toBe(200);
		expect(epubRes.headers.get('content-type')).toBe('application/epub+zip');
		expect(epubRes.headers.get('content-disposition')).toContain('digit-ready-ii-handbuch-ar.epub');
		const epub = Buffer.from(await epubRes.arrayBuffer());
		expect(epub.subarray(30, 58).toString('latin1')).toBe('mimetypeapplication/epub+zip');

		for (const path of ['/projekte/digit-ready-i/handbuch.pdf', '/projekte/gibt-es-nicht/handbuch.epub', '/projekte/digit-ready-ii/handbuch/ausgabe/docx']) {
			expect((await fetch(`${baseUrl()}${path}`, { redirect: 'manual' })).status, path).toBe(404);
		}
	}, 200_000);

	it('says in the reader\'s language that the file is being prepared, and is accessible', async () => {
		const path = '/uk/projekte/digit-ready-ii/handbuch/ausgabe/pdf';
		const res = await fetch(`${baseUrl()}${path}`);
		expect(res.status).toBe(200);
		const html = await res.text();
		expect(html).toMatch(/<meta http-equiv="refresh" content="\d+;url=\/uk\/projekte\/digit-ready-ii\/handbuch\.pdf"/);
		expect(await htmlErrors(html)).toEqual([]);
		// In the browser without its refresh (which would leave for the file before axe has looked).
		const { page, context } = await newPage({ javaScript: true });
		await page.route(`**${path}`, async (route) => {
			const response = await route.fetch();
			await route.fulfill({ response, body: (await response.text()).replace(/<meta http-equiv="refresh"[^>]*>/, '') });
		});
		await page.goto(path);
		expect(await page.locator('html').getAttribute('lang')).toBe('uk');
		expect(await page.locator('h1').textContent()).toBe('Посібник готується');
		expect(await axeViolations(page)).toEqual([]);
		await context.close();
	}, 60_000);

	it('lets the team make the Arabic PDF and download it from the export page', async () => {
		const { page, context } = await newPage({ javaScript: true });
		await signIn(page);
		await page.goto('/admin/kohorte');
		const href = await page.getByRole('link', { name: 'Digit-Ready II', exact: true }).getAttribute('href');
		const id = href!.match(/\/admin\/kohorte\/(\d+)/)![1];
		await page.goto(`/admin/handbuch/${id}/ausgaben`);
		expect(await axeViolations(page)).toEqual([]);
		await page.locator('#handbook-lang').selectOption('ar');
		await page.getByRole('button', { name: 'PDF erzeugen' }).click();
		await page.waitForURL(/\/admin\/exporte\/\d+$/);
		const link = page.getByRole('link', { name: /digit-ready-ii-handbuch-ar\.pdf herunterladen/ });
		await expect.poll(async () => { await page.reload(); return link.count(); }, { timeout: 90_000, interval: 2000 }).toBe(1);
		const file = await page.request.get((await link.getAttribute('href'))!);
		expect(file.headers()['content-type']).toBe('application/pdf');
		const { text } = await extractText(await getDocumentProxy(new Uint8Array(await file.body())), { mergePages: true });
		expect(text).toContain('المحتويات');
		await context.close();
	}, 200_000);
});
