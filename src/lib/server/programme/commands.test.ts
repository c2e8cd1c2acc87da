import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { auditEntry } from '../db/schema/audit.ts';
import { session as sessionTable } from '../db/schema/programme.ts';
import * as commands from './commands.ts';
import { DomainError } from '../errors.ts';
import { loadProjectTree } from './tree.ts';
import { getPublicProject, getVisibleProjectTree } from './public.ts';
import { itemCalendar, projectCalendar, sessionUid } from './calendar.ts';

const NOW = new Date('2026-11-28T10:00:00Z');
const actor = { id: 'staff-1', email: 'team@example.org' };
let database: Database;

beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.close());

const projectInput = {
	slug: 'digit-ready-iii',
	phaseName: 'Digit-Ready III',
	fundingProgramme: 'Bildungsturbo',
	funder: 'DSEE',
	runtimeStart: '2027-01-01',
	runtimeEnd: '2027-06-30',
	title: { de: 'Digitale Vereinsarbeit' },
	description: { de: 'Beschreibung' }
};

async function setUp(slug: string) {
	const db = database.db;
	const p = await commands.createProject(db, actor, { ...projectInput, slug }, NOW);
	const item = await commands.createItem(
		db,
		actor,
		p.id,
		{ number: 1, kind: 'workshop', format: 'hybrid', state: 'scheduled', stateNote: {}, registrationOpen: false, capacity: null, perSession: false, requiresApproval: false, title: { de: 'Workshop Köln' }, description: { de: 'Mit **Markdown**' } },
		NOW
	);
	const meeting = await commands.createMeeting(
		db,
		actor,
		item.id,
		{ provider: 'jitsi', joinUrl: 'https://meet.example.org/geheimer-raum', meetingCode: '', passcode: 'pw123', recurring: false },
		NOW
	);
	const session = await commands.createSession(
		db,
		actor,
		item.id,
		{ date: '2027-03-27', startTime: '10:00', endTime: '17:00', city: 'Köln', address: 'Domplatz 1', track: '', meetingId: meeting.id, capacity: null },
		NOW
	);
	return { p, item, meeting, session };
}

describe('programme commands', () => {
	it('write an audit entry for every change, in the same transaction', async () => {
		const { p, session } = await setUp('audit-test');
		const entries = await database.db.select().from(auditEntry).where(eq(auditEntry.actorId, actor.id));
		const actions = entries.map((e) => e.action);
		expect(actions).toEqual(expect.arrayContaining(['project.created', 'item.created', 'meeting.created', 'session.created']));
		expect(entries.find((e) => e.action === 'session.created')!.entityId).toBe(String(session.id));
		expect(entries.every((e) => e.actorId === 'staff-1')).toBe(true);
		expect(p.status).toBe('draft');
	});

	it('refuses a taken slug with a field-level error', async () => {
		await setUp('taken');
		await expect(commands.createProject(database.db, actor, { ...projectInput, slug: 'taken' }, NOW)).rejects.toMatchObject({
			code: 'slug_taken',
			field: 'slug'
		});
	});

	it('publishes a clean project and blocks one with errors', async () => {
		const { p, session } = await setUp('publish-test');
		await commands.setProjectStatus(database.db, actor, p.id, 'published', NOW);
		expect((await loadProjectTree(database.db, p.id))!.status).toBe('published');

		await commands.setProjectStatus(database.db, actor, p.id, 'draft', NOW);
		await commands.updateSession(
			database.db,
			actor,
			session.id,
			{ date: '2024-04-02', startTime: '10:00', endTime: '17:00', city: 'Frankfurt', address: '', track: '', meetingId: null, capacity: null },
			NOW
		);
		const refused = commands.setProjectStatus(database.db, actor, p.id, 'published', NOW);
		await expect(refused).rejects.toBeInstanceOf(DomainError);
		await expect(refused).rejects.toMatchObject({ code: 'publish_blocked' });
		expect((await loadProjectTree(database.db, p.id))!.status).toBe('draft');
	});

	it('refuses a change to a published project that the publish check would have refused, and keeps the rest', async () => {
		const { p, item, meeting, session } = await setUp('published-change');
		await commands.setProjectStatus(database.db, actor, p.id, 'published', NOW);
		const wrongYear = { date: '2024-03-27', startTime: '10:00', endTime: '17:00', city: 'Köln', address: 'Domplatz 1', track: '', meetingId: meeting.id, capacity: null };
		const refused = commands.updateSession(database.db, actor, session.id, wrongYear, NOW);
		await expect(refused).rejects.toBeInstanceOf(commands.ChangeBlocked);
		const error = (await refused.catch((e) => e)) as commands.ChangeBlocked;
		expect(error.findings.map((f) => [f.code, f.target.kind, f.target.id])).toEqual([['session_outside_runtime', 'session', session.id]]);
		expect(error.findings[0].label).toBe('1. Workshop Köln');
		// Nothing changed: the public page still shows the right date.
		const tree = (await loadProjectTree(database.db, p.id))!;
		expect(tree.items[0].sessions[0].startsAt.toISOString()).toBe(session.startsAt.toISOString());
		// A new session outside the runtime, a meeting removed from under an online session: refused alike.
		await expect(commands.createSession(database.db, actor, item.id, wrongYear, NOW)).rejects.toBeInstanceOf(commands.ChangeBlocked);
		await expect(commands.deleteMeeting(database.db, actor, meeting.id, NOW)).rejects.toBeInstanceOf(commands.ChangeBlocked);
		// A correct change goes through, as does any change to a draft.
		await commands.updateSession(database.db, actor, session.id, { ...wrongYear, date: '2027-03-28' }, NOW);
		await commands.setProjectStatus(database.db, actor, p.id, 'draft', NOW);
		await commands.updateSession(database.db, actor, session.id, wrongYear, NOW);
	});

	it('lets unrelated changes through when a published project already has errors (the demo transcribed faithfully)', async () => {
		const { p, item, session } = await setUp('published-with-errors');
		await commands.setProjectStatus(database.db, actor, p.id, 'published', NOW);
		// An error that got in another way (here: written directly, as an old import would).
		await database.db.update(sessionTable).set({ city: '' }).where(eq(sessionTable.id, session.id));
		await commands.updateItem(
			database.db,
			actor,
			item.id,
			{ number: 1, kind: 'workshop', format: 'hybrid', state: 'scheduled', stateNote: {}, registrationOpen: false, capacity: null, perSession: false, requiresApproval: false, title: { de: 'Workshop Köln (neu)' }, description: { de: 'Mit **Markdown**' } },
			NOW
		);
		expect((await loadProjectTree(database.db, p.id))!.items[0].title.de).toBe('Workshop Köln (neu)');
	});

	it('treats a wrong date moved to another wrong date as a new error, and a time change on the wrong date as none', async () => {
		const { p, meeting, session } = await setUp('published-wrong-year');
		await commands.setProjectStatus(database.db, actor, p.id, 'published', NOW);
		// The seed's kind of mistake, there before publishing was checked: a session in 2024.
		await database.db.update(sessionTable).set({ startsAt: new Date('2024-03-27T09:00:00Z'), endsAt: new Date('2024-03-27T16:00:00Z') }).where(eq(sessionTable.id, session.id));
		const values = { date: '2024-03-27', startTime: '11:00', endTime: '17:00', city: 'Köln', address: 'Domplatz 1', track: '', meetingId: meeting.id, capacity: null };
		await commands.updateSession(database.db, actor, session.id, values, NOW);
		await expect(commands.updateSession(database.db, actor, session.id, { ...values, date: '2025-03-27' }, NOW)).rejects.toBeInstanceOf(commands.ChangeBlocked);
	});

	it('raises SEQUENCE on every change and keeps the UID; calendars show Berlin local time', async () => {
		const { p, item, meeting, session } = await setUp('calendar-test');
		await commands.setProjectStatus(database.db, actor, p.id, 'published', NOW);
		const before = await getVisibleProjectTree(database.db, 'calendar-test');
		const ics1 = itemCalendar(before!, before!.items[0], 'de', 'https://example.org');
		expect(ics1).toContain('BEGIN:VTIMEZONE');
		expect(ics1).toContain('TZID:Europe/Berlin');
		// 27 March 2027 is before the change to summer time (28 March): 10:00 local is 09:00 UTC.
		expect(ics1).toMatch(/DTSTART;TZID=Europe\/Berlin:20270327T100000/);
		expect(ics1).toContain(`UID:${sessionUid('calendar-test', session.id)}`);
		const seq1 = Number(ics1.match(/SEQUENCE:(\d+)/)![1]);

		await commands.updateSession(
			database.db,
			actor,
			session.id,
			// The hybrid item's session keeps its meeting: without it the published project would get an error.
			{ date: '2027-03-28', startTime: '11:00', endTime: '16:00', city: 'Köln', address: '', track: '', meetingId: meeting.id, capacity: null },
			NOW
		);
		const after = await getVisibleProjectTree(database.db, 'calendar-test');
		const ics2 = projectCalendar(after!, 'de', 'https://example.org');
		expect(ics2).toMatch(/DTSTART;TZID=Europe\/Berlin:20270328T110000/);
		expect(ics2).toContain(`UID:${sessionUid('calendar-test', session.id)}`);
		expect(Number(ics2.match(/SEQUENCE:(\d+)/)![1])).toBeGreaterThan(seq1);
		expect(after!.items[0].id).toBe(item.id);
	});

	it('never lets a meeting link, ID or passcode reach public pages or feeds', async () => {
		const { p } = await setUp('secret-test');
		await commands.setProjectStatus(database.db, actor, p.id, 'published', NOW);
		const publicProject = await getPublicProject(database.db, 'secret-test', 'de', NOW);
		const tree = await getVisibleProjectTree(database.db, 'secret-test');
		const exposed = JSON.stringify(publicProject) + projectCalendar(tree!, 'de', 'https://example.org');
		expect(exposed).not.toContain('geheimer-raum');
		expect(exposed).not.toContain('pw123');
		expect(publicProject!.items[0].onlineNotice).toBe('after_registration');
		expect(publicProject!.items[0].descriptionHtml).toBe('<p>Mit <strong>Markdown</strong></p>\n');
	});

	it('writes a previewed series and can replace it', async () => {
		const { item } = await setUp('series-test');
		const rule = {
			weekday: 3,
			from: '2027-04-07',
			to: '2027-04-28',
			slots: [{ start: '16:00', end: '18:00', track: 'A' }],
			excludedDates: ['2027-04-14'],
			announcedDates: 3
		};
		expect(await commands.applySeries(database.db, actor, item.id, { rule, meetingId: null, replace: false }, NOW)).toBe(3);
		expect((await loadProjectTree(database.db, item.projectId))!.items[0].sessions).toHaveLength(4);
		await commands.applySeries(database.db, actor, item.id, { rule, meetingId: null, replace: true }, NOW);
		const tree = await loadProjectTree(database.db, item.projectId);
		expect(tree!.items[0].sessions).toHaveLength(3);
		expect(tree!.items[0].series).toEqual(rule);
	});

	it('rejects a meeting of another item', async () => {
		const a = await setUp('meeting-a');
		const b = await setUp('meeting-b');
		await expect(
			commands.createSession(
				database.db,
				actor,
				a.item.id,
				{ date: '2027-03-27', startTime: '10:00', endTime: '12:00', city: 'Köln', address: '', track: '', meetingId: b.meeting.id, capacity: null },
				NOW
			)
		).rejects.toMatchObject({ code: 'meeting_not_in_item', field: 'meetingId' });
	});
});

describe('next steps for associations', () => {
	it('offers upcoming published items tagged with the weak dimensions, nothing else', async () => {
		const { p, item } = await setUp('dimensions-test');
		await commands.updateItem(
			database.db,
			actor,
			item.id,
			{ dimensions: ['it', 'communication'], number: 1, kind: 'workshop', format: 'hybrid', state: 'scheduled', stateNote: {}, registrationOpen: false, capacity: null, perSession: false, requiresApproval: false, title: { de: 'IT für Vereine' }, description: {} },
			NOW
		);
		const { itemsForDimensions } = await import('./public.ts');
		expect(await itemsForDimensions(database.db, ['it'], 'de', NOW)).toEqual([]); // not published yet
		await commands.setProjectStatus(database.db, actor, p.id, 'published', NOW);
		const offers = await itemsForDimensions(database.db, ['it'], 'de', NOW);
		expect(offers.map((o) => [o.title.text, o.projectSlug])).toEqual([['IT für Vereine', 'dimensions-test']]);
		expect(await itemsForDimensions(database.db, ['funding'], 'de', NOW)).toEqual([]);
		expect(await itemsForDimensions(database.db, ['it'], 'de', new Date('2028-01-01T00:00:00Z'))).toEqual([]); // all past
	});
});
