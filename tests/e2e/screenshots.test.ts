/**
 * The key pages on a 360 px phone and a desktop, in German and Arabic: each must fit its screen
 * (nothing wider than the viewport, the direction right) and is kept as a screenshot under
 * test-results/screenshots/ so that a reviewer can look at them without starting the app.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { newPage, signIn } from './fixtures.ts';
import { joinAsOrgAdmin, registerConfirmed } from './flows.ts';

const OUT = path.resolve('test-results/screenshots');
const SCREENS = { phone: { width: 360, height: 740 }, desktop: { width: 1280, height: 900 } } as const;
const LANGS = [
	{ code: 'de', prefix: '', dir: 'ltr' },
	{ code: 'ar', prefix: '/ar', dir: 'rtl' }
] as const;

/** Opens `url` on each screen, checks it fits, and stores a full-page screenshot named `name-lang-screen.png`. */
async function shoot(page: Page, name: string, lang: (typeof LANGS)[number], url: string) {
	for (const [screen, viewport] of Object.entries(SCREENS)) {
		await page.setViewportSize(viewport);
		const response = await page.goto(url);
		expect(response?.status(), url).toBe(200);
		expect(await page.locator('html').getAttribute('dir'), url).toBe(lang.dir);
		// Content running out of the screen makes a phone scroll sideways: the page must be no wider than the screen.
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
		expect(overflow, `${url} on a ${viewport.width} px screen is ${overflow} px too wide`).toBeLessThanOrEqual(0);
		await page.screenshot({ path: path.join(OUT, `${name}-${lang.code}-${screen}.png`), fullPage: true });
	}
}

/** The first item of the demo's current project that is open for registration. */
async function openItemPath(page: Page, prefix: string): Promise<string> {
	await page.goto(`${prefix}/projekte/digit-ready-iii`);
	const href = await page.locator('main a[href*="/projekte/digit-ready-iii/"]').first().getAttribute('href');
	return href!;
}

describe('screenshots of the key pages (360 px phone and desktop, German and Arabic)', () => {
	fs.mkdirSync(OUT, { recursive: true });

	it('public pages, the registration and the participant page fit each screen', async () => {
		const { page, context } = await newPage();
		for (const lang of LANGS) {
			await shoot(page, 'start', lang, `${lang.prefix}/`);
			await shoot(page, 'project', lang, `${lang.prefix}/projekte/digit-ready-iii`);
			await shoot(page, 'archive-project', lang, `${lang.prefix}/projekte/digit-ready-ii`);
			const item = await openItemPath(page, lang.prefix);
			await shoot(page, 'item', lang, item);

			// A registration in this language, confirmed by its mail's link: the participant page.
			await page.setViewportSize(SCREENS.phone);
			await registerConfirmed(page, `screenshot-${lang.code}@example.org`, lang.prefix);
			await shoot(page, 'participant', lang, new URL(page.url()).pathname);
		}
		await context.close();
	});

	it('the backoffice dashboard and the association area fit each screen', async () => {
		const { page: admin, context: adminContext } = await newPage();
		await signIn(admin);
		for (const lang of LANGS) await shoot(admin, 'dashboard', lang, `${lang.prefix}/admin`);

		// A demo association with two rounds of the check; its new admin signs in by the invitation's link.
		const { page: member, context: memberContext } = await joinAsOrgAdmin(admin, 'Syrisch-Deutscher Kulturverein Stuttgart (fiktiv)', 'screenshots-verein@example.org');
		// The home is a list of tasks with their state in words: the new person's check is to do, the association's result is there.
		await member.goto('/verein');
		const task = (href: string) => member.locator('.task-list li').filter({ has: member.locator(`a[href^="${href}"]`) });
		expect(await task('/verein/check/').innerText()).toContain('Zu erledigen');
		expect(await task('/verein/ergebnis').first().innerText()).toContain('Erledigt');
		expect(await task('/verein/plan').innerText()).toMatch(/Zu erledigen|Begonnen|Erledigt/);
		for (const lang of LANGS) {
			await shoot(member, 'association-home', lang, `${lang.prefix}/verein`);
			await shoot(member, 'association-plan', lang, `${lang.prefix}/verein/plan`);
		}
		await memberContext.close();
		await adminContext.close();
	});
});
