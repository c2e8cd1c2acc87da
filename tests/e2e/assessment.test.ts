import { describe, expect, it } from 'vitest';
import { axeViolations, htmlErrors, newPage, signIn } from './fixtures.ts';

describe('digital check in the backoffice (demo associations)', () => {
	it('the cohort view lists who answered and an anonymous picture of five associations', async () => {
		const { page, context } = await newPage({ javaScript: true });
		await signIn(page);
		await page.goto('/admin/kohorte');
		// Exactly Digit-Ready II (the current fictional Digit-Ready III is listed too).
		expect(await page.locator('main tbody tr').filter({ has: page.getByRole('link', { name: 'Digit-Ready II', exact: true }) }).innerText()).toMatch(/\t5$/);
		expect(await axeViolations(page)).toEqual([]);
		await page.getByRole('link', { name: 'Digit-Ready II', exact: true }).click();
		const text = await page.locator('main').innerText();
		expect((await page.locator('main tbody').first().innerText()).match(/\(fiktiv\)/g)).toHaveLength(5);
		expect(text).toContain('Gesamtbild (anonym)');
		expect(await page.locator('main svg[role="img"] > title').textContent()).toBe('Gesamtbild (anonym)');
		const csv = await page.request.get(new URL('kohorte.csv', page.url() + '/').href);
		expect(await csv.text()).toContain('Vereinsstruktur und Leitung;5;');
		expect(await axeViolations(page)).toEqual([]);
		expect(await htmlErrors(await page.content())).toEqual([]);

		await page.getByRole('link', { name: 'Syrisch-Deutscher Kulturverein Stuttgart (fiktiv)' }).click();
		const result = await page.locator('main').innerText();
		expect(result).toContain('Ergebnis Digital-Check – Runde 2');
		expect(result).toContain('Veränderung seit Runde 1');
		// The result table (one row per area), not the people table beside it, which other tests add to.
		expect(await page.locator('main table.admin', { has: page.locator('caption', { hasText: 'Ergebnis Digital-Check' }) }).locator('tbody tr').count()).toBe(8);
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
		for (const path of ['/admin/kohorte', '/admin/kohorte/1', '/admin/vereine/neu', '/admin/vereine/1/profil', '/admin/digital-check', '/admin/digital-check/structure']) {
			const res = await page.goto(path);
			expect(new URL(page.url()).pathname, path).toBe('/admin/anmelden');
			expect(res!.status()).toBe(200);
		}
		const csv = await page.request.get('/admin/kohorte/1/kohorte.csv', { maxRedirects: 0 });
		expect([303, 401, 403]).toContain(csv.status());
		const forged = await page.request.post('/admin/vereine/neu', { form: { name: 'Eingeschleust e.V.' }, headers: { Origin: new URL(page.url()).origin, Accept: 'text/html' }, maxRedirects: 0 });
		expect([303, 401, 403]).toContain(forged.status());
		await context.close();
	});

	it('the team adds an association to a cohort, edits its profile and takes it out again', async () => {
		const { page, context } = await newPage({ javaScript: true });
		await signIn(page);
		await page.goto('/admin/vereine');
		await page.getByRole('link', { name: 'Verein anlegen' }).click();
		expect(await axeViolations(page)).toEqual([]);
		expect(await htmlErrors(await page.content())).toEqual([]);

		// Bad input: errors next to the fields, everything typed is still there.
		await page.getByLabel('Name des Vereins').fill('Vietnamesischer Kulturverein Leipzig (fiktiv)');
		await page.getByLabel('Gegründet').fill('95');
		await page.getByLabel('Ort', { exact: true }).fill('Leipzig');
		await page.getByLabel('In die Kohorte aufnehmen').selectOption({ label: 'Digit-Ready II' });
		await page.getByRole('button', { name: 'Verein anlegen' }).click();
		expect(await page.locator('#field-yearFounded').innerText()).toContain('Jahr mit vier Ziffern');
		expect(await page.getByLabel('Ort', { exact: true }).inputValue()).toBe('Leipzig');
		expect(await page.getByLabel('Name des Vereins').inputValue()).toBe('Vietnamesischer Kulturverein Leipzig (fiktiv)');
		// A name that only differs in case from an existing association is refused.
		await page.getByLabel('Gegründet').fill('2011');
		await page.getByLabel('Name des Vereins').fill('syrisch-deutscher kulturverein stuttgart (FIKTIV)');
		await page.getByRole('button', { name: 'Verein anlegen' }).click();
		expect(await page.locator('#field-name').innerText()).toContain('Diesen Namen trägt schon ein anderer Verein.');
		expect(await page.getByLabel('Gegründet').inputValue()).toBe('2011');
		await page.getByLabel('Name des Vereins').fill('Vietnamesischer Kulturverein Leipzig (fiktiv)');
		await page.getByRole('button', { name: 'Verein anlegen' }).click();
		await page.waitForURL(/angelegt/);
		expect(await page.locator('main').innerText()).toContain('Verein angelegt.');
		expect(await page.locator('#kohorten + ul').innerText()).toContain('Digit-Ready II');
		expect(await axeViolations(page)).toEqual([]);
		expect(await htmlErrors(await page.content())).toEqual([]);

		// The team edits the profile, name included.
		await page.getByRole('link', { name: 'Profil bearbeiten' }).click();
		await page.getByLabel('Name des Vereins').fill('Vietnamesischer Kulturverein Leipzig e.V. (fiktiv)');
		await page.getByLabel('Rechtsform').fill('e.V.');
		await page.getByRole('button', { name: 'Speichern' }).click();
		await page.waitForURL(/gespeichert/);
		expect(await page.locator('h1').innerText()).toBe('Vietnamesischer Kulturverein Leipzig e.V. (fiktiv)');
		expect(await page.locator('main dl').innerText()).toContain('e.V.');

		// The team finds it again by searching for its city.
		await page.goto('/admin/vereine');
		await page.getByLabel('Name oder Ort').fill('leipzig');
		await page.getByRole('button', { name: 'Suchen' }).click();
		expect(await page.locator('main tbody tr').count()).toBe(1);
		await page.getByRole('link', { name: 'Vietnamesischer Kulturverein Leipzig e.V. (fiktiv)' }).click();

		// In the cohort: listed as not started, and the anonymous picture still stands on the five that answered.
		await page.getByRole('link', { name: 'Digit-Ready II', exact: true }).click();
		const row = page.locator('main tbody tr', { hasText: 'Vietnamesischer Kulturverein' });
		expect(await row.innerText()).toContain('noch nicht begonnen');
		expect(await page.locator('main').innerText()).toContain('Gesamtbild (anonym)');
		expect(await axeViolations(page)).toEqual([]);
		await row.getByRole('button', { name: 'Aus der Kohorte nehmen' }).click();
		await page.waitForURL(/gespeichert/);
		expect(await page.locator('main tbody').first().innerText()).not.toContain('Vietnamesischer Kulturverein');
		// It can be added again from the cohort page.
		await page.getByLabel('Verein', { exact: true }).selectOption({ label: 'Vietnamesischer Kulturverein Leipzig e.V. (fiktiv)' });
		await page.getByRole('button', { name: 'Verein hinzufügen' }).click();
		await page.waitForURL(/gespeichert/);
		expect(await page.locator('main tbody').first().innerText()).toContain('Vietnamesischer Kulturverein');

		// Tampered ids get a 404, never a 500.
		const origin = new URL(page.url()).origin;
		const bad = await page.request.post(`${page.url().split('?')[0]}?/add`, { form: { organisationId: 'x' }, headers: { Origin: origin } });
		expect(bad.status()).toBe(404);
		expect((await page.request.get('/admin/kohorte/999999')).status()).toBe(404);
		expect((await page.request.get('/admin/vereine/999999/profil')).status()).toBe(404);
		await context.close();
	});

	it('the team revises the questionnaire wording without code; each save is a new version', async () => {
		const { page, context } = await newPage({ javaScript: true });
		await signIn(page);
		await page.goto('/admin/digital-check');
		expect(await page.locator('main').innerText()).toContain('Version 1 vom');
		expect(await axeViolations(page)).toEqual([]);
		expect(await htmlErrors(await page.content())).toEqual([]);
		await page.getByRole('link', { name: 'Wortlaut bearbeiten: Mitglieder und neue Ehrenamtliche' }).click();
		expect(await axeViolations(page)).toEqual([]);
		expect(await htmlErrors(await page.content())).toEqual([]);

		// An empty German statement is refused next to its field; the other edits stay in the form.
		await page.getByLabel('Aussage 1 (Deutsch)').fill('');
		await page.getByLabel('Aussage 2 (Türkçe)').fill('Yeni üyeler için açık bir karşılama sürecimiz var.');
		await page.getByRole('button', { name: 'Speichern' }).click();
		expect(await page.locator('#field-s-members-recruiting-de').innerText()).toContain('Bitte ausfüllen.');
		expect(await page.getByLabel('Aussage 2 (Türkçe)').inputValue()).toBe('Yeni üyeler için açık bir karşılama sürecimiz var.');

		await page.getByLabel('Aussage 1 (Deutsch)').fill('Wir gewinnen neue Mitglieder auch über soziale Medien und Messenger.');
		await page.getByRole('button', { name: 'Speichern' }).click();
		await page.waitForURL(/version=2/);
		const overview = await page.locator('main').innerText();
		expect(overview).toContain('Gespeichert als Version 2.');
		expect(overview).toContain('Wir gewinnen neue Mitglieder auch über soziale Medien und Messenger.');
		expect(overview).toContain('Version 2 vom');

		// Saving again without a change makes no new version.
		await page.getByRole('link', { name: 'Wortlaut bearbeiten: Mitglieder und neue Ehrenamtliche' }).click();
		await page.getByRole('button', { name: 'Speichern' }).click();
		await page.waitForURL(/unveraendert/);
		expect(await page.locator('main').innerText()).not.toContain('Version 3');

		// Results of earlier rounds are untouched: the association page still shows all eight areas.
		await page.goto('/admin/vereine');
		await page.getByRole('link', { name: 'Polnisch-Deutsche Jugend München (fiktiv)' }).click();
		// The result table (one row per area), not the people table beside it, which other tests add to.
		expect(await page.locator('main table.admin', { has: page.locator('caption', { hasText: 'Ergebnis Digital-Check' }) }).locator('tbody tr').count()).toBe(8);
		expect((await page.request.get('/admin/digital-check/gibt-es-nicht')).status()).toBe(404);
		await context.close();
	});
});
