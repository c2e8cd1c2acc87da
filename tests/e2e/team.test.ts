import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, htmlErrors, newPage, signIn } from './fixtures.ts';
import { mailLinks, mailsTo } from './mail.ts';

const PASSWORD = 'ein-sicheres-passwort-42';

/** The admin invites a person on /admin/team (German form). */
async function invite(admin: Page, email: string, name: string, role: 'staff' | 'consultant' | 'admin', language: string) {
	await admin.goto('/admin/team');
	const form = admin.locator('#einladen form');
	await form.getByLabel('E-Mail-Adresse').fill(email);
	await form.getByLabel('Name').fill(name);
	await form.getByLabel('Rolle').selectOption(role);
	await form.getByLabel('Sprache der Einladung').selectOption(language);
	await form.getByRole('button', { name: 'Einladung senden' }).click();
	await admin.waitForURL(/eingeladen/);
}

/** Opens the invitation link from the mail, sets the password, then signs in with it (whatever the page's language). */
async function acceptAndSignIn(page: Page, email: string): Promise<string> {
	const link = new URL((await mailLinks(email, '/admin/anmelden/einladung/')).at(-1)!);
	await page.goto(link.pathname);
	await page.locator('#password').fill(PASSWORD);
	await page.locator('#repeat').fill(PASSWORD);
	await page.locator('main form button').click();
	await page.waitForURL(/\/admin\/anmelden\?passwort/);
	await page.locator('#email').fill(email);
	await page.locator('#password').fill(PASSWORD);
	await page.locator('main form button').click();
	await page.waitForURL((url) => !url.pathname.includes('/anmelden'));
	return link.pathname;
}

/** The list's row of a person, by their exact name or address. */
const row = (admin: Page, nameOrEmail: string) =>
	admin.locator('#konten tbody tr').filter({ has: admin.locator('th, td').getByText(nameOrEmail, { exact: true }) });

describe('the team manages its own accounts', () => {
	it('an admin invites a consultant in Ukrainian; she sets a password, lands on /beratung and finds no backoffice page', async () => {
		const { page: admin, context: adminContext } = await newPage();
		await signIn(admin);
		const email = 'oksana-beratung@example.org';
		await invite(admin, email, 'Oksana Beraterin (e2e)', 'consultant', 'uk');
		expect(await row(admin, 'Oksana Beraterin (e2e)').innerText()).toContain('eingeladen, Link gültig bis');

		// The mail is in her language, and so is the page its link opens.
		const [mail] = await mailsTo(email, /Запрошення до команди/);
		expect(mail.text).toContain('Консультант');
		const lost = new URL((await mailLinks(email, '/admin/anmelden/einladung/')).at(-1)!);
		// She lost the mail: the admin sends the invitation again, in the same language; only the new link works.
		await row(admin, 'Oksana Beraterin (e2e)').getByRole('button', { name: /Einladung erneut senden/ }).click();
		await admin.waitForURL(/eingeladen/);
		let links: string[] = [];
		for (let t = 0; t < 60 && links.length < 2; t++) {
			links = await mailLinks(email, '/admin/anmelden/einladung/');
			if (links.length < 2) await new Promise((r) => setTimeout(r, 250));
		}
		expect(links).toHaveLength(2);
		const link = new URL(links.at(-1)!);
		expect(link.pathname).not.toBe(lost.pathname);
		expect(link.pathname).toMatch(/^\/uk\/admin\/anmelden\/einladung\/[A-Za-z0-9_-]+$/);
		const { page: stale, context: staleContext } = await newPage();
		await stale.goto(lost.pathname);
		expect(await stale.locator('main form').count()).toBe(0);
		await staleContext.close();
		// The backoffice outbox never shows the token.
		await admin.goto('/admin/postausgang');
		expect(await admin.locator('main').innerText()).not.toContain(link.pathname.split('/').at(-1)!);

		const { page: oksana, context } = await newPage({ phone: true, javaScript: true });
		await oksana.goto(link.pathname);
		expect(await oksana.locator('html').getAttribute('lang')).toBe('uk');
		// Two different passwords: the error stands next to the second field.
		await oksana.locator('#password').fill(PASSWORD);
		await oksana.locator('#repeat').fill(`${PASSWORD}x`);
		await oksana.locator('main form button').click();
		expect(await oksana.locator('#repeat-error').innerText()).toBe('Паролі не збігаються.');

		const used = await acceptAndSignIn(oksana, email);
		expect(new URL(oksana.url()).pathname).toBe('/uk/beratung');
		expect(await oksana.locator('h1').innerText()).toBe('Консультації');
		expect(await oksana.locator('main').innerText()).toContain('Вам ще не призначено жодної консультації');
		expect(await axeViolations(oksana)).toEqual([]);

		// Nothing of the backoffice exists for her, in any language, not even its sign-out.
		for (const path of ['/admin', '/admin/team', '/admin/projekte/neu', '/uk/admin/vereine', '/admin/postausgang', '/admin/personen/export.json']) {
			expect((await oksana.goto(path))?.status(), path).toBe(404);
		}
		expect((await oksana.request.post('/admin/team?/invite', { form: { email: 'x@example.org', name: 'X', role: 'admin', language: 'de' }, headers: { origin: new URL(oksana.url()).origin } })).status()).toBe(404);
		// The link worked once.
		await oksana.goto(used);
		expect(await oksana.locator('main [role="alert"]').count()).toBe(1);

		// The team list now shows her as an active consultant with her last sign-in.
		await admin.goto('/admin/team');
		const listed = await row(admin, 'Oksana Beraterin (e2e)').innerText();
		expect(listed).toContain('aktiv');
		expect(listed).not.toContain('noch nie');
		expect(await row(admin, 'Oksana Beraterin (e2e)').locator('select').inputValue()).toBe('consultant');
		await context.close();
		await adminContext.close();
	});

	it('staff see the team read-only and cannot change it; a deactivated member is signed out at once', async () => {
		const { page: admin, context: adminContext } = await newPage();
		await signIn(admin);
		const email = 'mia-team@example.org';
		await invite(admin, email, 'Mia Team (e2e)', 'staff', 'de');
		const { page: mia, context } = await newPage();
		await acceptAndSignIn(mia, email);
		expect(new URL(mia.url()).pathname).toBe('/admin');

		await mia.goto('/admin/team');
		expect(await mia.locator('main').innerText()).toContain('Nur Personen mit der Rolle Admin');
		expect(await mia.locator('#einladen').count()).toBe(0);
		expect(await mia.locator('#konten form').count()).toBe(0);
		const origin = new URL(mia.url()).origin;
		await admin.goto('/admin/team');
		const adminId = await row(admin, inject('adminEmail')).locator('input[name="userId"]').first().inputValue();
		for (const action of ['role', 'deactivate', 'reactivate']) {
			const res = await mia.request.post(`/admin/team?/${action}`, { form: { userId: adminId, role: 'staff', confirm: 'yes' }, headers: { origin } });
			expect(res.status(), action).toBe(403);
		}
		expect((await mia.request.post('/admin/team?/invite', { form: { email: 'y@example.org', name: 'Y', role: 'admin', language: 'de' }, headers: { origin } })).status()).toBe(403);

		// The admin deactivates Mia, after a question.
		await row(admin, 'Mia Team (e2e)').getByRole('link', { name: 'Mia Team (e2e) deaktivieren' }).click();
		expect(await admin.locator('#deaktivieren').innerText()).toContain('Mia Team (e2e) kann sich danach nicht mehr anmelden');
		await admin.locator('#deaktivieren').getByRole('button', { name: 'Ja, deaktivieren' }).click();
		await admin.waitForURL(/gespeichert/);
		expect(await row(admin, 'Mia Team (e2e)').innerText()).toContain('deaktiviert');
		// Her open page is signed out, and her password no longer signs in.
		await mia.goto('/admin');
		expect(new URL(mia.url()).pathname).toBe('/admin/anmelden');
		await mia.locator('#email').fill(email);
		await mia.locator('#password').fill(PASSWORD);
		await mia.locator('main form button').click();
		expect(await mia.locator('main [role="alert"]').innerText()).toContain('stimmen nicht');
		await context.close();
		await adminContext.close();
	});

	it('the last admin cannot step down, and /admin/team passes axe in German and Arabic', async () => {
		const { page: admin, context } = await newPage({ phone: true, javaScript: true });
		await signIn(admin);
		await admin.goto('/admin/team');
		const me = row(admin, inject('adminEmail'));
		await me.locator('select').selectOption('staff');
		await me.getByRole('button', { name: 'Rolle ändern' }).click();
		expect(await admin.locator('#konten [role="alert"]').innerText()).toContain('mindestens eine aktive Person mit der Rolle Admin');
		expect(await htmlErrors(await admin.content())).toEqual([]);
		// The question before a deactivation, as the link in the list opens it.
		const question = (await admin.locator('#konten a[href*="deaktivieren="]').first().getAttribute('href'))!;
		for (const path of ['/admin/team', '/ar/admin/team', question]) {
			await admin.goto(path);
			expect(await axeViolations(admin), path).toEqual([]);
		}
		expect(await admin.locator('#deaktivieren').count()).toBe(1);
		expect(await admin.locator('html').getAttribute('dir')).toBe('ltr');
		await admin.goto('/ar/admin/team');
		expect(await admin.locator('html').getAttribute('dir')).toBe('rtl');
		expect(await admin.locator('h1').innerText()).toBe('الفريق وصلاحيات الدخول');
		await context.close();
	});
});
