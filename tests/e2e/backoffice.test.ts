/**
 * The backoffice as the team uses it: navigation by area (a sidebar, folded on phones), the
 * dashboard with the current project first, lists sorted and searched on the server.
 */
import { describe, expect, it } from 'vitest';
import { axeViolations, baseUrl, newPage, signIn } from './fixtures.ts';

describe('backoffice navigation', () => {
	it('on a 360 px phone the menu is one folded row and the page starts near the top, at the door too', async () => {
		const { page, context } = await newPage({ phone: true });
		await page.setViewportSize({ width: 360, height: 740 });
		await signIn(page);
		const attendance = await page.locator('#termine a', { hasText: 'Anwesenheit' }).first().getAttribute('href');
		for (const path of ['/admin', attendance!]) {
			await page.goto(path);
			expect(await page.locator('details.menu').getAttribute('open')).toBeNull();
			expect(await page.locator('details.menu nav a').first().isVisible()).toBe(false);
			const heading = (await page.locator('main h1').first().boundingBox())!;
			expect(heading.y).toBeLessThan(740 / 4);
		}
		// One tap opens it: the areas and the sign-out.
		await page.locator('details.menu > summary').click();
		const menu = (await page.locator('details.menu').textContent()) ?? '';
		for (const area of ['Programm', 'Anmeldungen', 'Vereine', 'Berichte', 'Einstellungen']) expect(menu).toContain(area);
		expect(await page.getByRole('button', { name: 'Abmelden' }).isVisible()).toBe(true);
		await context.close();
	});

	it('on a wide screen is a sidebar by area, the current page marked', async () => {
		const { page, context } = await newPage();
		await signIn(page);
		const nav = page.getByRole('navigation', { name: 'Backoffice' });
		expect(await nav.getByRole('link', { name: 'Vereine', exact: true }).isVisible()).toBe(true);
		expect(await nav.locator('[aria-current="page"]').innerText()).toBe('Übersicht');
		// The sidebar sits beside the content, not above it.
		const side = (await nav.boundingBox())!;
		const main = (await page.locator('main').boundingBox())!;
		expect(side.x + side.width).toBeLessThanOrEqual(main.x + 1);
		await nav.getByRole('link', { name: 'Änderungsprotokoll' }).click();
		expect(await nav.locator('[aria-current="page"]').innerText()).toBe('Änderungsprotokoll');
		// A project page belongs to the overview.
		await page.goto('/admin');
		await page.locator('.bo-project h3 a').first().click();
		expect(await nav.locator('[aria-current="true"]').innerText()).toBe('Übersicht');
		// Groups are lists named by their area.
		expect(await nav.getByRole('list', { name: 'Berichte' }).getByRole('link').count()).toBeGreaterThanOrEqual(2);
		// Settings: the team's accounts and the pattern library, whose pages exist in this build.
		const settings = nav.getByRole('list', { name: 'Einstellungen' });
		expect(await settings.getByRole('link', { name: 'Team', exact: true }).getAttribute('href')).toBe('/admin/team');
		expect(await settings.getByRole('link', { name: 'Gestaltung', exact: true }).getAttribute('href')).toBe('/admin/gestaltung');
		await context.close();
	});
});

describe('the dashboard', () => {
	it('shows the current demo project first: its tile, its sessions, its check', async () => {
		const { page, context } = await newPage();
		await signIn(page);
		expect(await page.locator('.bo-project').first().innerText()).toContain('Digit-Ready III (fiktiv)');
		// Only current projects have tiles: the seed's old projects are not among them.
		expect(await page.locator('#aktuell-title + ul').innerText()).not.toContain('Digit-Ready II\n');
		// The next sessions are the current project's, soonest first, with the places left.
		expect(await page.locator('#termine tbody tr').first().innerText()).toContain('Digit-Ready III (fiktiv)');
		const workshop = await page.locator('#termine tbody tr', { hasText: 'Workshop: Der digitale Verein' }).first().innerText();
		expect(workshop).toMatch(/\d+ von 25 belegt, \d+ frei/);
		// The check per project: current first, folded, counts per severity in the row.
		const checks = page.locator('#pruefung details');
		expect(await checks.first().locator('summary').innerText()).toContain('Digit-Ready III (fiktiv)');
		const old = checks.filter({ hasText: /Digit-Ready II(?!I)/ }).first();
		expect(await old.getAttribute('open')).toBeNull();
		expect(await old.locator('summary').innerText()).toMatch(/Fehler: [1-9]\d*, Hinweise: \d+/);
		await old.locator('summary').click();
		expect(await old.innerText()).toContain('liegt außerhalb der Laufzeit');
		// Tiles lead where one acts.
		expect(await page.locator('#wartet a', { hasText: 'E-Mails fehlgeschlagen' }).getAttribute('href')).toBe('/admin/postausgang');
		await context.close();
	});

	for (const lang of ['', '/ar']) {
		it(`has no axe violations${lang ? ' in Arabic' : ' in German'}, wide and on a phone`, async () => {
			for (const phone of [false, true]) {
				const { page, context } = await newPage({ phone, javaScript: true });
				await signIn(page);
				await page.goto(`${lang}/admin`);
				if (lang) expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
				expect(await axeViolations(page)).toEqual([]);
				await context.close();
			}
		});
	}
});

describe('lists sorted and searched on the server', () => {
	it('organisations: column headers sort both ways, the search narrows, bad values fall back', async () => {
		const { page, context } = await newPage();
		await signIn(page);
		for (const name of ['Aaa Sortierverein', 'Zzz Sortierverein']) {
			await page.goto('/admin/vereine/neu');
			await page.getByLabel('Name des Vereins').fill(name);
			await page.getByLabel('Ort', { exact: true }).fill('Sortierstadt');
			await page.getByRole('button', { name: 'Verein anlegen' }).click();
			await page.waitForURL(/\/admin\/vereine\/\d+/);
		}
		await page.goto('/admin/vereine');
		await page.getByLabel('Name oder Ort').fill('Sortierverein');
		await page.getByRole('button', { name: 'Suchen' }).click();
		const names = () => page.locator('main table tbody tr td:first-child').allInnerTexts();
		expect(await names()).toHaveLength(2);
		await page.getByRole('link', { name: 'Verein', exact: true }).click();
		expect(new URL(page.url()).searchParams.get('q')).toBe('Sortierverein');
		expect(await names()).toEqual(['Aaa Sortierverein', 'Zzz Sortierverein']);
		expect(await page.locator('th[aria-sort]').innerText()).toContain('Verein');
		expect(await page.locator('th[aria-sort]').getAttribute('aria-sort')).toBe('ascending');
		await page.getByRole('link', { name: 'Verein', exact: true }).click();
		expect(await names()).toEqual(['Zzz Sortierverein', 'Aaa Sortierverein']);
		expect(await page.locator('th[aria-sort]').getAttribute('aria-sort')).toBe('descending');
		await context.close();
	});

	it('the audit log: newest first, oldest first on request, searched by the words of the action', async () => {
		const { page, context } = await newPage();
		await signIn(page);
		await page.goto('/admin/protokoll');
		const what = () => page.locator('main table tbody tr td:nth-child(3)').allInnerTexts();
		expect(await page.locator('th[aria-sort]').getAttribute('aria-sort')).toBe('descending');
		const newest = await what();
		await page.getByRole('link', { name: 'Wann' }).click();
		expect(await page.locator('th[aria-sort]').getAttribute('aria-sort')).toBe('ascending');
		const oldest = await what();
		// The demo's first project came first of all.
		expect(oldest[0]).toMatch(/^Projekt angelegt/);
		expect(oldest).not.toEqual(newest);
		await page.getByLabel('Suche (Aktion oder E-Mail-Adresse der Person)').fill('Projekt angelegt');
		await page.getByRole('button', { name: 'Suchen' }).click();
		const rows = await page.locator('main table tbody tr td:nth-child(3)').allInnerTexts();
		expect(rows.length).toBeGreaterThanOrEqual(3);
		for (const r of rows) expect(r).toMatch(/^Projekt angelegt/);
		// Sorting keeps the search.
		expect(new URL(page.url()).searchParams.get('sort')).toBe('at');
		await context.close();
	});

	it('registrations: every item taking registrations, sortable, with the way to the door', async () => {
		const { page, context } = await newPage();
		await signIn(page);
		await page.getByRole('navigation', { name: 'Backoffice' }).getByRole('link', { name: 'Anmeldungen und Anwesenheit' }).click();
		const rows = page.locator('main table tbody tr');
		expect(await rows.first().innerText()).toContain('Digit-Ready III (fiktiv)');
		expect(await rows.filter({ hasText: 'Workshop: Der digitale Verein' }).getByRole('link', { name: /^Anwesenheit/ }).count()).toBe(1);
		await page.getByRole('link', { name: 'Programmpunkt', exact: true }).click();
		expect(await page.locator('th[aria-sort="ascending"]').innerText()).toContain('Programmpunkt');
		const titles = () => page.locator('main table tbody tr td:first-child').allInnerTexts();
		const ascending = await titles();
		await page.getByRole('link', { name: 'Programmpunkt', exact: true }).click();
		expect(await page.locator('th[aria-sort="descending"]').innerText()).toContain('Programmpunkt');
		expect((await titles())[0]).not.toBe(ascending[0]);
		await page.getByLabel('Programmpunkt oder Projekt').fill('Online-Abend');
		await page.getByRole('button', { name: 'Suchen' }).click();
		expect(await page.locator('main table tbody tr').count()).toBe(1);
		await context.close();
	});

	it('never fails on bad sort, direction, search or page values', async () => {
		const { page, context } = await newPage();
		await signIn(page);
		const cookies = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
		const item = (await page.locator('#termine tbody tr a').first().getAttribute('href'))!.split('#')[0];
		const bad = ['sort=id%3Bdrop', 'sort=__proto__&dir=up', 'dir=-1&sort=', `q=${'x'.repeat(3000)}`, 'q=%00%01', 'q=%25%5F%5C', 'seite=1e308&sort=name&dir=desc', 'sort=constructor&q=%C3%28'];
		for (const path of ['/admin/vereine', '/admin/protokoll', '/admin/anmeldungen', item, '/ar/admin/vereine'])
			for (const query of bad) {
				const res = await fetch(`${baseUrl()}${path}?${query}`, { headers: { cookie: cookies }, redirect: 'manual' });
				expect(res.status, `${path}?${query}`).toBeLessThan(500);
			}
		await context.close();
	});
});
