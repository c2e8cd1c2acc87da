import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { mailOutbox } from '../db/schema/registration.ts';
import * as programme from '../programme/commands.ts';
import * as reg from './commands.ts';
import { sendDueReminders } from './reminders.ts';

const NOW = new Date('2027-02-01T09:00:00Z');
const actor = { id: 'staff', email: 'team@example.org' };
let database: Database;

beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.close());

describe('reminders', () => {
	it('go out a day and an hour before, once each; online ones carry the link to confirmed people only', async () => {
		const db = database.db;
		const env = (now: Date): reg.Env => ({ db, now, origin: 'http://localhost:3000', secret: 's', holdHours: 48 });
		const p = await programme.createProject(db, actor, { slug: 'rem', phaseName: 'P', fundingProgramme: 'B', funder: 'D', runtimeStart: '2027-01-01', runtimeEnd: '2027-12-31', title: { de: 'P' }, description: {} }, NOW);
		const item = await programme.createItem(db, actor, p.id, { number: 1, kind: 'consultation_series', format: 'online', state: 'scheduled', stateNote: {}, registrationOpen: true, capacity: 1, perSession: false, requiresApproval: false, title: { de: 'Online-Beratung', en: 'Online advice' }, description: {} }, NOW);
		const meeting = await programme.createMeeting(db, actor, item.id, { provider: 'jitsi', joinUrl: 'https://meet.example.org/beratung-raum', meetingCode: '', passcode: '', recurring: true }, NOW);
		// 2027-02-03 16:00 Berlin = 15:00 UTC.
		await programme.createSession(db, actor, item.id, { date: '2027-02-03', startTime: '16:00', endTime: '18:00', city: '', address: '', track: '', meetingId: meeting.id, capacity: null }, NOW);
		const a = await reg.addRegistrationByStaff(env(NOW), actor, { itemId: item.id, sessionId: null, name: 'Ana', email: 'ana@example.org', organisationId: null, organisationName: '', language: 'en', needs: '', photoConsent: false });
		const b = await reg.addRegistrationByStaff(env(NOW), actor, { itemId: item.id, sessionId: null, name: 'Bo', email: 'bo@example.org', organisationId: null, organisationName: '', language: 'de', needs: '', photoConsent: false });
		expect(b.registration.status).toBe('waitlisted');

		const reminders = async () =>
			(await db.select().from(mailOutbox).where(eq(mailOutbox.registrationId, a.registration.id))).filter((mail) => mail.template.startsWith('reminder_'));
		expect(await sendDueReminders(env(new Date('2027-02-02T14:00:00Z')))).toBe(0); // 25 h before
		expect(await sendDueReminders(env(new Date('2027-02-02T15:30:00Z')))).toBe(1); // 23.5 h before
		expect(await sendDueReminders(env(new Date('2027-02-02T16:00:00Z')))).toBe(0); // already sent
		expect(await sendDueReminders(env(new Date('2027-02-03T14:10:00Z')))).toBe(1); // 50 min before
		const sent = await reminders();
		expect(sent.map((mail) => mail.template)).toEqual(['reminder_day', 'reminder_hour']);
		expect(sent[0].subject).toContain('Online advice');
		expect(sent[0].text).toContain('https://meet.example.org/beratung-raum');
		expect(sent[0].ics).toContain('DTSTART;TZID=Europe/Berlin:20270203T160000');
		expect(sent[0].ics).not.toContain('beratung-raum');
		const toWaiting = await db.select().from(mailOutbox).where(eq(mailOutbox.registrationId, b.registration.id));
		expect(toWaiting.some((mail) => mail.text.includes('beratung-raum'))).toBe(false);
	});
});
