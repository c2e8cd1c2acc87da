/**
 * The team sets up a consultation offer, the consultant holds a slot and records what came of it.
 * Rooms: the test server's BigBlueButton is the fake of src/lib/server/consultation/fake-bbb.ts
 * (global-setup.ts), which checks every checksum as the real API does; the held slot is a BBB room
 * and the consultant's join address is followed to the fake, which answers as moderator.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DateTime } from 'luxon';
import { axeViolations, newPage, signIn } from './fixtures.ts';
import { mailLinks, mailsTo } from './mail.ts';
import ar from '../../messages/ar.json' with { type: 'json' };
import { joinAsOrgAdmin } from './flows.ts';
import { totpCode } from '../../src/lib/server/testing/totp.ts';

const PASSWORD = 'ein-sicheres-passwort-42';
// An association no other browser test writes to: its plan gets this test's next steps.
const ORG = 'Deutsch-Türkischer Elternverein Köln (fiktiv)';

async function inviteConsultant(admin: Page, email: string, name: string) {
	await admin.goto('/admin/team');
	const form = admin.locator('#einladen form');
	await form.getByLabel('E-Mail-Adresse').fill(email);
	await form.getByLabel('Name').fill(name);
	await form.getByLabel('Rolle').selectOption('consultant');
	await form.getByLabel('Sprache der Einladung').selectOption('de');
	await form.getByRole('button', { name: 'Einladung senden' }).click();
	await admin.waitForURL(/eingeladen/);
}

/** The consultant follows the invitation, sets a password and signs in; ends on /beratung. */
async function consultantSignedIn(email: string) {
	const { page, context } = await newPage({ javaScript: true });
	const link = new URL((await mailLinks(email, '/admin/anmelden/einladung/')).at(-1)!);
	await page.goto(link.pathname);
	await page.locator('#password').fill(PASSWORD);
	await page.locator('#repeat').fill(PASSWORD);
	await page.locator('main form button').click();
	await page.waitForURL(/\/admin\/anmelden\?passwort/);
	await page.locator('#email').fill(email);
	await page.locator('#password').fill(PASSWORD);
	await page.locator('main form button').click();
	await page.waitForURL(/\/beratung$/);
	return { page, context };
}

/** Adds a track by its German title on the offer page. */
async function addTrack(admin: Page, offerPath: string, title: string) {
	await admin.goto(`${offerPath}?neu`);
	await admin.locator('#neu').getByLabel('Titel (Deutsch)').fill(title);
	await admin.getByRole('button', { name: 'Bereich anlegen' }).click();
	await admin.waitForURL(/angelegt/);
}

/** Opens a track's forms, assigns one consultant and creates 10 Wednesdays of slots for them, after the preview. */
async function setUpTrack(admin: Page, offerPath: string, title: string, consultant: string, times: string) {
	await admin.goto(offerPath);
	await admin.getByRole('link', { name: `Regeln, Beratende und Termine von „${title}“ bearbeiten` }).click();
	await admin.getByLabel(consultant, { exact: false }).check();
	await admin.getByRole('button', { name: 'Beratende speichern' }).click();
	await admin.waitForURL(/gespeichert/);
	const series = admin.locator('form[action="?/preview"]');
	await series.getByLabel('Erster Tag').fill('2027-03-03');
	await series.getByLabel('Letzter Tag').fill('2027-05-05');
	await series.getByLabel('Zeiten pro Tag').fill(times);
	await series.getByLabel('Beraterin oder Berater').selectOption({ label: consultant });
	await admin.getByRole('button', { name: 'Vorschau anzeigen' }).click();
	const preview = await admin.locator('main').innerText();
	expect(preview).toContain('Vorschau: 10 Termine');
	expect(preview).toContain('05.05.2027');
	// Nothing is saved by the preview.
	expect(await admin.locator(`section:has(h2:text-is("${title}")) table tbody tr`).count()).toBe(0);
	await admin.getByRole('button', { name: 'Diese 10 Termine anlegen' }).click();
	await admin.waitForURL(/erzeugt=10/);
	expect(await admin.locator(`section:has(h2:text-is("${title}")) table tbody tr`).count()).toBe(10);
}

describe('consultations: the team sets up, the consultant follows up', () => {
	it('two tracks of 10 Wednesdays, a slot booked on behalf, attendance, notes and next steps that reach the plan, figures', async () => {
		const { page: admin, context: adminContext } = await newPage({ javaScript: true });
		await signIn(admin);

		// A new project with a consultation-series item.
		await admin.goto('/admin/projekte/neu');
		await admin.getByLabel('Titel (Deutsch)').fill('Beratungsprojekt 2027 (e2e)');
		await admin.getByLabel('Kurzname in der Adresse').fill('beratung-e2e-2027');
		await admin.getByRole('button', { name: 'Speichern' }).click();
		await admin.waitForURL(/\/admin\/projekte\/\d+\?gespeichert/);
		await admin.getByRole('link', { name: 'Programmpunkt hinzufügen' }).click();
		await admin.getByLabel('Titel (Deutsch)').fill('Online-Beratung e2e');
		await admin.getByLabel('Format').selectOption('online');
		await admin.getByLabel('Art').selectOption('consultation_series');
		await admin.getByRole('button', { name: 'Speichern' }).click();
		await admin.waitForURL(/\/admin\/programmpunkte\/\d+\?gespeichert/);

		await inviteConsultant(admin, 'berater-eins@example.org', 'Berater Eins (e2e)');
		await inviteConsultant(admin, 'beraterin-zwei@example.org', 'Beraterin Zwei (e2e)');
		const one = await consultantSignedIn('berater-eins@example.org');
		const two = await consultantSignedIn('beraterin-zwei@example.org');

		// The offer from the list; the navigation has the Beratung group.
		await admin.goto('/admin');
		await admin.getByRole('link', { name: 'Beratungsangebote' }).click();
		await admin.locator('tr', { hasText: 'Online-Beratung e2e' }).getByRole('button', { name: 'Beratungsangebot anlegen' }).click();
		await admin.waitForURL(/\/admin\/beratung\/\d+\?angelegt/);
		const offerPath = new URL(admin.url()).pathname;

		// A track without a German title is refused next to the field.
		await admin.getByRole('button', { name: 'Bereich anlegen' }).click();
		expect(await admin.locator('#field-title-de').innerText()).toContain('Bitte ausfüllen.');
		await addTrack(admin, offerPath, 'Organisationsentwicklung');
		await addTrack(admin, offerPath, 'Digitale Infrastruktur');

		// A bad booking rule stands next to its field, the other values kept.
		await admin.getByRole('link', { name: 'Regeln, Beratende und Termine von „Organisationsentwicklung“ bearbeiten' }).click();
		await admin.getByLabel('Offene Buchungen je Verein höchstens').fill('0');
		await admin.getByLabel('Buchung schließt (Stunden vor Beginn)').fill('12');
		await admin.getByRole('button', { name: 'Regeln speichern' }).click();
		expect(await admin.locator('#field-maxOpenBookings').innerText()).toContain('Bitte eine ganze Zahl im angegebenen Bereich angeben.');
		expect(await admin.getByLabel('Buchung schließt (Stunden vor Beginn)').inputValue()).toBe('12');
		await admin.getByLabel('Offene Buchungen je Verein höchstens').fill('2');
		await admin.getByRole('button', { name: 'Regeln speichern' }).click();
		await admin.waitForURL(/gespeichert/);

		await setUpTrack(admin, offerPath, 'Organisationsentwicklung', 'Berater Eins (e2e)', '16:00-18:00');
		await setUpTrack(admin, offerPath, 'Digitale Infrastruktur', 'Beraterin Zwei (e2e)', '18:00-20:00');

		// A single slot running now (Berlin time), for consultant one, so that it can be held in this test.
		const now = DateTime.now().setZone('Europe/Berlin');
		const end = DateTime.min(now.plus({ minutes: 90 }), now.endOf('day'));
		await admin.goto(`${offerPath}?bereich=0`);
		await admin.getByRole('link', { name: 'Regeln, Beratende und Termine von „Organisationsentwicklung“ bearbeiten' }).click();
		await admin.locator('summary', { hasText: 'Einzelnen Termin hinzufügen' }).click();
		const single = admin.locator('form[action="?/slot"]');
		await single.getByLabel('Datum').fill(now.toISODate()!);
		await single.getByLabel('Beginn').fill(now.minus({ minutes: 5 }).toFormat('HH:mm'));
		await single.getByLabel('Ende').fill(end.toFormat('HH:mm'));
		await single.getByLabel('Beraterin oder Berater').selectOption({ label: 'Berater Eins (e2e)' });
		await single.locator('select[name="one-roomProvider"]').selectOption('bbb');
		await single.getByRole('button', { name: 'Termin hinzufügen' }).click();
		await admin.waitForURL(/angelegt/);

		// The team books it on the association's behalf (after a phone call).
		const slotRow = admin.locator('section:has(h2:text-is("Organisationsentwicklung")) table tbody tr').first();
		await slotRow.getByRole('link', { name: 'Für einen Verein buchen' }).click();
		await admin.getByRole('button', { name: 'Buchen und Bestätigung senden' }).click();
		expect(await admin.locator('#field-organisationId').innerText()).toContain('Bitte eine der Möglichkeiten wählen.');
		await admin.locator('select[name="organisationId"]').selectOption({ label: ORG });
		await admin.locator('[name="topic"]').fill('Wie organisieren wir unseren Vorstand digital?');
		await admin.locator('[name="attendees.0.name"]').fill('Rana Haddad');
		await admin.locator('[name="attendees.0.email"]').fill('rana.haddad@example.org');
		await admin.getByRole('button', { name: 'Buchen und Bestätigung senden' }).click();
		await admin.waitForURL(/gespeichert/);
		expect(await admin.locator('main').innerText()).toContain(ORG);
		await admin.goto(offerPath);
		expect(await axeViolations(admin)).toEqual([]);
		await admin.goto(`/ar${offerPath}`);
		expect(await axeViolations(admin)).toEqual([]);

		// Consultant one sees only his own slots.
		await one.page.goto('/beratung');
		const list = await one.page.locator('#termine-title + *').innerText();
		expect(list).toContain('Organisationsentwicklung');
		expect(list).not.toContain('Digitale Infrastruktur');
		await one.page.getByRole('link', { name: ORG }).click();
		await one.page.waitForURL(/\/beratung\/buchung\/\d+$/);
		const bookingPath = new URL(one.page.url()).pathname;
		const main = await one.page.locator('main').innerText();
		expect(main).toContain('Wie organisieren wir unseren Vorstand digital?');
		expect(main).toContain('Köln');

		// The room is open now: entering creates the BigBlueButton meeting (the tests' fake BBB checks every
		// checksum) and gives the signed join address as a link; the consultant joins as moderator.
		await one.page.locator('#raum').getByRole('button', { name: 'Raum betreten' }).click();
		const joinUrl = (await one.page.locator('#ergebnis').getByRole('link', { name: 'Videoraum öffnen' }).getAttribute('href'))!;
		expect(joinUrl.startsWith(`${inject('bbbUrl')}api/join?`)).toBe(true);
		expect(joinUrl).not.toContain('e2e-bbb-shared-secret');
		expect(await (await fetch(joinUrl)).text()).toContain('<returncode>SUCCESS</returncode><role>MODERATOR</role>');

		// Attendance: nothing ticked is refused next to the question.
		await one.page.getByRole('button', { name: 'Anwesenheit speichern' }).click();
		expect(await one.page.locator('#present-error').innerText()).toContain('Bitte kreuzen Sie an');
		await one.page.getByLabel('Rana Haddad (rana.haddad@example.org)').check();
		await one.page.getByRole('button', { name: 'Anwesenheit speichern' }).click();
		await one.page.waitForURL(/gespeichert/);
		expect(await one.page.locator('main > p').nth(1).innerText()).toContain('Gehalten');

		expect(await one.page.locator('#notizen').innerText()).toContain('niemals der Verein');
		await one.page.getByLabel('Notizen', { exact: true }).fill('Vertraulich: der Vorstand ist uneins.');
		await one.page.getByRole('button', { name: 'Notizen speichern' }).click();
		await one.page.waitForURL(/gespeichert/);
		expect(await one.page.getByLabel('Notizen', { exact: true }).inputValue()).toBe('Vertraulich: der Vorstand ist uneins.');

		// Next steps: a step without its text is refused next to that field, the owner typed kept; then two steps.
		await one.page.locator('[name="steps.0.owner"]').fill('Rana Haddad');
		await one.page.getByRole('button', { name: 'Schritte in den Plan übernehmen' }).click();
		expect(await one.page.locator('#field-steps-0-text').innerText()).toContain('Bitte ausfüllen.');
		expect(await one.page.locator('[name="steps.0.owner"]').inputValue()).toBe('Rana Haddad');
		await one.page.locator('[name="steps.0.text"]').fill('Vorstandssitzungen online planen');
		await one.page.locator('[name="steps.0.due"]').fill('2027-06-30');
		await one.page.locator('[name="steps.1.text"]').fill('Gemeinsamen Kalender einrichten');
		await one.page.locator('[name="steps.1.due"]').fill('2027-07-15');
		await one.page.getByRole('button', { name: 'Schritte in den Plan übernehmen' }).click();
		await one.page.waitForURL(/gespeichert/);
		const steps = await one.page.locator('#schritte').innerText();
		expect(steps).toContain('Vorstandssitzungen online planen');
		expect(steps).toContain('Gemeinsamen Kalender einrichten');
		expect(await axeViolations(one.page)).toEqual([]);
		await one.page.goto(`/ar${bookingPath}`);
		expect(await one.page.locator('html').getAttribute('dir')).toBe('rtl');
		expect(await axeViolations(one.page)).toEqual([]);

		// The other consultant gets 404, on the page and on its actions.
		expect((await two.page.goto(bookingPath))?.status()).toBe(404);
		const other = await two.page.request.post(`${bookingPath}?/notes`, { form: { notes: 'x' }, maxRedirects: 0, headers: { origin: new URL(two.page.url()).origin } });
		expect(other.status()).toBe(404);
		await two.page.goto('/beratung');
		expect(await two.page.locator('#termine-title + *').innerText()).not.toContain('Organisationsentwicklung');

		// Two-step sign-in at the consultant's own door (the backoffice's page is 404 for them); the next
		// sign-in stops at the code and goes on to /beratung with it.
		expect((await two.page.goto('/admin/sicherheit'))?.status()).toBe(404);
		await two.page.goto('/beratung');
		await two.page.getByRole('link', { name: 'Zwei-Faktor-Anmeldung' }).click();
		await two.page.getByLabel('Passwort').fill(PASSWORD);
		await two.page.getByRole('button', { name: 'Einrichten' }).click();
		const secret = (await two.page.locator('main code').textContent())!.trim();
		await two.page.getByLabel('Code aus der App').fill(totpCode(secret));
		await two.page.getByRole('button', { name: 'Code bestätigen und einschalten' }).click();
		expect(await two.page.locator('main ul li').count()).toBe(10);
		expect(await axeViolations(two.page)).toEqual([]);
		const { page: again, context: againContext } = await newPage();
		await again.goto('/admin/anmelden');
		await again.locator('#email').fill('beraterin-zwei@example.org');
		await again.locator('#password').fill(PASSWORD);
		await again.locator('main form button').click();
		await again.waitForURL((url) => url.pathname === '/admin/anmelden/code');
		await again.getByLabel('Code aus der App').fill(totpCode(secret));
		await again.getByRole('button', { name: 'Bestätigen', exact: true }).click();
		await again.waitForURL(/\/beratung$/);
		await againContext.close();

		// The calendar feed: a new address after confirmation, readable without a session.
		await one.page.goto('/beratung');
		await one.page.getByRole('link', { name: 'Neue Kalender-Adresse erzeugen' }).click();
		expect(await one.page.locator('#bestaetigen').innerText()).toContain('funktioniert danach nicht mehr');
		await one.page.locator('#bestaetigen').getByRole('button', { name: 'Neue Kalender-Adresse erzeugen' }).click();
		const feedUrl = new URL(await one.page.locator('.feed-url').innerText());
		const { page: anon, context: anonContext } = await newPage();
		const feed = await anon.request.get(feedUrl.pathname);
		expect(feed.status()).toBe(200);
		// iCalendar folds long lines: unfold before reading.
		const ics = (await feed.text()).replace(/\r\n[ \t]/g, '');
		expect(ics).toContain(ORG);
		expect(ics).not.toContain('meet.jit.si');
		await anonContext.close();

		// The association sees the next steps in its plan, never the notes.
		const { page: association, context: associationContext } = await joinAsOrgAdmin(admin, ORG, 'beratung-plan-verein@example.org');
		await association.goto('/verein/plan');
		const plan = await association.locator('main').innerText();
		expect(plan).toContain('Vorstandssitzungen online planen');
		expect(plan).toContain('Gemeinsamen Kalender einrichten');
		expect(plan).not.toContain('Vorstand ist uneins');

		// The team books a Wednesday of the other track on the association's behalf, for a person who
		// reads Arabic, then moves it, gives it to the other consultant and at last cancels the slot:
		// every change reaches the person in her language, under one calendar UID with a rising SEQUENCE.
		const diLink = 'Regeln, Beratende und Termine von „Digitale Infrastruktur“ bearbeiten';
		const diRows = () => admin.locator('section:has(h2:text-is("Digitale Infrastruktur")) table tbody tr');
		await admin.goto(offerPath);
		await admin.getByRole('link', { name: diLink }).click();
		await diRows().first().getByRole('link', { name: 'Für einen Verein buchen' }).click();
		await admin.locator('select[name="organisationId"]').selectOption({ label: ORG });
		await admin.locator('[name="topic"]').fill('Welche Cloud für unsere Mitgliederliste?');
		await admin.locator('select[name="dimensionKey"]').selectOption({ index: 1 });
		await admin.locator('[name="attendees.0.name"]').fill('Layla Darwish');
		await admin.locator('[name="attendees.0.email"]').fill('layla.darwish@example.org');
		await admin.locator('select[name="attendees.0.language"]').selectOption('ar');
		await admin.getByRole('button', { name: 'Buchen und Bestätigung senden' }).click();
		await admin.waitForURL(/gespeichert/);
		const arSubject = (key: keyof typeof ar) => new RegExp(String(ar[key]).split('{')[0].trim());
		/** The mails to `to` whose subject matches, once there are at least `count` of them. */
		const mailsMatching = async (to: string, subject: RegExp, count = 1) => {
			for (let attempt = 0; ; attempt++) {
				const found = (await mailsTo(to, subject)).filter((mail) => subject.test(mail.subject));
				if (found.length >= count || attempt >= 40) return found;
				await new Promise((r) => setTimeout(r, 250));
			}
		};
		const [confirmed] = await mailsMatching('layla.darwish@example.org', arSubject('consultation_mail_confirmed_subject'));
		expect(confirmed.text).toContain('/ar/teilnahme/beratung/');
		const uid = /UID:(\S+)/.exec(confirmed.ics!)![1];
		expect(confirmed.ics).toContain('SEQUENCE:0');
		// Consultant two hears of the new booking in the language of her invitation (German).
		expect(await mailsMatching('beraterin-zwei@example.org', /^Neue Beratung:/)).toHaveLength(1);

		// Move to the next Wednesday.
		const firstRow = diRows().first();
		await firstRow.locator('select[name="toSlotId"]').selectOption({ index: 1 });
		await firstRow.getByRole('button', { name: 'Verschieben' }).click();
		await admin.waitForURL(/gespeichert/);
		expect(await diRows().first().innerText()).not.toContain(ORG);
		const movedRow = diRows().nth(1);
		expect(await movedRow.innerText()).toContain(ORG);
		const [moved] = await mailsMatching('layla.darwish@example.org', arSubject('consultation_mail_changed_subject'));
		expect(moved.ics).toContain(`UID:${uid}`);
		expect(moved.ics).toContain('SEQUENCE:1');

		// Swap the consultant (another of the track's: consultant one joins it first): the booked person
		// hears of it, consultant two is told it is no longer hers.
		await admin.goto(offerPath);
		await admin.getByRole('link', { name: diLink }).click();
		await admin.getByLabel('Berater Eins (e2e)', { exact: false }).check();
		await admin.getByRole('button', { name: 'Beratende speichern' }).click();
		await admin.waitForURL(/gespeichert/);
		await movedRow.locator('select[name="consultantId"]').selectOption({ label: 'Berater Eins (e2e)' });
		await movedRow.getByRole('button', { name: 'Tauschen' }).click();
		await admin.waitForURL(/gespeichert/);
		expect(await diRows().nth(1).innerText()).toContain('Berater Eins (e2e)');
		expect(await mailsMatching('layla.darwish@example.org', arSubject('consultation_mail_changed_subject'), 2)).toHaveLength(2);
		expect(await mailsMatching('beraterin-zwei@example.org', /^Nicht mehr bei Ihnen:/)).toHaveLength(1);

		// Cancel the slot, after a confirmation that says who hears of it.
		await diRows().nth(1).getByRole('link', { name: 'Termin absagen' }).click();
		expect(await admin.locator('#bestaetigen').innerText()).toContain('1 gebuchte Vereine');
		await admin.locator('#bestaetigen').getByRole('button', { name: 'Termin absagen' }).click();
		await admin.waitForURL(/geloescht/);
		expect(await diRows().nth(1).innerText()).toContain('Abgesagt');
		const [cancelled] = await mailsMatching('layla.darwish@example.org', arSubject('consultation_mail_cancelled_subject'));
		expect(cancelled.ics).toContain(`UID:${uid}`);
		expect(cancelled.ics).toContain('METHOD:CANCEL');

		// The team sees the figures.
		await admin.goto('/admin/beratung/zahlen');
		const figures = admin.locator('table', { has: admin.locator('caption', { hasText: /^Organisationsentwicklung$/ }) }).last();
		const total = await figures.locator('tr.total').innerText();
		// 10 Wednesdays + today's slot offered, 1 booked, 1 held, 0 no-shows, 1 association.
		expect(total.replace(/\s+/g, ' ')).toMatch(/Summe 11 1 1 0 1 /);
		expect(await axeViolations(admin)).toEqual([]);

		await Promise.all([adminContext.close(), one.context.close(), two.context.close(), associationContext.close()]);
	}, 180_000);
});
