/**
 * The registration form's organisation field is a search, not a list of every organisation: the
 * typed name is matched on submit; with close matches the form asks which one is meant (radio
 * buttons, no script), keeps everything typed, and says so in the reader's language. A name without
 * close matches is added as today. Uses the demo's current project and its confirmed associations.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, htmlErrors, newPage, signIn } from './fixtures.ts';
import { mailsTo } from './mail.ts';

const DEMO_ORG = 'Syrisch-Deutscher Kulturverein Stuttgart (fiktiv)';

async function demoWorkshopPath(): Promise<string> {
	const { page, context } = await newPage();
	await page.goto('/projekte/digit-ready-iii');
	const href = (await page.locator('main a[href*="/projekte/digit-ready-iii/"]').first().getAttribute('href'))!;
	await context.close();
	return href;
}

async function fill(page: Page, email: string, organisation: string) {
	await page.locator('input[name="name"]').fill('Ayşe Demir');
	await page.locator('input[name="email"]').fill(email);
	await page.locator('input[name="organisationName"]').fill(organisation);
	await page.locator('input[name="privacy"]').check();
}
const submit = (page: Page) => page.locator('form[action$="#ergebnis"] button').last().click();

/** The organisation an address registered with, as the team's registrations list shows it. */
async function organisationOf(itemPath: string, email: string): Promise<string> {
	const { page, context } = await newPage();
	await signIn(page);
	await page.goto(`/admin/programmpunkte/${itemPath.split('/').pop()}?q=${encodeURIComponent(email)}`);
	const row = await page.locator('tr', { hasText: email }).first().innerText();
	await context.close();
	return row;
}

describe('the organisation field searches instead of listing every organisation', () => {
	it('asks which of the close matches is meant, keeps the input, and registers with the one chosen', async () => {
		const item = await demoWorkshopPath();
		const { page, context } = await newPage({ javaScript: true });
		await page.goto(item);
		// No list of organisations on the page: one text field with its label.
		expect(await page.locator('select[name="organisationId"]').count()).toBe(0);
		expect(await page.locator('main').innerText()).not.toContain(DEMO_ORG);
		expect(await page.getByLabel('Ihr Verein / Ihre Organisation').getAttribute('name')).toBe('organisationName');

		await fill(page, 'org-search-1@example.org', 'kulturverein stuttgart');
		await submit(page);
		const alert = page.getByRole('alert');
		expect(await alert.innerText()).toContain('Wir kennen ähnliche Namen');
		expect(await page.locator('#reg-organisationName-error').innerText()).toContain('Wir kennen ähnliche Namen');
		const group = page.getByRole('group', { name: 'Meinten Sie einen dieser Vereine?' });
		expect(await group.getByRole('radio').count()).toBe(2);
		expect(await group.getByLabel(DEMO_ORG).count()).toBe(1);
		expect(await group.getByLabel('Keiner davon: „kulturverein stuttgart“ neu eintragen').count()).toBe(1);
		// Everything typed is still there.
		expect(await page.locator('input[name="name"]').inputValue()).toBe('Ayşe Demir');
		expect(await page.locator('input[name="email"]').inputValue()).toBe('org-search-1@example.org');
		expect(await page.locator('input[name="organisationName"]').inputValue()).toBe('kulturverein stuttgart');
		expect(await page.locator('input[name="privacy"]').isChecked()).toBe(true);
		expect(await axeViolations(page)).toEqual([]);
		expect(await htmlErrors(await page.content())).toEqual([]);

		// Another field wrong: the choice stays offered, and chosen.
		await group.getByLabel(DEMO_ORG).check();
		await page.locator('input[name="email"]').fill('kein-at-zeichen');
		await submit(page);
		expect(await page.getByRole('group', { name: 'Meinten Sie einen dieser Vereine?' }).getByLabel(DEMO_ORG).isChecked()).toBe(true);

		await page.locator('input[name="email"]').fill('org-search-1@example.org');
		await submit(page);
		expect(await page.getByRole('alert').count()).toBe(0);
		await mailsTo('org-search-1@example.org', /./);
		expect(await organisationOf(item, 'org-search-1@example.org')).toContain(DEMO_ORG);
		await context.close();
	});

	it('in Arabic: the question in Arabic; "none of these" adds the typed name as a new organisation', async () => {
		const item = await demoWorkshopPath();
		const { page, context } = await newPage();
		await page.goto(`/ar${item}`);
		await fill(page, 'org-search-2@example.org', 'Kulturverein Stuttgart');
		await submit(page);
		expect(await page.locator('#reg-organisationName-error').innerText()).toContain('نعرف أسماء مشابهة');
		await page.getByRole('group', { name: 'هل تقصدون إحدى هذه الجمعيات؟' }).getByRole('radio').last().check();
		await submit(page);
		expect(await page.getByRole('alert').count()).toBe(0);
		await mailsTo('org-search-2@example.org', /./);
		const row = await organisationOf(item, 'org-search-2@example.org');
		expect(row).toContain('Kulturverein Stuttgart');
		expect(row).not.toContain(DEMO_ORG);
		await context.close();
	});

	it('a name without close matches registers at once, as before', async () => {
		const item = await demoWorkshopPath();
		const { page, context } = await newPage();
		await page.goto(item);
		await fill(page, 'org-search-3@example.org', 'Nachbarschaftstreff Kassel-Nord');
		await submit(page);
		expect(await page.getByRole('alert').count()).toBe(0);
		await mailsTo('org-search-3@example.org', /./);
		expect(await organisationOf(item, 'org-search-3@example.org')).toContain('Nachbarschaftstreff Kassel-Nord');
		await context.close();
	});
});
