import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { mailOutbox } from '../db/schema/registration.ts';
import * as commands from './commands.ts';
import * as reg from '../registration/commands.ts';
import { sendDueReminders } from '../registration/reminders.ts';
import { registrationCalendar } from '../registration/participant-calendar.ts';
import { loadProjectTree } from './tree.ts';
import { itemCalendar, projectCalendar } from './calendar.ts';

const NOW = new Date('2027-03-01T09:00:00Z');
const actor = { id: 'staff-1', email: 'team@example.org' };
const EVIL = 'Evil\r\nBEGIN:VEVENT\r\nSUMMARY:injected\nX-INJECTED:1\u2028END:VCALENDAR';
let database: Database;

beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.close());

/** The content lines of an iCalendar text, folded lines joined again (RFC 5545 §3.1). */
function contentLines(ics: string): string[] {
	return ics.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean);
}

/** Every line is one property of the expected shape, and there is one event per session. */
function expectNoInjection(ics: string, events: number) {
	const lines = contentLines(ics);
	for (const line of lines) expect(line).toMatch(/^[A-Z-]+[;:]/);
	expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(events);
	expect(lines.filter((l) => l === 'END:VCALENDAR')).toHaveLength(1);
	expect(lines.some((l) => /^(SUMMARY:injected|X-INJECTED)/.test(l))).toBe(false);
	// The hostile text stays inside one property each.
	expect(lines.filter((l) => l.includes('injected')).every((l) => /^(SUMMARY|NAME|X-WR-CALNAME|LOCATION|DESCRIPTION)[;:]/.test(l))).toBe(true);
	expect(ics).not.toMatch(/[^\r]\n/);
}

describe('iCalendar line injection', () => {
	it('keeps a title, phase name, track and place with line breaks inside one property in every calendar', async () => {
		const db = database.db;
		const p = await commands.createProject(
			db,
			actor,
			{ slug: 'ics-inj', phaseName: EVIL, fundingProgramme: 'B', funder: 'D', runtimeStart: '2027-01-01', runtimeEnd: '2027-06-30', title: { de: EVIL }, description: { de: EVIL } },
			NOW
		);
		const item = await commands.createItem(
			db,
			actor,
			p.id,
			{ number: 1, kind: 'workshop', format: 'in_person', state: 'scheduled', stateNote: {}, registrationOpen: true, capacity: null, perSession: false, requiresApproval: false, title: { de: EVIL }, description: { de: EVIL } },
			NOW
		);
		await commands.createSession(db, actor, item.id, { date: '2027-03-03', startTime: '10:00', endTime: '12:00', city: EVIL, address: EVIL, track: EVIL, meetingId: null, capacity: null }, NOW);
		const tree = (await loadProjectTree(db, p.id))!;

		// Public feed and item file.
		expectNoInjection(projectCalendar(tree, 'de', 'https://example.org'), 1);
		expectNoInjection(itemCalendar(tree, tree.items[0], 'de', 'https://example.org'), 1);

		// A participant's own calendar, the confirmation mail's attachment and the reminder's.
		const env: reg.Env = { db, now: NOW, origin: 'https://example.org', secret: 's', holdHours: 48 };
		const r = await reg.addRegistrationByStaff(env, actor, { itemId: item.id, sessionId: null, name: 'Ayşe', email: 'ayse@example.org', organisationId: null, organisationName: '', language: 'de', needs: '', photoConsent: false });
		expectNoInjection(await registrationCalendar(db, r.registration.id, 'ayse@example.org', 'https://example.org'), 1);
		await sendDueReminders({ ...env, now: new Date('2027-03-02T09:00:00Z') });
		const attachments = (await db.select({ ics: mailOutbox.ics }).from(mailOutbox).where(eq(mailOutbox.registrationId, r.registration.id))).map((m) => m.ics).filter((x) => x !== null);
		expect(attachments.length).toBeGreaterThanOrEqual(2);
		for (const ics of attachments) expectNoInjection(ics, 1);
	});
});
