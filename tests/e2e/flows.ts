/**
 * Multi-page flows several browser tests need as a starting point (not what they test):
 * a confirmed registration, and a new admin of a demo association signed in.
 */
import type { Page } from 'playwright-core';
import { newPage } from './fixtures.ts';
import { mailLinks } from './mail.ts';

/** Registers `email` for the first open item of the demo's current project and confirms by the mail's link; ends on the participant page. */
export async function registerConfirmed(page: Page, email: string, prefix = '') {
	await page.goto(`${prefix}/projekte/digit-ready-iii`);
	const item = (await page.locator('main a[href*="/projekte/digit-ready-iii/"]').first().getAttribute('href'))!;
	await page.goto(item);
	await page.locator('input[name="name"]').fill('Ayşe Yılmaz');
	await page.locator('input[name="email"]').fill(email);
	await page.locator('input[name="organisationName"]').fill('Beispielverein e.V.');
	const session = page.locator('select[name="sessionId"]');
	if (await session.count()) await session.selectOption({ index: 1 });
	await page.locator('input[name="privacy"]').check();
	await page.locator('#anmelden button').last().click();
	await page.waitForLoadState();
	await page.goto(new URL((await mailLinks(email, '/anmeldung/bestaetigen/')).at(-1)!).pathname);
	await page.locator('main form button').first().click();
	await page.waitForURL(/\/teilnahme\//);
}

/** The signed-in staff `admin` invites `email` as admin of `organisation`; returns that person's page, signed in, on /verein. */
export async function joinAsOrgAdmin(admin: Page, organisation: string, email: string) {
	await admin.goto('/admin/vereine');
	await admin.getByRole('link', { name: organisation }).click();
	// The invitation form's own fields: the people table above has a role select per person.
	await admin.locator('form[action*="invite"] input[name="email"]').fill(email);
	await admin.locator('form[action*="invite"] select[name="role"]').selectOption('org_admin');
	await admin.locator('form[action*="invite"] button').click();
	await admin.waitForURL(/eingeladen/);
	const link = new URL((await mailLinks(email, '/verein/link/')).at(-1)!);
	const { page, context } = await newPage();
	await page.goto(link.pathname + link.search);
	await page.locator('main form button').click();
	await page.waitForURL(/\/verein\/einladung$/);
	await page.locator('main form[action="?/accept"] button').click();
	await page.waitForURL(/\/verein$/);
	return { page, context };
}
