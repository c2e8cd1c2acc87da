import { totpCode } from '../../src/lib/server/testing/totp.ts';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, baseUrl, newPage, signIn } from './fixtures.ts';
import { mailLinks } from './mail.ts';


describe('staff sign-in', () => {
	it('a sign-in link is never mailed to a staff address; the outbox shows links without their secret', async () => {
		const { page: admin } = await newPage();
		await signIn(admin);
		const { page: visitor } = await newPage();
		await visitor.goto('/verein/anmelden');
		await visitor.getByLabel('E-Mail-Adresse').fill(inject('adminEmail'));
		await visitor.getByRole('button', { name: 'Link schicken' }).click();
		await expect(visitor.getByRole('status').textContent()).resolves.toContain('Wenn Ihre Adresse bei uns eingetragen ist');
		await expect(mailLinks(inject('adminEmail'), '/verein/link/')).rejects.toThrow(/no mail/);

		// An invitation carries a sign-in link: the team sees the path, not the token.
		await admin.goto('/admin/vereine');
		await admin.locator('a[href^="/admin/vereine/"]:not([href$="/neu"])').first().click();
		await admin.getByLabel('E-Mail-Adresse').fill('masked@example.org');
		await admin.locator('form[action$="?/invite"] button').click();
		const [link] = await mailLinks('masked@example.org', '/verein/link/');
		const token = new URL(link).pathname.split('/verein/link/')[1];
		expect(token.length).toBeGreaterThan(20);
		await admin.goto('/admin/postausgang');
		const outbox = (await admin.locator('main').textContent()) ?? '';
		expect(outbox).toContain('/verein/link/…');
		expect(outbox).not.toContain(token);
	});

	it('the code page answers any post without a pending sign-in with an error in the page language, never a 500', async () => {
		const post = (path: string, body: string, type = 'application/x-www-form-urlencoded') =>
			fetch(new URL(path, baseUrl()), { method: 'POST', redirect: 'manual', headers: { origin: baseUrl(), accept: 'text/html', 'content-type': type }, body });
		const expired = await post('/en/admin/anmelden/code', 'code=123456');
		expect(expired.status).toBe(400);
		expect(await expired.text()).toContain('The sign-in has expired');
		const backup = await post('/tr/admin/anmelden/code?weiter=%2Fadmin', 'kind=backup&code=x%E2%80%AEy');
		expect(backup.status).toBe(400);
		expect(await backup.text()).toContain('Giriş süresi doldu');
		// SvelteKit reserves the action name `default` (it threw a 500 for it).
		const reserved = await post('/admin/anmelden/code?/default', 'code=123456');
		expect(reserved.status).toBe(400);
		expect(await reserved.text()).toContain('Diese Anfrage enthält ungültige Zeichen');
		for (const type of ['text/plain', 'multipart/form-data; boundary=XYZ']) expect((await post('/admin/anmelden/code', 'code=1', type)).status).toBeLessThan(500);
	});

	it('an admin switches on TOTP; sign-in then takes the password and a code from the app or a backup code (each once); switched off again', async () => {
		// JavaScript on only for axe-core (the pages ship none); the sign-ins below run without it.
		const { page: admin } = await newPage({ javaScript: true });
		await signIn(admin);
		await admin.goto('/admin/sicherheit');
		await admin.getByLabel('Passwort').fill(inject('adminPassword'));
		await admin.getByRole('button', { name: 'Einrichten' }).click();
		await expect(admin.getByRole('img', { name: 'QR-Code für die Authenticator-App' }).isVisible()).resolves.toBe(true);
		expect(await axeViolations(admin)).toEqual([]);
		const secret = (await admin.locator('main code').textContent())!.trim();
		const wrongCode = () => (totpCode(secret) === '000000' ? '111111' : '000000');
		/** Email and password at /admin/anmelden (with `query`), which must stop at the code page. */
		const passwordStep = async (page: Page, query = '') => {
			await page.goto(`/admin/anmelden${query}`);
			await page.getByLabel('E-Mail-Adresse').fill(inject('adminEmail'));
			await page.getByLabel('Passwort').fill(inject('adminPassword'));
			await page.getByRole('button', { name: 'Anmelden' }).click();
			await page.waitForURL((url) => url.pathname === '/admin/anmelden/code');
		};
		const backupStep = async (page: Page, code: string) => {
			await page.getByLabel('Backup-Code').fill(code);
			await page.getByRole('button', { name: 'Mit Backup-Code anmelden' }).click();
		};
		try {
			await admin.getByLabel('Code aus der App').fill(wrongCode());
			await admin.getByRole('button', { name: 'Code bestätigen und einschalten' }).click();
			await expect(admin.getByRole('alert').textContent()).resolves.toContain('Dieser Code stimmt nicht');
			await admin.getByLabel('Code aus der App').fill(totpCode(secret));
			await admin.getByRole('button', { name: 'Code bestätigen und einschalten' }).click();
			const backupCodes = (await admin.locator('main ul li').allTextContents()).map((c) => c.trim());
			expect(backupCodes).toHaveLength(10);

			// The code page, with a wrong code's error, passes axe.
			const { page: checked, context: checkedContext } = await newPage({ javaScript: true });
			await passwordStep(checked);
			await checked.getByLabel('Code aus der App').fill(wrongCode());
			await checked.getByRole('button', { name: 'Bestätigen', exact: true }).click();
			await expect(checked.getByRole('alert').textContent()).resolves.toContain('Dieser Code stimmt nicht');
			expect(await axeViolations(checked)).toEqual([]);
			await checkedContext.close();

			const { page, context } = await newPage();
			// The password alone no longer opens the backoffice …
			await passwordStep(page, '?weiter=%2Fadmin%2Fsicherheit');
			await page.goto('/admin');
			expect(new URL(page.url()).pathname).toBe('/admin/anmelden');
			// … the code from the app does, and the sign-in goes on to the page asked for.
			await page.goto('/admin/anmelden/code?weiter=%2Fadmin%2Fsicherheit');
			await page.getByLabel('Code aus der App').fill(wrongCode());
			await page.getByRole('button', { name: 'Bestätigen', exact: true }).click();
			await expect(page.getByRole('alert').textContent()).resolves.toContain('Dieser Code stimmt nicht');
			expect(await page.getByLabel('Code aus der App').getAttribute('aria-invalid')).toBe('true');
			await page.getByLabel('Code aus der App').fill(totpCode(secret));
			await page.getByRole('button', { name: 'Bestätigen', exact: true }).click();
			await page.waitForURL((url) => url.pathname === '/admin/sicherheit');
			await expect(page.locator('main').textContent()).resolves.toContain('Ausschalten');
			await page.getByRole('button', { name: 'Abmelden' }).click();
			await page.waitForURL((url) => url.pathname === '/admin/anmelden');

			// A backup code instead of the app: it signs in once.
			await passwordStep(page);
			await backupStep(page, backupCodes[0]);
			await page.waitForURL((url) => url.pathname === '/admin');
			await page.getByRole('button', { name: 'Abmelden' }).click();
			await page.waitForURL((url) => url.pathname === '/admin/anmelden');
			await passwordStep(page);
			await backupStep(page, backupCodes[0]);
			await expect(page.getByRole('alert').textContent()).resolves.toContain('Dieser Code stimmt nicht');
			expect(await page.getByLabel('Backup-Code').getAttribute('aria-invalid')).toBe('true');
			await backupStep(page, backupCodes[1]);
			await page.waitForURL((url) => url.pathname === '/admin');
			await context.close();
		} finally {
			// Other browser tests sign in with the password alone.
			await admin.goto('/admin/sicherheit');
			if (await admin.getByRole('button', { name: 'Ausschalten' }).count()) {
				await admin.getByLabel('Passwort').fill(inject('adminPassword'));
				await admin.getByRole('button', { name: 'Ausschalten' }).click();
			}
		}
		await expect(admin.locator('main').textContent()).resolves.toContain('Die Zwei-Faktor-Anmeldung ist ausgeschaltet.');
		// Switched off, the password alone opens the backoffice again.
		const { page: plain, context: plainContext } = await newPage();
		await signIn(plain);
		await plainContext.close();
	});
});
