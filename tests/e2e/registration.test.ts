import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, htmlErrors, newPage, signIn } from './fixtures.ts';
import { mailLinks, mailsTo } from './mail.ts';

/** The newest link of a kind in the mails to `email` (the outbox page masks them: read from the mail itself). */
async function linkFromOutbox(_admin: Page, email: string, pattern: RegExp): Promise<string> {
	return new URL((await mailLinks(email, pattern)).at(-1)!).pathname;
}

async function register(page: Page, url: string, name: string, email: string) {
	await page.goto(url);
	await page.getByLabel('Ihr Name').fill(name);
	await page.getByLabel('Ihre E-Mail-Adresse').fill(email);
	await page.getByLabel('Ihr Verein / Ihre Organisation').fill('Beispielverein e.V.');
	await page.getByLabel('Ich habe den Datenschutzhinweis gelesen und bin einverstanden.').check();
	await page.getByRole('button', { name: 'Anmelden' }).click();
}

describe('registration on a phone without JavaScript', () => {
	it('register, confirm by mail, fill up, waiting list, promotion after a cancellation', async () => {
		const { page: admin, context: adminContext } = await newPage();
		await signIn(admin);
		await admin.goto('/admin/projekte/neu');
		await admin.getByLabel('Titel (Deutsch)').fill('Anmeldetest');
		await admin.getByLabel('Kurzname in der Adresse').fill('anmeldetest');
		await admin.getByLabel('Laufzeit von').fill('2099-01-01');
		await admin.getByLabel('Laufzeit bis').fill('2099-12-31');
		await admin.getByRole('button', { name: 'Speichern' }).click();
		await admin.getByRole('link', { name: 'Programmpunkt hinzufügen' }).click();
		await admin.getByLabel('Titel (Deutsch)').fill('Workshop mit Anmeldung');
		await admin.getByLabel('Anmeldung geöffnet').check();
		await admin.getByLabel('Plätze (leer = unbegrenzt)').fill('1');
		await admin.getByRole('button', { name: 'Speichern' }).click();
		await admin.waitForURL(/\/admin\/programmpunkte\/\d+/);
		const itemId = new URL(admin.url()).pathname.split('/').pop();
		await admin.getByRole('link', { name: 'Termin hinzufügen' }).click();
		await admin.getByLabel('Datum').fill('2099-05-10');
		await admin.getByLabel('Ort (Stadt)').fill('Köln');
		await admin.getByRole('button', { name: 'Speichern' }).click();
		await admin.goto('/admin');
		await admin.getByRole('link', { name: 'Anmeldetest' }).click();
		await admin.getByRole('button', { name: 'Veröffentlichen' }).click();
		await admin.waitForURL(/veroeffentlicht/);

		const itemUrl = `/projekte/anmeldetest/${itemId}`;
		// The form is accessible and valid HTML, in German and in Arabic.
		for (const prefix of ['', '/ar']) {
			const { page: check, context: checkContext } = await newPage({ javaScript: true, phone: true });
			await check.goto(`${prefix}${itemUrl}`);
			expect(await check.locator('form[action="?/register#ergebnis"]').count()).toBe(1);
			expect(await axeViolations(check)).toEqual([]);
			expect(await htmlErrors(await check.content())).toEqual([]);
			await checkContext.close();
		}
		const { page: a, context: ca } = await newPage({ phone: true });
		// A bad input keeps what was typed.
		await a.goto(itemUrl);
		await a.getByLabel('Ihr Name').fill('Ayşe Yılmaz');
		await a.getByRole('button', { name: 'Anmelden' }).click();
		expect(await a.getByRole('alert').innerText()).toContain('Bitte prüfen Sie die markierten Felder.');
		// On a phone the result is the first thing on the screen, and focused for screen readers.
		const box = (await a.locator('#ergebnis').boundingBox())!;
		expect(box.y).toBeGreaterThanOrEqual(-2);
		expect(box.y + 40).toBeLessThan(740);
		expect(await a.evaluate(() => document.activeElement?.id)).toBe('ergebnis');
		expect(await a.getByLabel('Ihr Name').inputValue()).toBe('Ayşe Yılmaz');
		expect(await a.locator('#anmelden').innerText()).toContain('Ohne Ihr Einverständnis');

		await register(a, itemUrl, 'Ayşe Yılmaz', 'ayse@example.org');
		expect(await a.getByRole('status').innerText()).toContain('ayse@example.org');
		// The answer is its own page (a redirect after the post): no address in its URL, a way back, axe and HTML clean.
		const resultUrl = new URL(a.url());
		expect(resultUrl.pathname).toMatch(/^\/anmeldung\/ergebnis\/[\w.-]+$/);
		expect(decodeURIComponent(a.url())).not.toContain('ayse');
		expect(await a.getByRole('heading', { level: 1 }).innerText()).toContain('Fast geschafft');
		expect(await a.getByRole('link', { name: /^Zurück zu/ }).getAttribute('href')).toBe(itemUrl);
		{
			// axe runs as a script: in a page with JavaScript, as for the other pages of this test.
			const { page: check, context: checkContext } = await newPage({ javaScript: true, phone: true });
			await check.goto(a.url());
			expect(await axeViolations(check)).toEqual([]);
			expect(await htmlErrors(await check.content())).toEqual([]);
			await checkContext.close();
		}
		// A forged or expired result link shows nothing but says where the answer is.
		const forgedResult = await a.goto(resultUrl.pathname.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')));
		expect(forgedResult!.status()).toBe(410);
		expect(await a.locator('main').innerText()).toContain('Dieses Ergebnis wird nicht mehr angezeigt');
		await a.goto(await linkFromOutbox(admin, 'ayse@example.org', /http:\/\/[^\s]+\/anmeldung\/bestaetigen\/[\w-]+/));
		await a.getByRole('button').filter({ hasText: 'bestätigen' }).click();
		await a.waitForURL(/\/teilnahme\//);
		const ownPageA = a.url();
		{
			const { page: check, context: checkContext } = await newPage({ javaScript: true });
			await check.goto(ownPageA);
			expect(await axeViolations(check)).toEqual([]);
			expect(await htmlErrors(await check.content())).toEqual([]);
			await checkContext.close();
		}
		expect(await a.locator('main').innerText()).toContain('Angemeldet');

		const { page: b, context: cb } = await newPage({ phone: true });
		await register(b, itemUrl, 'Oleksandr Koval', 'oleksandr@example.org');
		expect(await b.getByRole('status').innerText()).toContain('Warteliste');
		await b.goto(await linkFromOutbox(admin, 'oleksandr@example.org', /http:\/\/[^\s]+\/anmeldung\/bestaetigen\/[\w-]+/));
		await b.getByRole('button').filter({ hasText: 'bestätigen' }).click();
		await b.waitForURL(/\/teilnahme\//);
		expect(await b.locator('main').innerText()).toContain('Auf der Warteliste');

		await a.goto(ownPageA);
		// Cancelling asks first and says where the place goes; "No" changes nothing.
		await a.getByRole('link', { name: 'Anmeldung stornieren' }).click();
		expect(await a.locator('form[action="?/cancel"]').innerText()).toContain('geht an die nächste Person auf der Warteliste');
		await a.getByRole('link', { name: 'Nein, nichts ändern' }).click();
		expect(await a.locator('main').innerText()).toContain('Angemeldet');
		await a.getByRole('link', { name: 'Anmeldung stornieren' }).click();
		await a.getByRole('button', { name: 'Ja, stornieren' }).click();
		await a.waitForURL(/storniert/);
		expect(await a.locator('main').innerText()).toContain('Storniert');

		await b.reload();
		expect(await b.locator('main').innerText()).toContain('Angemeldet');
		const calendar = await b.request.get((await b.getByRole('link', { name: 'Termine in den Kalender (.ics)' }).getAttribute('href'))!);
		expect(await calendar.text()).toContain('DTSTART;TZID=Europe/Berlin:20990510T100000');
		expect(await linkFromOutbox(admin, 'oleksandr@example.org', /http:\/\/[^\s]+\/teilnahme\/[\w.-]+/)).toContain('/teilnahme/');

		// Without SMTP the mails are also written as .eml files under DATA_DIR/outbox.
		await expect.poll(() => fs.readdirSync(path.join(inject('dataDir'), 'outbox')).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(4);

		// The team sees who registered.
		await admin.goto(`/admin/programmpunkte/${itemId}`);
		const list = await admin.locator('#anmeldungen').innerText();
		expect(list).toContain('Oleksandr Koval');
		expect(list).toContain('Beispielverein e.V.');
		// Filters: by status; nonsense in the address is ignored, never an error page.
		await admin.goto(`/admin/programmpunkte/${itemId}?status=cancelled#anmeldungen`);
		expect(await admin.locator('#anmeldungen table').innerText()).not.toContain('Oleksandr Koval');
		expect((await admin.goto(`/admin/programmpunkte/${itemId}?status=bogus&termin=x`))!.status()).toBe(200);

		// Attendance on a phone, lists and a certificate that open in a PDF viewer.
		const { page: phone, context: phoneContext } = await newPage({ phone: true });
		await signIn(phone);
		await phone.goto(`/admin/programmpunkte/${itemId}`);
		await phone.getByRole('link', { name: /^Anwesenheit/ }).first().click();
		await phone.locator('li', { hasText: 'Oleksandr Koval' }).getByRole('button', { name: 'anwesend' }).click();
		expect(await phone.locator('li', { hasText: 'Oleksandr Koval' }).locator('.muted').innerText()).toBe('anwesend');
		for (const [format, type] of [['csv', 'text/csv'], ['xlsx', 'spreadsheetml'], ['pdf', 'application/pdf']]) {
			const res = await phone.request.get(`/admin/programmpunkte/${itemId}/teilnehmende.${format}`);
			expect(res.headers()['content-type']).toContain(type);
			if (format === 'csv') expect(await res.text()).toContain('Oleksandr Koval;Beispielverein e.V.');
			if (format === 'pdf') expect((await res.body()).subarray(0, 5).toString()).toBe('%PDF-');
		}
		// No certificate before the sessions took place: the list says when, a direct request gets a sentence.
		await phone.goto(`/admin/programmpunkte/${itemId}`);
		expect(await phone.locator('tr', { hasText: 'Oleksandr Koval' }).innerText()).toContain('Bescheinigung nach dem letzten Termin');
		const registrationId = (await phone.locator('tr', { hasText: 'Oleksandr Koval' }).locator('input[name="registrationId"]').first().getAttribute('value'))!;
		const early = await phone.request.get(`/admin/zertifikate/${registrationId}`);
		expect(early.status()).toBe(409);
		expect(await early.text()).toContain('erst nach dem letzten Termin');

		// After publishing, a date in the wrong year is refused with the finding, the typed date kept.
		await admin.goto(`/admin/programmpunkte/${itemId}`);
		const sessionHref = (await admin.locator('a[href*="/admin/termine/"]').first().getAttribute('href'))!;
		await admin.goto(sessionHref);
		await admin.getByLabel('Datum').fill('2024-05-10');
		await admin.getByRole('button', { name: 'Speichern' }).click();
		expect(await admin.getByRole('alert').first().innerText()).toContain('außerhalb der Laufzeit');
		expect(await admin.getByLabel('Datum').inputValue()).toBe('2024-05-10');
		expect(await (await admin.request.get(`/projekte/anmeldetest/${itemId}`)).text()).not.toContain('2024');
		// Moving the session within the runtime (here: into the past, so the certificate can be issued) mails everyone registered.
		await admin.goto('/admin');
		await admin.getByRole('link', { name: 'Anmeldetest' }).click();
		await admin.getByLabel('Laufzeit von').fill('2020-01-01');
		await admin.getByRole('button', { name: 'Speichern' }).click();
		await admin.goto(sessionHref);
		await admin.getByLabel('Datum').fill('2025-05-10');
		await admin.getByRole('button', { name: 'Speichern' }).click();
		await admin.waitForURL(/gespeichert/);
		const changed = (await mailsTo('oleksandr@example.org', /^Geändert/)).find((m) => /^Geändert/.test(m.subject))!;
		expect(changed.text).toContain('10.05.2025');
		expect(changed.ics).toContain('DTSTART;TZID=Europe/Berlin:20250510T100000');
		await admin.goto(`/admin/programmpunkte/${itemId}`);
		expect(await admin.locator('#benachrichtigungen + ul').innerText()).toContain('Personen benachrichtigt');

		await phone.goto(`/admin/programmpunkte/${itemId}`);
		const registrationRow = phone.locator('tr', { hasText: 'Oleksandr Koval' });
		const certificate = await phone.request.get(await registrationRow.getByRole('link', { name: 'Bescheinigung (PDF)' }).getAttribute('href') as string);
		expect(certificate.headers()['content-type']).toBe('application/pdf');
		expect((await certificate.body()).subarray(0, 5).toString()).toBe('%PDF-');
		await phone.reload();
		await phone.locator('tr', { hasText: 'Oleksandr Koval' }).getByRole('link', { name: 'Prüfseite' }).click();
		expect(await phone.locator('main').innerText()).toContain('Oleksandr Koval hat an „Workshop mit Anmeldung“ teilgenommen (1 von 1 Terminen).');
		await phoneContext.close();

		// A participant link that was tampered with shows nothing but the offer of a new link.
		const forged = new URL(ownPageA).pathname.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
		await a.goto(forged);
		expect(await a.locator('h1').innerText()).toBe('Dieser Link gilt nicht mehr');
		expect(await a.locator('main').innerText()).not.toContain('Workshop mit Anmeldung');
		await Promise.all([ca.close(), cb.close(), adminContext.close()]);
	});
});
