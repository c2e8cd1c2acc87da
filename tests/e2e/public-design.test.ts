/**
 * The public pages as a newcomer meets them: what is on next with places left and a register
 * button, the programme as cards on a 360 px phone without empty labels, the registration result
 * first on screen, the participant page saying what happens next; axe in German and Arabic;
 * screenshots (phone and desktop, de and ar) kept in test-results/screenshots/ for review.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { axeViolations, htmlErrors, newPage } from './fixtures.ts';
import { mailLinks } from './mail.ts';
import { currentDemoProject } from '../../src/lib/server/programme/demo-data.ts';

const SHOTS = 'test-results/screenshots';

async function shot(page: Page, name: string) {
	fs.mkdirSync(SHOTS, { recursive: true });
	await page.screenshot({ path: `${SHOTS}/public-${name}.png`, fullPage: true });
}

/** The items open for registration of the demo's current project as loaded at the server's start (its dates follow the day). */
function demoItemsSoonestFirst() {
	const demo = currentDemoProject(new Date());
	return demo.items.filter((i) => i.days?.length && i.registrationOpen).sort((a, b) => a.days![0].date.localeCompare(b.days![0].date));
}

async function phone360(javaScript = false) {
	const made = await newPage({ phone: true, javaScript });
	await made.page.setViewportSize({ width: 360, height: 740 });
	return made;
}

async function registerOnce(page: Page, itemPath: string, email: string) {
	await page.goto(itemPath);
	await page.getByLabel('Ihr Name').fill('Amira Beispiel');
	await page.getByLabel('Ihre E-Mail-Adresse').fill(email);
	await page.getByLabel('Ihr Verein / Ihre Organisation').fill('Beispielverein e.V.');
	await page.getByLabel('Ich habe den Datenschutzhinweis gelesen und bin einverstanden.').check();
	await page.getByRole('button', { name: 'Anmelden' }).click();
}

let participantPath = '';
let confirmPath = '';
let itemPath = '';

describe('public pages: what is on next, and how to take part', () => {
	it('the start page shows the next open workshop of Digit-Ready III first, with its free places and a register button to the form', async () => {
		const { page, context } = await newPage();
		await page.goto('/');
		expect(await page.locator('h1').count()).toBe(1);
		const featured = page.getByRole('region', { name: 'Als Nächstes' });
		const next = demoItemsSoonestFirst()[0];
		await expect.poll(() => featured.innerText()).toContain(next.title.de);
		const text = await featured.innerText();
		expect(text).toContain('Digit-Ready III (fiktiv)');
		expect(text).toContain(next.format === 'online' ? 'Online' : 'Köln');
		const places = text.match(/Noch (\d+) Plätze frei/);
		expect(places, text).not.toBeNull();
		// The other item of the project follows in the list, with its own places and button.
		const other = demoItemsSoonestFirst()[1];
		const row = page.locator('ul.upcoming li', { hasText: other.title.de });
		expect(await row.innerText()).toMatch(/Noch \d+ Plätze frei/);
		expect(await row.getByRole('link', { name: 'Anmelden' }).count()).toBe(1);
		// Current project and archive are one step away.
		expect(await page.getByRole('link', { name: 'Digit-Ready III (fiktiv)' }).count()).toBe(1);
		expect(await page.getByRole('link', { name: 'Vergangene Projekte und ihre Programme im Archiv' }).count()).toBe(1);
		await shot(page, 'start-desktop-de');

		await featured.getByRole('link', { name: 'Anmelden' }).click();
		expect(new URL(page.url()).hash).toBe('#anmelden');
		itemPath = new URL(page.url()).pathname;
		await expect.poll(() => page.getByLabel('Ihr Name').count()).toBe(1);
		// The item page counts the same places.
		expect(await page.locator('main').innerText()).toContain(`Noch ${places![1]} Plätze frei`);
		// Each field says why it is asked for.
		expect(await page.locator('#reg-email').getAttribute('aria-describedby')).toBe('reg-email-hint');
		expect(await page.locator('#reg-email-hint').innerText()).toContain('Link zum Bestätigen');
		expect(await page.locator('#reg-org-hint').count()).toBe(0);
		expect(await page.locator('#reg-organisationName-hint').innerText()).toContain('Fördergeber');
		await context.close();
	});

	it('on a 360 px phone the project page shows cards, each label with a value, and the register buttons', async () => {
		for (const path of ['/projekte/digit-ready-iii', '/projekte/digit-ready-ii', '/ar/projekte/digit-ready-iii']) {
			const { page, context } = await phone360();
			await page.goto(path);
			expect(await page.locator('table.programme tbody tr').first().evaluate((el) => getComputedStyle(el).display)).toBe('block');
			const empty = await page.locator('table.programme [data-label]').evaluateAll((cells) =>
				cells.filter((c) => getComputedStyle(c).display !== 'none' && (c.textContent ?? '').trim() === '').map((c) => c.getAttribute('data-label'))
			);
			expect(empty, path).toEqual([]);
			expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(360);
			if (path === '/projekte/digit-ready-iii') {
				expect(await page.getByRole('link', { name: 'Anmelden' }).count()).toBe(2);
				expect(await page.locator('td.reg').first().innerText()).toMatch(/Noch \d+ Plätze frei/);
			}
			if (path === '/projekte/digit-ready-ii') expect(await page.getByRole('columnheader', { name: 'Anmeldung' }).count()).toBe(0);
			await shot(page, `project-phone-${path.startsWith('/ar') ? 'ar' : 'de'}-${path.split('/').pop()}`);
			await context.close();
		}
	});

	it('after a registration post the result is the first thing on the screen, error or success', async () => {
		const { page, context } = await phone360();
		await page.goto(itemPath);
		await page.getByRole('button', { name: 'Anmelden' }).click();
		const alert = page.locator('#ergebnis');
		expect(await alert.getAttribute('role')).toBe('alert');
		const firstInMain = await page.locator('main > *').first().getAttribute('id');
		expect(firstInMain).toBe('ergebnis');
		const box = (await alert.boundingBox())!;
		expect(box.y).toBeGreaterThanOrEqual(-2);
		expect(box.y).toBeLessThan(740);

		const email = `neu-${Date.now()}@example.org`;
		await registerOnce(page, itemPath, email);
		const result = page.locator('#ergebnis');
		expect(await result.getAttribute('role')).toBe('status');
		expect(await page.locator('main > *').first().getAttribute('id')).toBe('ergebnis');
		expect(await result.innerText()).toContain(email);
		const top = (await result.boundingBox())!;
		expect(top.y).toBeGreaterThanOrEqual(-2);
		expect(top.y).toBeLessThan(740);
		await shot(page, 'registration-result-phone-de');
		await context.close();

		// The confirmation link opens the participant page: what happens next, calendar and cancel one tap away, the venue.
		const confirm = new URL((await mailLinks(email, /\/anmeldung\/bestaetigen\//)).at(-1)!).pathname;
		const { page: me, context: meContext } = await phone360();
		confirmPath = confirm;
		await me.goto(confirm);
		expect(await me.locator('main').innerText()).toContain('Ein Klick noch');
		await me.getByRole('button', { name: 'E-Mail-Adresse bestätigen' }).click();
		await me.waitForURL(/\/teilnahme\//);
		participantPath = new URL(me.url()).pathname;
		const main = await me.locator('main').innerText();
		expect(main).toMatch(/Sie sind angemeldet\.|Sie stehen auf Platz \d+ der Warteliste\.|Das Team prüft/);
		expect(main).toContain(demoItemsSoonestFirst()[0].format === 'online' ? 'Online' : 'Bürgerzentrum Beispielstraße 1, 50667 Köln');
		expect(await me.getByRole('link', { name: 'Termine in den Kalender (.ics)' }).count()).toBe(1);
		await me.getByRole('link', { name: 'Anmeldung stornieren' }).click();
		// Cancelling still asks first.
		expect(await me.getByRole('button', { name: 'Ja, stornieren' }).count()).toBe(1);
		await shot(me, 'participant-phone-de');
		await me.goto(`/ar${participantPath}`);
		expect(await me.locator('html').getAttribute('dir')).toBe('rtl');
		expect(await me.locator('main').innerText()).toMatch(/أنتم مسجَّلون|ترتيبكم على قائمة الانتظار|يراجع الفريق/);
		await shot(me, 'participant-phone-ar');
		await meContext.close();
	});
});

describe('public pages have no axe violations in German and Arabic', () => {
	for (const prefix of ['', '/ar']) {
		for (const name of ['start', 'project', 'item', 'confirm', 'participant']) {
			it(`${prefix || '/de'} ${name} page`, async () => {
				const path = { start: '/', project: '/projekte/digit-ready-iii', item: itemPath, confirm: confirmPath, participant: participantPath }[name]!;
				expect(path, 'set by the tests above').not.toBe('');
				const { page, context } = await newPage({ javaScript: true });
				await page.goto(`${prefix}${path}`);
				expect(await page.locator('h1').count()).toBe(1);
				expect(await page.locator('html').getAttribute('lang')).toBe(prefix ? 'ar' : 'de');
				// Headings in order: none skips a level.
				const levels = await page.locator('h1, h2, h3, h4').evaluateAll((hs) => hs.map((h) => Number(h.tagName[1])));
				levels.forEach((level, i) => expect(level - (levels[i - 1] ?? 0), `heading ${i}`).toBeLessThanOrEqual(1));
				expect(await axeViolations(page)).toEqual([]);
				expect(await htmlErrors(await page.content())).toEqual([]);
				if (name !== 'participant' && name !== 'confirm') await shot(page, `${name}-desktop-${prefix ? 'ar' : 'de'}`);
				await context.close();
			});
		}
	}
});
