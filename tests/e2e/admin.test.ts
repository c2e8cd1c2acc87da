import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { baseUrl, newPage, signIn } from './fixtures.ts';

/** The dashboard folds each project's publish check: unfold them all (a tap, no JavaScript). */
async function openChecks(page: Page) {
	const closed = page.locator('#pruefung details:not([open]) > summary');
	while ((await closed.count()) > 0) await closed.first().click();
}

describe('backoffice (no JavaScript)', () => {
	it('sends visitors without a session to the sign-in page', async () => {
		const res = await fetch(`${baseUrl()}/admin/projekte/1`, { redirect: 'manual' });
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toContain('/admin/anmelden');
	});

	it('shows the seed mistakes as findings that link to the field to fix', async () => {
		const { page, context } = await newPage();
		await signIn(page);
		await openChecks(page);
		const text = await page.locator('main').innerText();
		expect(text).toContain('Termin am 02.04.2024 liegt außerhalb der Laufzeit (01.01.2022 bis 30.06.2022).');
		expect(text).toContain('Platzhaltertext „Lorem ipsum“ gefunden.');
		expect(text).toContain('Angekündigt sind 10 Termine, der Zeitraum ergibt 12');
		expect(text).toContain('Die Meeting-ID ist seit 22.06.2023 abgelaufen.');
		expect(text).toContain('Die Nummer fehlt');
		expect(text).toContain('Die Laufzeit des Projekts fehlt.');
		await context.close();
	});

	it('an edit shows on the public page and in the calendar file', async () => {
		const { page, context } = await newPage();
		await signIn(page);
		await openChecks(page);
		await page
			.locator('li', { hasText: 'Termin am 02.04.2024 liegt außerhalb der Laufzeit' })
			.getByRole('link', { name: 'Beheben' })
			.click();
		expect(new URL(page.url()).hash).toBe('#field-date');
		const sessionUrl = page.url();
		expect(await page.getByLabel('Ort (Stadt)').inputValue()).toBe('Frankfurt');

		// A bad input keeps what was typed and says what is wrong, next to the field.
		await page.getByLabel('Ende').fill('09:00');
		await page.getByRole('button', { name: 'Speichern' }).click();
		expect(await page.locator('#field-endTime').innerText()).toContain('Das Ende liegt vor dem Beginn.');
		expect(await page.getByLabel('Ende').inputValue()).toBe('09:00');

		// The project is published: a change that adds a publish-check error is refused, the finding first, the typed date kept.
		await page.getByLabel('Ende').fill('17:00');
		await page.getByLabel('Datum').fill('2025-04-02');
		await page.getByRole('button', { name: 'Speichern' }).click();
		expect(await page.getByRole('alert').first().innerText()).toContain('Termin am 02.04.2025 liegt außerhalb der Laufzeit');
		expect(await page.getByLabel('Datum').inputValue()).toBe('2025-04-02');

		// A change that adds no error is saved and shows at once (the seed's own wrong year stays, as shipped).
		await page.getByLabel('Datum').fill('2024-04-02');
		await page.getByLabel('Beginn').fill('11:00');
		await page.getByRole('button', { name: 'Speichern' }).click();
		await page.waitForURL(/\/admin\/programmpunkte\/\d+\?gespeichert/);
		expect(await page.getByRole('status').innerText()).toContain('Gespeichert.');
		const itemId = new URL(page.url()).pathname.split('/').pop();

		await page.goto(`/projekte/digit-ready-ii/${itemId}`);
		const publicText = await page.locator('main').innerText();
		expect(publicText).toContain('02.04.2024');
		expect(publicText).toMatch(/11:00\s*[–-]\s*17:00/);
		expect(publicText).not.toContain('2025');

		const ics = await (await fetch(`${baseUrl()}/projekte/digit-ready-ii/${itemId}/kalender.ics`)).text();
		expect(ics).toContain('DTSTART;TZID=Europe/Berlin:20240402T110000');
		expect(ics).toMatch(/SEQUENCE:[1-9]/);

		// The audit log in words, the session linked to its page; no raw action codes.
		await page.goto('/admin/protokoll');
		const audit = await page.locator('main').innerText();
		expect(audit).toMatch(/Termin geändert: Termin am .+02\.04\.2024 zu „/);
		expect(audit).not.toContain('session.updated');
		expect(await page.locator('main a[href^="/admin/termine/"]').count()).toBeGreaterThan(0);

		// Put the seed's time back: the other tests read the demo as shipped.
		await page.goto(sessionUrl);
		await page.getByLabel('Beginn').fill('10:00');
		await page.getByRole('button', { name: 'Speichern' }).click();
		await page.waitForURL(/gespeichert/);
		await context.close();
	});

	it('creates a project with a previewed series, refuses to publish with errors, deletes after confirmation', async () => {
		const { page, context } = await newPage({ phone: true });
		await signIn(page);
		await page.goto('/admin/projekte/neu');
		await page.getByRole('button', { name: 'Speichern' }).click();
		expect(await page.locator('#field-title-de').innerText()).toContain('Bitte ausfüllen.');

		await page.getByLabel('Titel (Deutsch)').fill('Digitale Vereinsarbeit 2027');
		await page.getByLabel('Kurzname in der Adresse').fill('vereinsarbeit-2027');
		await page.getByLabel('Laufzeit von').fill('2027-01-01');
		await page.getByLabel('Laufzeit bis').fill('2027-06-30');
		await page.getByRole('button', { name: 'Speichern' }).click();
		await page.waitForURL(/\/admin\/projekte\/\d+\?gespeichert/);

		await page.getByRole('link', { name: 'Programmpunkt hinzufügen' }).click();
		await page.getByLabel('Titel (Deutsch)').fill('Online-Beratung');
		await page.getByLabel('Format').selectOption('online');
		await page.getByLabel('Art').selectOption('consultation_series');
		await page.getByRole('button', { name: 'Speichern' }).click();
		await page.waitForURL(/\/admin\/programmpunkte\/\d+\?gespeichert/);

		await page.getByLabel('Erster Tag').fill('2027-03-03');
		await page.getByLabel('Letzter Tag').fill('2027-04-07');
		await page.getByLabel('Zeitfenster pro Tag').fill('16:00-18:00 Beratung');
		await page.getByLabel('Ausgenommene Tage (optional)').fill('31.03.2027');
		await page.getByRole('button', { name: 'Vorschau anzeigen' }).click();
		const preview = await page.locator('#serie').innerText();
		expect(preview).toContain('Vorschau: 5 Termine an 5 Tagen');
		// 31 March 2027 is after the change to summer time: still 16:00 local.
		expect(preview).toContain('07.04.2027, 16:00–18:00');
		await page.getByRole('button', { name: 'Diese Termine anlegen' }).click();
		await page.waitForURL(/erzeugt=5/);

		// Online sessions without a meeting: publishing is refused.
		const projectLink = page.locator('.eyebrow a');
		await projectLink.click();
		expect(await page.locator('main').innerText()).toContain('Online-Termin am 03.03.2027 hat kein Online-Meeting.');
		expect(await page.getByRole('button', { name: 'Veröffentlichen' }).isDisabled()).toBe(true);

		await page.getByRole('link', { name: 'Löschen…' }).click();
		await page.getByRole('button', { name: 'Ja, endgültig löschen' }).click();
		await page.waitForURL(/\/admin\?geloescht/);
		expect(await page.locator('main').innerText()).not.toContain('Digitale Vereinsarbeit 2027');
		await context.close();
	});

	it('limits sign-in attempts', async () => {
		const { page, context } = await newPage();
		for (let i = 0; i < 6; i++) {
			await page.goto('/admin/anmelden');
			await page.getByLabel('E-Mail-Adresse').fill('niemand@example.org');
			await page.getByLabel('Passwort').fill('falsch-falsch');
			await page.getByRole('button', { name: 'Anmelden' }).click();
		}
		expect(await page.getByRole('alert').innerText()).toContain('Zu viele Anmeldeversuche');
		await context.close();
	});

	it('sets session cookies HttpOnly and SameSite', async () => {
		const { page, context } = await newPage();
		await signIn(page);
		const cookies = await context.cookies();
		const session = cookies.find((c) => c.name.includes('session_token'));
		expect(session?.httpOnly).toBe(true);
		expect(session?.sameSite).toBe('Lax');
		await page.getByRole('button', { name: 'Abmelden' }).click();
		await page.waitForURL(/\/admin\/anmelden/);
		await context.close();
	});
});
