import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { axeViolations, htmlErrors, newPage, signIn } from './fixtures.ts';
import { mailLinks, mailsTo } from './mail.ts';

async function signInLinkFor(_admin: Page, email: string): Promise<string> {
	// The newest sign-in link, path and query: an invitation's link carries `?einladung` (the offer opens after signing in).
	const url = new URL((await mailLinks(email, '/verein/link/')).at(-1)!);
	return url.pathname + url.search;
}

async function invite(admin: Page, organisation: string, email: string, role: 'org_admin' | 'member', language = 'de', name = '') {
	await admin.goto('/admin/vereine');
	await admin.getByRole('link', { name: organisation }).click();
	await admin.getByLabel('E-Mail-Adresse').fill(email);
	await admin.getByLabel('Name', { exact: true }).fill(name);
	await admin.getByLabel('Rolle', { exact: true }).selectOption(role);
	await admin.getByLabel('Sprache der Einladung').selectOption(language);
	await admin.getByRole('button', { name: 'Einladen' }).click();
	await admin.waitForURL(/eingeladen/);
}

describe('associations: sign in by emailed link, answer the check on a phone, see only their own data', () => {
	it('invited admin answers in Arabic, sees chart and sets targets; another association sees none of it', async () => {
		const { page: admin, context: adminContext } = await newPage();
		await signIn(admin);
		// A new association, created by the team (no demo answers): every figure below comes from this test.
		const A = 'Kurdischer Frauenverein Bremen (fiktiv)';
		const B = 'Ukrainische Nachbarschaftshilfe Berlin (fiktiv)';
		await admin.goto('/admin/vereine/neu');
		await admin.getByLabel('Name des Vereins').fill(A);
		await admin.getByLabel('Ort', { exact: true }).fill('Bremen');
		await admin.getByRole('button', { name: 'Verein anlegen' }).click();
		await admin.waitForURL(/angelegt/);
		// The team invites in the invitee's language: the mail and its link are Arabic.
		await invite(admin, A, 'leyla@example.org', 'org_admin', 'ar');
		await invite(admin, B, 'olena@example.org', 'member', 'de', 'Olena Kovalenko');
		// Until they accept, an invitation is only an address in the list of open invitations.
		expect(await admin.locator('#einladungen + table').innerText()).toContain('olena@example.org');
		expect(await admin.locator('#personen + p').innerText()).toBe('Noch niemand dabei.');

		const olenaLink = await signInLinkFor(admin, 'olena@example.org');
		const { page: leyla, context: leylaContext } = await newPage({ phone: true });
		const leylaLink = await signInLinkFor(admin, 'leyla@example.org');
		expect(leylaLink).toMatch(/^\/ar\/verein\/link\/.+\?einladung$/);
		const [{ subject, text: invitationMail }] = await mailsTo('leyla@example.org', /دعوة/);
		expect(subject).toContain(A);
		expect(invitationMail).toContain(A);
		expect(invitationMail).toContain('فريق Bildungsturbo');
		expect(invitationMail).not.toContain('Wenn Sie das nicht angefordert haben');
		await leyla.goto(leylaLink);
		await leyla.locator('main form button').click();
		// Signed in, she sees the offer: the association and who invited her; she accepts.
		await leyla.waitForURL(/\/ar\/verein\/einladung$/);
		expect(await leyla.locator('html').getAttribute('dir')).toBe('rtl');
		expect(await leyla.locator('main').innerText()).toContain(A);
		expect(await leyla.locator('main').innerText()).toContain('فريق Bildungsturbo');
		await leyla.locator('main form[action="?/accept"] button').click();
		await leyla.waitForURL(/\/ar\/verein$/);
		expect(await leyla.locator('html').getAttribute('dir')).toBe('rtl');
		expect(await leyla.locator('h1').innerText()).toBe(A);

		// One module: four statements, answered or skipped; then the next module opens.
		await leyla.locator('main a.button').click();
		const radios = leyla.locator('fieldset');
		expect(await radios.count()).toBe(4);
		await radios.nth(0).locator('input[value="4"]').check();
		await radios.nth(1).locator('input[value="2"]').check();
		await radios.nth(2).locator('input[value="skip"]').check();
		await leyla.locator('main form button').click();
		await leyla.waitForURL(/\/verein\/check\/collaboration$/);
		await leyla.goto('/ar/verein');
		expect(await leyla.locator('main').innerText()).toContain('1');

		await leyla.goto('/verein/ergebnis');
		expect(await leyla.locator('main svg[role="img"]').count()).toBe(1);
		expect(await leyla.locator('main table tbody tr').count()).toBe(8);
		await leyla.getByLabel('Vereinsstruktur und Leitung').selectOption('4');
		await leyla.getByRole('button', { name: 'Ziele speichern' }).click();
		await leyla.waitForURL(/gespeichert/);
		expect(await leyla.getByLabel('Vereinsstruktur und Leitung').inputValue()).toBe('4');
		// The development plan: a goal, a step with owner and date, its status, the consultant's comment, a PDF.
		await leyla.goto('/verein/plan');
		await leyla.getByLabel('Bereich').selectOption('structure');
		await leyla.getByLabel('Ziel', { exact: true }).fill('Aufgaben im Vorstand klar verteilen');
		await leyla.getByRole('button', { name: 'Ziel hinzufügen' }).click();
		await leyla.waitForURL(/gespeichert/);
		await leyla.getByText('Schritt hinzufügen').first().click();
		await leyla.getByLabel('Schritt', { exact: true }).fill('Rollenliste schreiben');
		await leyla.getByLabel('Wer').fill('Leyla');
		await leyla.getByLabel('Bis wann').fill('2027-03-31');
		await leyla.getByRole('button', { name: 'Schritt hinzufügen' }).click();
		await leyla.waitForURL(/gespeichert/);
		await leyla.getByLabel('Stand ändern').selectOption('in_progress');
		await leyla.getByRole('button', { name: 'Stand ändern' }).click();
		await leyla.waitForURL(/gespeichert/);
		expect(await leyla.locator('main').innerText()).toContain('Rollenliste schreiben – Leyla, 31.03.2027: in Arbeit');
		await admin.goto('/admin/vereine');
		await admin.getByRole('link', { name: A }).click();
		await admin.getByLabel('Kommentar schreiben').fill('Guter erster Schritt. Im nächsten Termin besprechen wir die Rollen.');
		await admin.getByRole('button', { name: 'Kommentar schreiben' }).click();
		await admin.waitForURL(/gespeichert/);
		await leyla.goto('/verein/plan');
		expect(await leyla.locator('main').innerText()).toContain('Guter erster Schritt.');
		const planPdf = await leyla.request.get('/verein/plan.pdf');
		expect(planPdf.headers()['content-type']).toBe('application/pdf');
		const { extractText, getDocumentProxy } = await import('unpdf');
		const pdfText = (await extractText(await getDocumentProxy(new Uint8Array(await planPdf.body())), { mergePages: true })).text;
		expect(pdfText).toContain('Aufgaben im Vorstand klar verteilen');
		expect(pdfText).toContain('Rollenliste schreiben');

		// The association admin keeps the profile up to date; bad input keeps what was typed.
		await leyla.goto('/verein/profil');
		await leyla.getByLabel('Website und soziale Medien').fill('http://unsicher.example.org');
		await leyla.getByLabel('Ort').fill('Bremen-Walle');
		await leyla.getByRole('button', { name: 'Speichern' }).click();
		expect(await leyla.locator('#field-links').innerText()).toContain('https://');
		expect(await leyla.getByLabel('Ort').inputValue()).toBe('Bremen-Walle');
		await leyla.getByLabel('Website und soziale Medien').fill('https://elternverein.example.org');
		await leyla.getByRole('button', { name: 'Speichern' }).click();
		await leyla.waitForURL(/gespeichert/);
		expect(await leyla.getByLabel('Ort').inputValue()).toBe('Bremen-Walle');

		// A second member, invited by the association admin in Turkish, answers in Turkish: the spread shows it.
		await leyla.goto('/verein');
		// A wrong address: the error next to the field, nothing typed lost.
		await leyla.getByLabel('E-Mail-Adresse').fill('mehmet-at-example.org');
		await leyla.getByLabel('Name', { exact: true }).fill('Mehmet');
		await leyla.getByLabel('Sprache der Einladung').selectOption('tr');
		await leyla.getByRole('button', { name: 'Einladen' }).click();
		expect(await leyla.locator('#invite-email-error').innerText()).toContain('E-Mail-Adresse');
		expect(await leyla.getByLabel('Name', { exact: true }).inputValue()).toBe('Mehmet');
		expect(await leyla.getByLabel('Sprache der Einladung').inputValue()).toBe('tr');
		await leyla.getByLabel('E-Mail-Adresse').fill('mehmet@example.org');
		await leyla.getByRole('button', { name: 'Einladen' }).click();
		await leyla.waitForURL(/eingeladen/);
		const mehmetRow = () => leyla.locator('main tr', { hasText: 'Mehmet' });
		expect(await leyla.locator('#einladungen + table').innerText()).toContain('mehmet@example.org');
		// Not among the people until he accepts.
		expect(await leyla.getByLabel('Rolle von Mehmet').count()).toBe(0);
		const { page: mehmet, context: mehmetContext } = await newPage({ phone: true });
		const mehmetLink = await signInLinkFor(admin, 'mehmet@example.org');
		expect(mehmetLink).toMatch(/^\/tr\/verein\/link\//);
		await mehmet.goto(mehmetLink);
		await mehmet.locator('main form button').click();
		await mehmet.waitForURL(/\/tr\/verein\/einladung$/);
		expect(await mehmet.locator('main').innerText()).toContain('leyla@example.org');
		await mehmet.locator('main form[action="?/accept"] button').click();
		await mehmet.waitForURL(/\/tr\/verein$/);
		await leyla.reload();
		expect(await leyla.getByLabel('Rolle von Mehmet').inputValue()).toBe('member');
		expect(await leyla.locator('#einladungen').count()).toBe(0);
		expect(await mehmet.locator('html').getAttribute('lang')).toBe('tr');
		await mehmet.locator('main a.button').click();
		for (const fieldset of await mehmet.locator('fieldset').all()) await fieldset.locator('input[value="1"]').check();
		await mehmet.locator('main form button').click();
		await mehmet.waitForURL(/\/verein\/check\/collaboration$/);
		const structureRow = () => leyla.locator('main table tbody tr', { hasText: 'Vereinsstruktur und Leitung' }).first();
		await leyla.goto('/verein/ergebnis');
		expect(await structureRow().innerText()).toContain('sehr uneinig');
		await leyla.goto('/verein');
		expect(await mehmetRow().innerText()).toContain('angemeldet');
		expect(await mehmetRow().innerText()).not.toContain('noch nicht');

		// The team opens a second round; the association's new answers show the change against the first.
		await admin.goto('/admin/vereine');
		await admin.getByRole('link', { name: A }).click();
		expect(await admin.locator('main').innerText()).toContain('Runde 1 läuft seit');
		await admin.getByRole('link', { name: 'Neue Runde starten' }).click();
		// It asks first: the running round is closed for good.
		expect(await admin.locator('#neue-runde').innerText()).toContain('Runde 1 wird abgeschlossen.');
		await admin.getByRole('button', { name: 'Ja, neue Runde starten' }).click();
		await admin.waitForURL(/gespeichert/);
		// Until somebody answers round 2, the team still sees round 1's results, not an empty chart.
		expect(await admin.locator('main').innerText()).toContain('Runde 2 läuft seit');
		expect(await admin.locator('main h2#runde').innerText()).toContain('Runde 1');
		expect(await admin.getByRole('link', { name: 'Neue Runde starten' }).count()).toBe(0);
		// A round counts once somebody has completed it: Leyla goes through all eight areas.
		await leyla.goto('/verein/check/structure');
		for (let area = 0; area < 8; area++) {
			for (const fieldset of await leyla.locator('fieldset').all()) await fieldset.locator(`input[value="${area === 0 ? 4 : 3}"]`).check();
			await leyla.locator('main form button').click();
			await leyla.waitForLoadState();
		}
		expect(new URL(leyla.url()).pathname).toBe('/verein/ergebnis');
		expect(await leyla.locator('main').innerText()).toContain('Veränderung seit Runde 1');
		expect(await structureRow().innerText()).toMatch(/\+\d/);

		// The association admin manages its people: the only admin cannot step down; removing asks
		// first, and the removed member loses access at once.
		await leyla.goto('/verein');
		await leyla.getByLabel('Rolle von leyla@example.org').selectOption('member');
		await leyla.getByRole('button', { name: /^Rolle ändern\s?: leyla@example.org$/ }).click();
		expect(await leyla.getByRole('alert').innerText()).toContain('mindestens eine Person mit der Rolle Vereins-Admin');
		await leyla.getByRole('link', { name: 'Mehmet entfernen' }).click();
		expect(await leyla.locator('#entfernen').innerText()).toContain('Mehmet verliert sofort den Zugang');
		await leyla.getByRole('button', { name: 'Ja, entfernen' }).click();
		await leyla.waitForURL(/gespeichert/);
		expect(await leyla.locator('#personen + p + table, main table').first().innerText()).not.toContain('Mehmet');
		// His session ended with the membership: he is back at the sign-in page.
		await mehmet.goto('/tr/verein/ergebnis');
		expect(new URL(mehmet.url()).pathname).toBe('/tr/verein/anmelden');
		// The results keep his answers, anonymously: the spread is still there.
		await leyla.goto('/verein/ergebnis');
		expect(await leyla.locator('main').innerText()).toContain('Runde 2');
		await mehmetContext.close();

		// With JavaScript, under the site's own content security policy, each answer is saved when chosen.
		{
			const { page: js, context: jsContext } = await newPage({ javaScript: true, keepCSP: true, phone: true });
			await jsContext.addCookies(await leylaContext.cookies());
			const blocked: string[] = [];
			js.on('console', (msg) => msg.type() === 'error' && blocked.push(msg.text()));
			await js.goto('/verein/check/communication');
			await js.locator('fieldset').nth(1).locator('input[value="2"]').check();
			await js.getByRole('status').filter({ hasText: 'Antwort gespeichert.' }).waitFor();
			await js.reload();
			expect(await js.locator('fieldset').nth(1).locator('input[value="2"]').isChecked()).toBe(true);
			// Only that answer changed.
			expect(await js.locator('fieldset').nth(0).locator('input[value="3"]').isChecked()).toBe(true);
			expect(blocked).toEqual([]);
			await jsContext.close();
		}

		// Accessibility of the check and the result, in Arabic (JavaScript only for axe-core).
		{
			const { page: check, context: checkContext } = await newPage({ javaScript: true, phone: true });
			await checkContext.addCookies(await leylaContext.cookies());
			for (const path of ['/ar/verein/check/structure', '/ar/verein/ergebnis', '/ar/verein', '/ar/verein/plan', '/ar/verein/profil', '/ar/verein/beratung']) {
				await check.goto(path);
				expect(await axeViolations(check), path).toEqual([]);
				expect(await htmlErrors(await check.content()), path).toEqual([]);
				// Nothing wider than the phone: tables turn into cards.
				expect(await check.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(375);
			}
			await checkContext.close();
		}

		// The backoffice stays closed to association accounts.
		await leyla.goto('/admin/kohorte');
		expect(new URL(leyla.url()).pathname).toBe('/admin/anmelden');
		expect(await leyla.locator('main').innerText()).toContain('keinen Zugang zum Backoffice');
		for (const path of ['/admin', '/admin/vereine/1', '/admin/vereine/1/profil', '/admin/vereine/neu', '/admin/kohorte', '/admin/kohorte/1', '/admin/kohorte/1/kohorte.csv', '/admin/digital-check', '/admin/digital-check/structure', '/admin/personen/export.json']) {
			const res = await leyla.request.get(path, { maxRedirects: 0 });
			expect([303, 401, 403], path).toContain(res.status());
		}

		const { page: olena, context: olenaContext } = await newPage({ phone: true });
		await olena.goto(olenaLink);
		await olena.locator('main form button').click();
		await olena.waitForURL(/\/verein\/einladung$/);
		expect(await olena.locator('main').innerText()).toContain('vom Bildungsturbo-Team');
		await olena.getByRole('button', { name: /^Annehmen\s?: Ukrainische Nachbarschaftshilfe/ }).click();
		await olena.waitForURL(/\/verein$/);
		expect(await olena.locator('h1').innerText()).toBe(B);
		for (const path of ['/verein', '/verein/ergebnis', '/verein/check/structure', '/verein/plan', '/verein/profil', '/verein/beratung']) {
			await olena.goto(path);
			const text = await olena.locator('main').innerText();
			expect(text, path).not.toContain(A);
		}
		// A member (not admin) cannot set targets.
		await olena.goto('/verein/ergebnis');
		expect(await olena.getByRole('button', { name: 'Ziele speichern' }).count()).toBe(0);
		const forged = await olena.request.post('/verein/ergebnis?/targets', { form: { structure: '1' }, headers: { Origin: new URL(olena.url()).origin } });
		expect(forged.status()).toBe(403);
		await olena.goto('/verein/profil');
		expect(await olena.getByLabel('Ort').inputValue()).not.toContain('Walle');
		const profileWrite = await olena.request.post('/verein/profil', { form: { city: 'Gehackt' }, headers: { Origin: new URL(olena.url()).origin } });
		expect(profileWrite.status()).toBe(403);
		// Leyla's plan is not Olena's: her step ids do not reach another association's goals.
		expect(await olena.locator('main').innerText()).not.toContain('Rollenliste');
		const foreignPdf = await olena.request.get('/verein/plan.pdf');
		const { extractText: extract, getDocumentProxy: proxy } = await import('unpdf');
		expect((await extract(await proxy(new Uint8Array(await foreignPdf.body())), { mergePages: true })).text).not.toContain('Rollenliste');
		// A member cannot manage people, of their own association or of Leyla's.
		expect(await olena.locator('#personen').count()).toBe(0);
		const leylaId = (await admin.goto('/admin/vereine'), await admin.getByRole('link', { name: A }).click(), await admin.locator('main select[id^="role-"]').first().getAttribute('id'))!.slice('role-'.length);
		for (const action of ['remove', 'role', 'invite', 'withdraw']) {
			const form = { userId: leylaId, role: 'member', confirm: 'yes', email: 'x@example.org', language: 'de', invitationId: '1' };
			const res = await olena.request.post(`/verein?/${action}`, { form, headers: { Origin: new URL(olena.url()).origin } });
			expect([403, 404], action).toContain(res.status());
		}
		expect(await admin.locator('main table').first().innerText()).toContain('Vereins-Admin');
		expect(await admin.locator('main table').first().innerText()).not.toContain('Mehmet');

		// Leyla invites Olena, who is in another association: Leyla learns nothing about her, and
		// nothing changes for Olena until she answers. She declines.
		await leyla.goto('/verein');
		await leyla.getByLabel('E-Mail-Adresse').fill('olena@example.org');
		await leyla.getByLabel('Name', { exact: true }).fill('Wer ist das?');
		await leyla.getByRole('button', { name: 'Einladen' }).click();
		await leyla.waitForURL(/eingeladen/);
		const leylaView = await leyla.locator('main').innerText();
		expect(leylaView).toContain('olena@example.org');
		expect(leylaView).not.toContain('Olena Kovalenko');
		expect(leylaView).not.toContain(B);
		expect(await leyla.locator('#personen ~ table').first().innerText()).not.toContain('olena');
		await olena.goto('/verein');
		expect(await olena.locator('h1').innerText()).toBe(B);
		await olena.getByRole('link', { name: 'Einladung ansehen' }).click();
		expect(await olena.locator('main').innerText()).toContain(`leyla@example.org lädt Sie ein, im Bereich von „${A}“ mitzumachen`);
		await olena.getByRole('button', { name: /^Ablehnen\s?: Kurdischer Frauenverein/ }).click();
		expect(await olena.getByRole('status').innerText()).toContain(`Sie haben die Einladung von „${A}“ abgelehnt.`);
		await olena.goto('/verein');
		expect(await olena.locator('h1').innerText()).toBe(B);
		expect(await olena.getByRole('link', { name: 'Einladung ansehen' }).count()).toBe(0);
		await leyla.goto('/verein');
		expect(await leyla.locator('main').innerText()).not.toContain('olena@example.org');

		// The team's data-protection export covers association accounts too.
		// The address is posted, never put into a URL (access logs).
		await admin.goto('/admin/personen');
		await admin.getByLabel('E-Mail-Adresse').fill('leyla@example.org');
		await admin.getByRole('button', { name: 'Suchen' }).click();
		expect(admin.url()).not.toContain('leyla');
		expect(await admin.locator('main').innerText()).toContain(`Vereinsbereich: ${A} (Vereins-Admin)`);
		const download = admin.waitForEvent('download');
		await admin.getByRole('button', { name: 'Alle Daten als Datei (JSON)' }).click();
		const exported = JSON.parse(await fs.promises.readFile((await (await download).path())!, 'utf8'));
		expect(exported.checkAnswers.length).toBe(2);
		expect(exported.otherMails.length).toBeGreaterThan(0);
		// Her sign-ins and what the audit log holds about her are part of it.
		expect(exported.sessions.length).toBeGreaterThan(0);
		expect(exported.sessions[0]).toHaveProperty('userAgent');
		expect(exported.auditEntries.some((e: { action: string }) => e.action === 'organisation.invitation_accepted')).toBe(true);

		// Signed out, nothing of an association is reachable.
		const { page: anonymous, context: anonymousContext } = await newPage();
		for (const path of ['/verein', '/verein/ergebnis', '/verein/check/structure', '/verein/plan', '/verein/plan.pdf', '/verein/profil', '/verein/beratung', '/verein/beratung/1', '/verein/beratung/buchen/1', '/verein/beratung/warteliste/1']) {
			await anonymous.goto(path);
			expect(new URL(anonymous.url()).pathname, path).toBe('/verein/anmelden');
		}
		await Promise.all([adminContext.close(), leylaContext.close(), olenaContext.close(), anonymousContext.close()]);
		// One long journey through three associations' accounts: more than the default minute on a busy machine.
	}, 240_000);
});
