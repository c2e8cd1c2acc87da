/**
 * What a new user hits first, tried as they would on a fresh start: an Arabic registration on a
 * phone, the legal pages, and the phone layout of the public pages, the digital check and the
 * backoffice. Uses the demo's current fictional project (Digit-Ready III).
 */
import { describe, expect, it } from 'vitest';
import { axeViolations, htmlErrors, newPage, signIn } from './fixtures.ts';
import { mailLinks } from './mail.ts';

async function demoWorkshopPath(lang = ''): Promise<string> {
	const { page, context } = await newPage();
	await page.goto(`${lang}/projekte/digit-ready-iii`);
	const href = (await page.locator('main a[href*="/projekte/digit-ready-iii/"]').first().getAttribute('href'))!;
	await context.close();
	return href;
}

describe('a newcomer on a phone', () => {
	it('registers in Arabic: the result is on screen, the mail opens an Arabic participant page', async () => {
		const item = await demoWorkshopPath('/ar');
		expect(item.startsWith('/ar/')).toBe(true);
		const { page, context } = await newPage({ phone: true });
		await page.setViewportSize({ width: 360, height: 740 });
		await page.goto(item);
		expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
		// The venue's address is on the item page.
		expect(await page.locator('main').innerText()).toContain('Beispielstraße 1');
		await page.locator('input[name="name"]').fill('محمد الأحمد');
		await page.locator('input[name="email"]').fill('mohammed.demo@example.org');
		await page.locator('input[name="organisationName"]').fill('جمعية الجسر');
		await page.locator('input[name="privacy"]').check();
		await page.locator('form[action$="#ergebnis"] button').last().click();
		const result = page.locator('#ergebnis');
		expect(await result.innerText()).toContain('mohammed.demo@example.org');
		const box = (await result.boundingBox())!;
		expect(box.y).toBeGreaterThanOrEqual(-2);
		expect(box.y + 40).toBeLessThan(740);
		expect(await page.evaluate(() => document.activeElement?.id)).toBe('ergebnis');

		// The confirmation link is in Arabic, and so is the page it opens, and the participant page after it.
		const confirm = (await mailLinks('mohammed.demo@example.org', /\/anmeldung\/bestaetigen\//)).at(-1)!;
		expect(new URL(confirm).pathname.startsWith('/ar/')).toBe(true);
		await page.goto(new URL(confirm).pathname);
		expect(await page.locator('html').getAttribute('lang')).toBe('ar');
		await page.locator('main form button').click();
		await page.waitForURL(/\/ar\/teilnahme\//);
		expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
		expect(await page.locator('main').innerText()).toContain('Beispielstraße 1');
		await context.close();
	});

	it('finds the Impressum and the privacy notice linked from every page, in every language', async () => {
		const { page, context } = await newPage({ phone: true });
		for (const path of ['/', '/ar/', '/archiv', '/projekte/digit-ready-iii', '/verein/anmelden', '/admin/anmelden', '/gibt-es-nicht']) {
			await page.goto(path);
			const footer = page.locator('footer.legal-footer');
			// The two legal links (beside them the provider's contact: a mail address, a website).
			expect(await footer.locator('a[href$="/impressum"], a[href$="/datenschutz"]').count(), path).toBe(2);
		}
		await page.goto('/ar/projekte/digit-ready-iii');
		await page.locator('footer.legal-footer a').last().click();
		await page.waitForURL(/\/ar\/datenschutz/);
		expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
		// A translation says the German text is binding and links it.
		expect(await page.locator('main a[hreflang="de"]').count()).toBe(1);
		expect(await htmlErrors(await page.content())).toEqual([]);
		const { page: checked, context: checkedContext } = await newPage({ phone: true, javaScript: true });
		for (const path of ['/ar/datenschutz', '/impressum']) {
			await checked.goto(path);
			expect(await axeViolations(checked), path).toEqual([]);
		}
		await checkedContext.close();
		await page.goto('/impressum');
		expect(await page.locator('h1').innerText()).toBe('Impressum');
		// The registration form links the privacy notice.
		await page.goto(await demoWorkshopPath());
		expect(await page.locator('#anmelden a[href$="/datenschutz"]').count()).toBe(1);
		await context.close();
	});

	it('reads the programme on a 360 px screen: no bold descriptions, no empty labels, words wrap, states said once', async () => {
		const { page, context } = await newPage({ phone: true });
		await page.setViewportSize({ width: 360, height: 740 });
		await page.goto('/projekte/digit-ready-ii');
		// Nothing runs out of the screen sideways (long German compounds wrap).
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
		// Descriptions are normal text; only titles are bold.
		const weight = await page.locator('.programme tbody th div').first().evaluate((el) => getComputedStyle(el).fontWeight);
		expect(weight).toBe('400');
		// No "Nr.:" label for an item without a number.
		const emptyNumbers = await page.locator('.programme td.nr').evaluateAll((cells) => cells.filter((c) => !c.textContent?.trim() && getComputedStyle(c).display !== 'none').length);
		expect(emptyNumbers).toBe(0);
		await page.locator('.programme details summary').first().click();
		expect(await page.locator('.programme').innerText()).toMatch(/Organisationsentwicklung \(vergangen\)/);
		await page.goto('/projekte/digit-ready-i');
		const text = await page.locator('main').innerText();
		expect(text.match(/Wird mit einem anderen Projekt gebündelt(?! werden)/g)?.length ?? 0).toBeLessThanOrEqual(1);
		await page.goto('/en/projekte/digit-ready-i');
		expect(await page.locator('.programme').innerText()).toContain('Only available in German');
		await context.close();
	});

	it('the team reaches the attendance page at the door without scrolling through the menu', async () => {
		const { page, context } = await newPage({ phone: true });
		await page.setViewportSize({ width: 360, height: 740 });
		await signIn(page);
		await page.goto('/admin');
		const heading = (await page.locator('main h1').first().boundingBox())!;
		expect(heading.y).toBeLessThan(740 / 3);
		// The menu is one row that opens.
		expect(await page.locator('details.menu[open]').count()).toBe(0);
		await page.locator('details.menu > summary').click();
		expect(await page.locator('details.menu nav a').first().isVisible()).toBe(true);
		await context.close();
	});
});

describe('the digital check on a phone', () => {
	it('shows each answer as one large row, label and control together', async () => {
		// The check's own markup (src/routes/verein/check/[dimension]) under the site's real stylesheet.
		const { page, context } = await newPage({ phone: true, javaScript: true });
		await page.setViewportSize({ width: 360, height: 740 });
		await page.goto('/verein/anmelden');
		await page.evaluate(() => {
			document.querySelector('main')!.innerHTML =
				'<form class="stack"><fieldset><legend>Frage</legend><label class="choice"><input type="radio" name="a" value="1"> <span>Trifft gar nicht zu, wir haben dafür noch keine Lösung</span></label><label class="choice"><input type="radio" name="a" value="2"> <span>Teilweise</span></label></fieldset></form>';
		});
		const rows = page.locator('label.choice');
		for (let i = 0; i < 2; i++) {
			const row = (await rows.nth(i).boundingBox())!;
			const radio = (await rows.nth(i).locator('input').boundingBox())!;
			const label = (await rows.nth(i).locator('span').boundingBox())!;
			expect(row.height).toBeGreaterThanOrEqual(44);
			// The circle sits at the start of its row, beside its text, not centred on a line of its own.
			expect(radio.x).toBeLessThan(label.x);
			expect(Math.abs(radio.y + radio.height / 2 - (label.y + Math.min(label.height, 24) / 2))).toBeLessThan(16);
		}
		await context.close();
	});
});
