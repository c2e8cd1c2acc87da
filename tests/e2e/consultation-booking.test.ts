/**
 * An association books a consultation on a phone in Arabic, for herself and one member; a second
 * association finds the slot taken and joins the waiting list; when the first cancels, the second
 * gets the offer by mail and accepts. The public item page shows free slots, never who booked.
 */
import { describe, expect, it } from 'vitest';
import ar from '../../messages/ar.json' with { type: 'json' };
import type { Page } from 'playwright-core';
import { axeViolations, htmlErrors, newPage, signIn } from './fixtures.ts';
import { joinAsOrgAdmin } from './flows.ts';
import { mailLinks, mailsTo } from './mail.ts';

const A = 'Syrisch-Deutscher Kulturverein Stuttgart (fiktiv)';
const B = 'Afrikanisches Frauennetzwerk Frankfurt (fiktiv)';
const subject = (text: string) => new RegExp(text.split('{')[0].trim());

describe('consultations: booking, waiting list and the public page', () => {
	it('books in Arabic on a phone, mails a calendar file, hands a freed slot to the waiting association; others get 404', async () => {
		const { page: admin, context: adminContext } = await newPage();
		await signIn(admin);
		const joined = await joinAsOrgAdmin(admin, A, 'amal-beratung@example.org');
		// Her session in a phone of 360 px with JavaScript for axe-core only (the pages have none).
		const { page: amal, context: amalContext } = await newPage({ javaScript: true, phone: true });
		await amalContext.addCookies(await joined.context.cookies());
		await joined.context.close();
		await amal.setViewportSize({ width: 360, height: 780 });
		const clean = async (p: Page) => {
			expect(await axeViolations(p), p.url()).toEqual([]);
			expect(await htmlErrors(await p.content()), p.url()).toEqual([]);
		};

		// Home: the consultation task leads to the page.
		await amal.goto('/ar/verein');
		await amal.getByRole('link', { name: ar.cons_home_task, exact: true }).click();
		await amal.waitForURL(/\/ar\/verein\/beratung$/);
		expect(await amal.locator('html').getAttribute('dir')).toBe('rtl');
		expect(await amal.locator('h1').innerText()).toBe(ar.cons_title);
		await clean(amal);
		// The page fits the phone: nothing wider than the screen.
		expect(await amal.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
		// Bad filter values fall back to all slots.
		const all = await amal.locator('section[aria-labelledby="freie-termine"] .card').count();
		expect(all).toBeGreaterThan(0);
		await amal.goto('/ar/verein/beratung?strang=abc&berater=niemand&ab=2024-02-30');
		expect(await amal.locator('section[aria-labelledby="freie-termine"] .card').count()).toBe(all);

		// Digit-Ready III's series: the first open slot.
		const bookHref = (await amal.locator('section[aria-labelledby="freie-termine"] a[href*="/verein/beratung/buchen/"]').first().getAttribute('href'))!;
		const slotId = bookHref.split('/').at(-1)!;
		await amal.goto(bookHref);
		expect(await amal.locator('html').getAttribute('dir')).toBe('rtl');
		// The weakest area of the check is preselected; the signed-in person is the first attendee.
		expect(await amal.locator('select[name="dimensionKey"]').inputValue()).not.toBe('');
		expect(await amal.locator('input[name="attendees.0.email"]').inputValue()).toBe('amal-beratung@example.org');
		await amal.locator('input[name="attendees.0.name"]').fill('أمل حداد');
		await amal.locator('input[name="attendees.1.name"]').fill('سمير خليل');
		await amal.locator('input[name="attendees.1.email"]').fill('samir-beratung@example');
		// A bad address and no topic: errors beside their fields, nothing typed lost.
		await amal.locator('form.intake button').click();
		await amal.waitForLoadState();
		expect(await amal.locator('#field-topic .error-text').count()).toBe(1);
		expect(await amal.locator('#field-attendees-1-email .error-text').count()).toBe(1);
		expect(await amal.locator('input[name="attendees.1.name"]').inputValue()).toBe('سمير خليل');
		expect(await amal.locator('select[name="language"]').inputValue()).toBe('ar');
		await clean(amal);
		await amal.locator('textarea[name="topic"]').fill('أرشفة رقمية لوثائق الجمعية');
		await amal.locator('input[name="attendees.1.email"]').fill('samir-beratung@example.org');
		await amal.locator('textarea[name="needs"]').fill('ترجمة إلى العربية');
		await amal.locator('form.intake button').click();
		await amal.waitForURL(/\/ar\/verein\/beratung\/\d+\?gebucht/);
		const bookingPath = new URL(amal.url()).pathname.replace(/^\/ar/, '');
		// The result first: the focused notice, the booking with both people.
		expect(new URL(amal.url()).hash).toBe('#ergebnis');
		expect(await amal.locator('#ergebnis').getAttribute('tabindex')).toBe('-1');
		expect(await amal.evaluate(() => !!(document.getElementById('ergebnis')!.compareDocumentPosition(document.querySelector('h1')!) & Node.DOCUMENT_POSITION_FOLLOWING))).toBe(true);
		expect(await amal.locator('#ergebnis').innerText()).toContain(ar.cons_done_booked);
		const main = await amal.locator('main').innerText();
		expect(main).toContain('أمل حداد');
		expect(main).toContain('سمير خليل');
		await clean(amal);
		expect(await amal.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

		// Confirmation mails in Arabic, each with a calendar file.
		for (const to of ['amal-beratung@example.org', 'samir-beratung@example.org']) {
			const mails = await mailsTo(to, subject(ar.consultation_mail_confirmed_subject));
			const confirmed = mails.find((m) => subject(ar.consultation_mail_confirmed_subject).test(m.subject))!;
			expect(confirmed.ics).toContain('BEGIN:VEVENT');
			expect(confirmed.ics).toMatch(/UID:/);
		}

		// A second association: the slot is taken; it joins the waiting list.
		const { page: nia, context: niaContext } = await joinAsOrgAdmin(admin, B, 'nia-beratung@example.org');
		await nia.goto(`/verein/beratung/buchen/${slotId}`);
		expect(await nia.locator('#ergebnis').innerText()).toContain('inzwischen vergeben');
		expect(await nia.locator('form.intake').count()).toBe(0);
		await nia.locator('input[name="contactName"]').fill('Nia Mensah');
		await nia.getByRole('button', { name: 'Auf die Warteliste setzen' }).click();
		await nia.waitForURL(/\/verein\/beratung\?warteliste/);
		expect(await nia.locator('section[aria-labelledby="warteliste"]').innerText()).toContain('steht auf der Warteliste');
		// Nothing of the first association reaches her: the booking page and its actions are 404.
		const origin = { Origin: new URL(nia.url()).origin };
		expect((await nia.request.get(bookingPath)).status()).toBe(404);
		expect((await nia.request.post(`${bookingPath}?/cancel`, { form: { confirm: 'yes' }, headers: origin })).status()).toBe(404);
		expect((await nia.request.post(`${bookingPath}?/join`, { form: {}, headers: origin })).status()).toBe(404);
		expect((await nia.request.get('/verein/beratung/buchen/999999')).status()).toBe(404);
		expect(await nia.locator('main').innerText()).not.toContain('أمل');

		// The first cancels (a confirmation step first); the second gets the offer mail and accepts.
		await amal.goto(`/ar${bookingPath}?absagen#bestaetigen`);
		expect(await amal.locator('#bestaetigen').innerText()).toContain(ar.cons_cancel_title);
		await amal.getByRole('button', { name: ar.cons_cancel_submit }).click();
		await amal.waitForURL(/\/ar\/verein\/beratung\?abgesagt/);
		expect(await amal.locator('#ergebnis').innerText()).toContain(ar.cons_done_cancelled);
		const offerLink = new URL((await mailLinks('nia-beratung@example.org', '/verein/beratung/warteliste/')).at(-1)!);
		const entryPath = offerLink.pathname;
		// Amal cannot see or take Nia's offer.
		expect((await amal.request.get(entryPath)).status()).toBe(404);
		expect((await amal.request.post(`${entryPath}?/leave`, { form: {}, headers: { Origin: new URL(amal.url()).origin } })).status()).toBe(404);
		await nia.goto(entryPath);
		expect(await nia.locator('main').innerText()).toContain('freigehalten bis');
		await nia.locator('textarea[name="topic"]').fill('Datenschutz im Verein');
		await nia.locator('input[name="attendees.0.name"]').fill('Nia Mensah');
		await nia.locator('form.intake button').click();
		await nia.waitForURL(/\/verein\/beratung\/\d+\?gebucht/);
		expect(await nia.locator('#ergebnis').innerText()).toContain('Gebucht');
		// The slot is hers now: Amal sees it no more among the open ones.
		await amal.goto('/ar/verein/beratung');
		expect(await amal.locator(`section[aria-labelledby="freie-termine"] a[href$="/verein/beratung/buchen/${slotId}"]`).count()).toBe(0);

		// Amal books again and moves the booking to another slot of the track (a confirmation step first).
		await amal.locator('section[aria-labelledby="freie-termine"] a[href*="/verein/beratung/buchen/"]').first().click();
		await amal.locator('textarea[name="topic"]').fill('أرشفة رقمية');
		await amal.locator('input[name="attendees.0.name"]').fill('أمل حداد');
		await amal.locator('form.intake button').click();
		await amal.waitForURL(/\/ar\/verein\/beratung\/\d+\?gebucht/);
		const second = new URL(amal.url()).pathname;
		await amal.getByRole('link', { name: ar.cons_move }).click();
		await amal.locator('input[name="slotId"]').first().check();
		await amal.getByRole('button', { name: ar.cons_move_next }).click();
		await amal.waitForURL(/\?nach=\d+/);
		expect(await amal.locator('#bestaetigen').innerText()).toContain(ar.cons_move_confirm_title);
		await clean(amal);
		await amal.getByRole('button', { name: ar.cons_move_submit }).click();
		await amal.waitForURL(/\?verschoben/);
		expect(new URL(amal.url()).pathname).toBe(second);
		expect(await amal.locator('#ergebnis').innerText()).toContain(ar.cons_done_moved);
		const changed = (await mailsTo('amal-beratung@example.org', subject(ar.consultation_mail_changed_subject))).find((m) => subject(ar.consultation_mail_changed_subject).test(m.subject))!;
		expect(changed.ics).toMatch(/SEQUENCE:[1-9]/);
		await amal.goto('/ar/verein/beratung');

		// The public item page: the tracks with free slots, no association, no person.
		const seriesHref = (await amal.locator('section[aria-labelledby="freie-termine"] h3 a').first().getAttribute('href'))!;
		const { page: visitor, context: visitorContext } = await newPage({ phone: true, javaScript: true });
		await visitor.goto(seriesHref.replace(/^\/ar/, ''));
		const section = await visitor.locator('#beratungstermine').locator('..').innerText();
		expect(section).toMatch(/\d+ von \d+ Terminen frei/);
		expect(section).toContain('Als Verein anmelden');
		const text = await visitor.locator('main').innerText();
		for (const secret of [A, B, 'Nia', 'أمل', 'سمير', 'amal-beratung', 'Datenschutz im Verein']) expect(text).not.toContain(secret);
		expect(await visitor.locator('a[href$="/verein/anmelden"]').count()).toBeGreaterThan(0);
		await clean(visitor);
		await Promise.all([adminContext.close(), amalContext.close(), niaContext.close(), visitorContext.close()]);
	}, 240_000);
});
