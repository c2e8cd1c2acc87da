import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createHmac } from 'node:crypto';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { mailOutbox, participantLink } from '../db/schema/registration.ts';
import { programmeItem } from '../db/schema/programme.ts';
import * as programme from '../programme/commands.ts';
import * as reg from './commands.ts';
import { hashToken, LINK_REQUEST_CLIENT_LIMIT, purgeExpiredLinks, resolveParticipantLink, sendParticipantLink } from './links.ts';
import { mailLink } from '../mail/link.ts';
import { sendDueReminders } from './reminders.ts';

const NOW = new Date('2027-02-01T09:00:00Z');
const DAY = 86_400_000;
const ORIGIN = 'http://localhost:3000';
const actor = { id: 'staff', email: 'team@example.org' };
let database: Database;
let counter = 0;

beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.close());

const env = (now = NOW): reg.Env => ({ db: database.db, now, origin: ORIGIN, secret: 'test-secret', holdHours: 48 });

/** An open in-person item with one session on 27 March 2027, 10–17 h, Musterstraße 1, Köln. */
async function openItem(capacity: number | null = null) {
	const db = database.db;
	const p = await programme.createProject(
		db,
		actor,
		{ slug: `links-${++counter}`, phaseName: 'P', fundingProgramme: 'B', funder: 'D', runtimeStart: '2027-01-01', runtimeEnd: '2027-12-31', title: { de: 'P' }, description: {} },
		NOW
	);
	const item = await programme.createItem(
		db,
		actor,
		p.id,
		{ number: 1, kind: 'workshop', format: 'in_person', state: 'scheduled', stateNote: {}, registrationOpen: false, capacity: null, perSession: false, requiresApproval: false, title: { de: 'Werkstatt', ar: 'ورشة' }, description: {} },
		NOW
	);
	await programme.createSession(db, actor, item.id, { date: '2027-03-27', startTime: '10:00', endTime: '17:00', city: 'Köln', address: 'Musterstraße 1', track: '', meetingId: null, capacity: null }, NOW);
	await db.update(programmeItem).set({ registrationOpen: true, capacity }).where(eq(programmeItem.id, item.id));
	return item.id;
}

const person = (itemId: number, email: string, language = 'de'): reg.RegistrationInput => ({
	itemId,
	sessionId: null,
	name: 'Nour',
	email,
	organisationId: null,
	organisationName: 'Verein',
	language,
	needs: '',
	photoConsent: false
});

async function mailsTo(email: string, template?: string) {
	const rows = await database.db.select().from(mailOutbox).where(template ? and(eq(mailOutbox.to, email), eq(mailOutbox.template, template)) : eq(mailOutbox.to, email));
	return rows.sort((a, b) => a.id - b.id);
}

/** The participant-page token in a mail's text, as the person would click it. */
function pageToken(text: string): string {
	return text.match(/\/teilnahme\/([A-Za-z0-9_-]+)/)![1];
}

async function confirmByMail(email: string) {
	const [mail] = (await mailsTo(email, 'confirm')).slice(-1);
	return reg.confirmFromMail(env(), mail.text.match(/\/anmeldung\/bestaetigen\/([A-Za-z0-9_-]+)/)![1]);
}

describe('mail links carry the recipient language', () => {
	it('mailLink puts the locale in the path; German (the base) and unknown languages have no prefix', () => {
		expect(mailLink('https://bt.example.org/', '/teilnahme/abc?x=1', 'uk')).toBe('https://bt.example.org/uk/teilnahme/abc?x=1');
		expect(mailLink('https://bt.example.org', '/anmeldung/bestaetigen/t', 'de')).toBe('https://bt.example.org/anmeldung/bestaetigen/t');
		expect(mailLink('https://bt.example.org', '/zertifikat/c', 'xx')).toBe('https://bt.example.org/zertifikat/c');
	});

	it('an Arabic registration gets /ar/ confirmation and participant links, a German one none', async () => {
		const itemId = await openItem();
		await reg.registerParticipant(env(), person(itemId, 'nour@example.org', 'ar'));
		const [confirm] = await mailsTo('nour@example.org', 'confirm');
		expect(confirm.text).toContain(`${ORIGIN}/ar/anmeldung/bestaetigen/`);
		expect(confirm.text).toContain(`${ORIGIN}/ar/teilnahme/`);
		await confirmByMail('nour@example.org');
		const [confirmed] = await mailsTo('nour@example.org', 'confirmed');
		expect(confirmed.text).toContain(`${ORIGIN}/ar/teilnahme/`);
		expect(confirmed.text).not.toMatch(new RegExp(`${ORIGIN}/(?!ar/)`));
		// The calendar file attached links the item page in Arabic too.
		expect(confirmed.ics?.replace(/\r\n[ \t]/g, '')).toMatch(new RegExp(`URL(;[^:]*)?:${ORIGIN}/ar/projekte/`));

		await reg.registerParticipant(env(), person(itemId, 'dora@example.org', 'de'));
		const [german] = await mailsTo('dora@example.org', 'confirm');
		expect(german.text).toContain(`${ORIGIN}/anmeldung/bestaetigen/`);
		expect(german.text).toContain(`${ORIGIN}/teilnahme/`);
	});

	it('the reminder links to the participant page in the recipient language and names the venue', async () => {
		const itemId = await openItem();
		await reg.addRegistrationByStaff(env(), actor, person(itemId, 'olena@example.org', 'uk'));
		expect(await sendDueReminders(env(new Date('2027-03-26T10:00:00Z')))).toBeGreaterThanOrEqual(1);
		const [reminder] = await mailsTo('olena@example.org', 'reminder_day');
		expect(reminder.text).toContain(`${ORIGIN}/uk/teilnahme/`);
		expect(reminder.text).toContain('Musterstraße 1, Köln');
	});
});

describe('mails say what was booked', () => {
	it('the confirmation mail names date and venue, and says when the person is on the waiting list', async () => {
		const itemId = await openItem(1);
		await reg.registerParticipant(env(), person(itemId, 'first@example.org', 'en'));
		await reg.registerParticipant(env(), person(itemId, 'second@example.org', 'en'));
		const [first] = await mailsTo('first@example.org', 'confirm');
		const [second] = await mailsTo('second@example.org', 'confirm');
		for (const mail of [first, second]) {
			expect(mail.text).toContain('Dates:');
			expect(mail.text).toMatch(/27.*2027.*10:00.*Musterstraße 1, Köln/);
		}
		expect(first.text).not.toContain('waiting list');
		expect(second.text).toContain('once you confirm, you are on the waiting list');
		await confirmByMail('second@example.org');
		const [waitlisted] = await mailsTo('second@example.org', 'waitlisted');
		expect(waitlisted.text).toContain('Musterstraße 1, Köln');
	});
});

describe('participant links', () => {
	it('a link from a mail opens the page until 180 days after the last session, then no more', async () => {
		const itemId = await openItem();
		await reg.addRegistrationByStaff(env(), actor, person(itemId, 'exp@example.org'));
		const [mail] = await mailsTo('exp@example.org', 'confirmed');
		const token = pageToken(mail.text);
		expect(await resolveParticipantLink(database.db, token, NOW)).toBe('exp@example.org');
		// Only the hash is stored.
		expect(await database.db.select().from(participantLink).where(eq(participantLink.tokenHash, token))).toEqual([]);
		// Session ends 27 March 2027, 17:00 Berlin; 180 days later is 23 September.
		expect(await resolveParticipantLink(database.db, token, new Date('2027-09-22T12:00:00Z'))).toBe('exp@example.org');
		expect(await resolveParticipantLink(database.db, token, new Date('2027-09-24T12:00:00Z'))).toBeNull();
		// The maintenance job then deletes it.
		expect(await purgeExpiredLinks(database.db, new Date('2027-09-24T12:00:00Z'))).toBeGreaterThanOrEqual(1);
		expect(await database.db.select().from(participantLink).where(eq(participantLink.tokenHash, hashToken(token)))).toEqual([]);
	});

	it('refuses old signed links (HMAC of the email) and garbage', async () => {
		const email = 'legacy@example.org';
		const old = `${Buffer.from(email).toString('base64url')}.${createHmac('sha256', 'test-secret').update(`participant:${email}`).digest('base64url')}`;
		expect(await resolveParticipantLink(database.db, old, NOW)).toBeNull();
		expect(await resolveParticipantLink(database.db, 'x', NOW)).toBeNull();
		expect(await resolveParticipantLink(database.db, 'a'.repeat(500), NOW)).toBeNull();
	});

	it('a deletion request revokes every link; registering again does not revive them, nor the old confirmation link', async () => {
		const itemId = await openItem();
		const email = 'gone@example.org';
		await reg.registerParticipant(env(), person(itemId, email, 'tr'));
		const [confirmMail] = await mailsTo(email, 'confirm');
		const { pageToken: fromRedirect } = await confirmByMail(email);
		const fromMail = pageToken((await mailsTo(email, 'confirmed'))[0].text);
		expect(await resolveParticipantLink(database.db, fromMail, NOW)).toBe(email);
		expect(await resolveParticipantLink(database.db, fromRedirect, NOW)).toBe(email);

		await reg.deleteParticipantData(env(), email);
		expect(await resolveParticipantLink(database.db, fromMail, NOW)).toBeNull();
		expect(await resolveParticipantLink(database.db, fromRedirect, NOW)).toBeNull();
		const rows = await database.db.select().from(participantLink).where(eq(participantLink.tokenHash, hashToken(fromMail)));
		expect(rows[0]).toMatchObject({ email: '' });
		expect(rows[0].revokedAt).not.toBeNull();

		// The same person registers again: new links work, the old ones stay dead.
		await reg.registerParticipant(env(new Date(NOW.getTime() + DAY)), person(itemId, email, 'tr'));
		const fresh = pageToken((await mailsTo(email, 'confirm')).slice(-1)[0].text);
		expect(await resolveParticipantLink(database.db, fresh, NOW)).toBe(email);
		expect(await resolveParticipantLink(database.db, fromMail, NOW)).toBeNull();
		const oldConfirm = confirmMail.text.match(/\/anmeldung\/bestaetigen\/([A-Za-z0-9_-]+)/)![1];
		await expect(reg.confirmFromMail(env(), oldConfirm)).rejects.toMatchObject({ code: 'confirm_invalid' });
	});

	it('anonymising one project (retention) keeps the links of someone still registered elsewhere', async () => {
		const { anonymiseRegistrations } = await import('./privacy.ts');
		const a = await openItem();
		const b = await openItem();
		const email = 'both@example.org';
		const first = await reg.addRegistrationByStaff(env(), actor, person(a, email));
		await reg.addRegistrationByStaff(env(), actor, person(b, email));
		const token = pageToken((await mailsTo(email, 'confirmed'))[0].text);
		await database.db.transaction((tx) => anonymiseRegistrations(tx, [first.registration.id], NOW, 'retention'));
		expect(await resolveParticipantLink(database.db, token, NOW)).toBe(email);
	});

	it('a new link by mail: in the requested language, only to known addresses, the same answer for unknown ones, limited', async () => {
		const itemId = await openItem();
		const email = 'again@example.org';
		await reg.addRegistrationByStaff(env(), actor, person(itemId, email, 'de'));
		expect(await sendParticipantLink(env(), 'nobody@example.org', 'ru', '192.0.2.1')).toBe(0);
		expect(await mailsTo('nobody@example.org')).toEqual([]);

		expect(await sendParticipantLink(env(), ' Again@Example.org ', 'ru', '192.0.2.1')).toBe(0);
		const [mail] = await mailsTo(email, 'own_page_link');
		expect(mail.language).toBe('ru');
		expect(mail.text).toContain(`${ORIGIN}/ru/teilnahme/`);
		expect(await resolveParticipantLink(database.db, pageToken(mail.text), NOW)).toBe(email);

		// At most three per address and hour; further requests look the same but send nothing.
		for (let i = 0; i < 4; i++) expect(await sendParticipantLink(env(), email, 'ru', `192.0.2.${10 + i}`)).toBe(0);
		expect(await mailsTo(email, 'own_page_link')).toHaveLength(3);
		// One client asking too often is told to wait.
		const waits = [];
		for (let i = 0; i <= LINK_REQUEST_CLIENT_LIMIT.max; i++) waits.push(await sendParticipantLink(env(), `x${i}@example.org`, 'de', '198.51.100.7'));
		expect(waits.slice(0, -1).every((w) => w === 0)).toBe(true);
		expect(waits.at(-1)).toBeGreaterThan(0);
	});
});
