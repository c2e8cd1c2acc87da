/**
 * The funder report's PDF and the Sachbericht's DOCX as the team gets them: the link queues an
 * export job and lands on its status page (progress while it runs, accessible), which offers the
 * file when it is done; nobody but the team reaches the files or the status page.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { axeViolations, baseUrl, htmlErrors, newPage, signIn } from './fixtures.ts';
import { joinAsOrgAdmin } from './flows.ts';

/** The project's id, from its link on the list of reports. */
async function projectId(page: Page, title: string): Promise<string> {
	await page.goto('/admin/bericht');
	const href = await page.getByRole('link', { name: title, exact: true }).first().getAttribute('href');
	return href!.match(/\/admin\/bericht\/(\d+)/)![1];
}

/** Opens a report file's address, lands on the export's status page and waits for the download link. */
async function exported(page: Page, path: string, file: RegExp) {
	await page.goto(path);
	expect(new URL(page.url()).pathname).toMatch(/^\/admin\/exporte\/\d+$/);
	const link = page.getByRole('link', { name: file });
	await expect.poll(async () => (await link.count()) || (await page.reload(), link.count()), { timeout: 90_000, interval: 1500 }).toBe(1);
	return page.request.get((await link.getAttribute('href'))!);
}

describe('funder report files', () => {
	it('the team gets the PDF and the DOCX through the export page; others are sent to sign in or refused', async () => {
		// JavaScript on only so that axe-core can run; the pages ship none.
		const { page, context } = await newPage({ javaScript: true });
		await signIn(page);
		const id = await projectId(page, 'Digit-Ready II');

		// The status page while the job waits or runs: it refreshes itself and shows the progress.
		await page.goto(`/admin/bericht/${id}/bericht.pdf?von=2022-01-01&bis=2022-12-31`);
		const statusPath = new URL(page.url()).pathname;
		expect(statusPath).toMatch(/^\/admin\/exporte\/\d+$/);
		if (await page.locator('progress').count()) {
			// axe-core reports any timed refresh (meta-refresh, WCAG 2.2.1); the page offers to turn it off.
			expect(await page.locator('meta[http-equiv="refresh"]').getAttribute('content')).toBe('2');
			await page.goto(`${statusPath}?still`);
			expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(0);
			if (await page.locator('progress').count()) expect(await axeViolations(page)).toEqual([]);
		}
		const pdf = await exported(page, `/admin/bericht/${id}/bericht.pdf?von=2022-01-01&bis=2022-12-31`, /foerderbericht-digit-ready-ii-2022-01-01-2022-12-31\.pdf herunterladen/);
		expect(pdf.headers()['content-type']).toBe('application/pdf');
		expect(pdf.headers()['content-disposition']).toContain('foerderbericht-digit-ready-ii-2022-01-01-2022-12-31.pdf');
		const { text } = await extractText(await getDocumentProxy(new Uint8Array(await pdf.body())), { mergePages: true });
		expect(text).toContain('Zeitraum: 01.01.2022 bis 31.12.2022');
		expect(text).toContain('Plan und Ist');
		// Done: no refresh any more, the file offered with how long it is kept; accessible and valid.
		expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(0);
		expect(await page.locator('main').innerText()).toContain('aufbewahrt');
		expect(await axeViolations(page)).toEqual([]);
		expect(await htmlErrors(await page.content())).toEqual([]);
		// Back to the report with the same period.
		expect(await page.getByRole('link', { name: 'Zurück zum Bericht' }).getAttribute('href')).toBe(`/admin/bericht/${id}?von=2022-01-01&bis=2022-12-31`);

		const docx = await exported(page, `/admin/bericht/${id}/sachbericht.docx`, /sachbericht-digit-ready-ii\.docx herunterladen/);
		expect(docx.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
		expect((await docx.body()).subarray(0, 2).toString('latin1')).toBe('PK');
		const exportPath = new URL(page.url()).pathname;

		// Signed out: every one of these sends to the sign-in.
		const paths = [`/admin/bericht/${id}/bericht.pdf`, `/admin/bericht/${id}/sachbericht.docx`, exportPath, `${exportPath}/datei`];
		for (const path of paths) {
			const res = await fetch(`${baseUrl()}${path}`, { redirect: 'manual' });
			expect(res.status, path).toBe(303);
			expect(res.headers.get('location'), path).toMatch(/^\/admin\/anmelden\?weiter=/);
		}
		// An association's admin does not reach them either.
		const { page: member, context: memberContext } = await joinAsOrgAdmin(page, 'Polnisch-Deutsche Jugend München (fiktiv)', `report-files-${Date.now()}@example.org`);
		for (const path of paths) {
			const res = await member.request.get(path, { maxRedirects: 0 });
			expect([303, 401, 403, 404], path).toContain(res.status());
			if (res.status() === 303) expect(res.headers().location, path).toMatch(/\/admin\/anmelden/);
		}
		// Unknown exports and projects are 404 for the team.
		expect((await page.request.get('/admin/exporte/999999', { maxRedirects: 0 })).status()).toBe(404);
		expect((await page.request.get('/admin/exporte/999999/datei', { maxRedirects: 0 })).status()).toBe(404);
		expect((await page.request.get('/admin/bericht/999999/bericht.pdf', { maxRedirects: 0 })).status()).toBe(404);
		await memberContext.close();
		await context.close();
	}, 240_000);
});
