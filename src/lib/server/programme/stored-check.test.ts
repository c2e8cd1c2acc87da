import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { projectCheck, session as sessionTable } from '../db/schema/programme.ts';
import * as commands from './commands.ts';
import { labelledCheck } from './backoffice.ts';
import { loadProjectTree } from './tree.ts';
import { currentFindings, isCurrent } from './stored-check.ts';
import { DASHBOARD_FINDINGS, getDashboard } from './dashboard.ts';
import { saveLegalSettings } from '../settings/legal.ts';
import { completeLegal } from '../../settings/legal.ts';

const NOW = new Date('2026-11-28T10:00:00Z');
const actor = { id: 'staff-1', email: 'team@example.org' };
let database: Database;

beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.close());

const projectInput = (slug: string) => ({
	slug,
	phaseName: `Phase ${slug}`,
	fundingProgramme: '',
	funder: '',
	runtimeStart: '2027-01-01',
	runtimeEnd: '2027-06-30',
	title: { de: `Projekt ${slug}` },
	description: { de: 'Beschreibung' }
});
const itemInput = { number: 1, kind: 'workshop' as const, format: 'in_person' as const, state: 'scheduled' as const, stateNote: {}, registrationOpen: false, capacity: null, perSession: false, requiresApproval: false, title: { de: 'Workshop' }, description: { de: 'Text' } };
const sessionInput = { date: '2027-03-27', startTime: '10:00', endTime: '17:00', city: 'Köln', address: '', track: '', meetingId: null, capacity: null };

// jsonb keeps an object's keys in its own order: compare the params key by key.
const key = (f: { code: string; target: { kind: string; id: number; field: string }; params: object; label: string; severity: string }) =>
	`${f.code}:${f.severity}:${f.target.kind}:${f.target.id}:${f.target.field}:${JSON.stringify(Object.entries(f.params).sort())}:${f.label}`;

async function stored(projectId: number) {
	const [row] = await database.db.select().from(projectCheck).where(eq(projectCheck.projectId, projectId));
	return row;
}

/** The stored findings are current at `at` and exactly what a fresh check says. */
async function expectStoredFresh(projectId: number, at = NOW) {
	const row = await stored(projectId);
	expect(isCurrent(row, at)).toBe(true);
	const fresh = labelledCheck((await loadProjectTree(database.db, projectId))!, at);
	expect(row.findings.map(key).sort()).toEqual(fresh.map(key).sort());
	return row.findings.map((f) => f.code);
}

describe('stored publish-check findings', () => {
	it('are stored, current and right after every kind of programme write', async () => {
		const db = database.db;
		const p = await commands.createProject(db, actor, projectInput('gespeichert'), NOW);
		expect(await expectStoredFresh(p.id)).toEqual([]);

		await commands.updateProject(db, actor, p.id, { ...projectInput('gespeichert'), runtimeEnd: null }, NOW);
		expect(await expectStoredFresh(p.id)).toContain('runtime_missing');
		await commands.updateProject(db, actor, p.id, projectInput('gespeichert'), NOW);
		expect(await expectStoredFresh(p.id)).not.toContain('runtime_missing');

		const item = await commands.createItem(db, actor, p.id, itemInput, NOW);
		expect(await expectStoredFresh(p.id)).toContain('item_without_sessions');

		const s = await commands.createSession(db, actor, item.id, { ...sessionInput, city: '' }, NOW);
		const afterSession = await expectStoredFresh(p.id);
		expect(afterSession).toContain('in_person_without_city');
		expect(afterSession).not.toContain('item_without_sessions');

		await commands.updateSession(db, actor, s.id, { ...sessionInput, date: '2027-08-01' }, NOW);
		const moved = await expectStoredFresh(p.id);
		expect(moved).toContain('session_outside_runtime');
		expect(moved).not.toContain('in_person_without_city');

		await commands.updateItem(db, actor, item.id, { ...itemInput, format: 'online' }, NOW);
		expect(await expectStoredFresh(p.id)).toContain('online_session_without_meeting');

		const meeting = await commands.createMeeting(db, actor, item.id, { provider: 'zoom', joinUrl: '', meetingCode: '12', passcode: '', recurring: false }, NOW);
		await commands.updateSession(db, actor, s.id, { ...sessionInput, meetingId: meeting.id }, NOW);
		expect(await expectStoredFresh(p.id)).toContain('meeting_invalid');
		await commands.updateMeeting(db, actor, meeting.id, { provider: 'zoom', joinUrl: '', meetingCode: '123 456 7890', passcode: '', recurring: false }, NOW);
		expect(await expectStoredFresh(p.id)).not.toContain('meeting_invalid');
		await commands.deleteMeeting(db, actor, meeting.id, NOW);
		expect(await expectStoredFresh(p.id)).toContain('online_session_without_meeting');

		await commands.updateItem(db, actor, item.id, itemInput, NOW);
		const rule = { weekday: 3, from: '2027-02-03', to: '2027-02-24', slots: [{ start: '18:00', end: '20:00', track: '' }], excludedDates: [], announcedDates: 5 };
		await commands.applySeries(db, actor, item.id, { rule, meetingId: null, replace: true }, NOW);
		expect(await expectStoredFresh(p.id)).toContain('series_count_mismatch');

		const second = await commands.createItem(db, actor, p.id, { ...itemInput, number: 1 }, NOW);
		expect(await expectStoredFresh(p.id)).toContain('number_duplicate');
		await commands.deleteItem(db, actor, second.id, NOW);
		expect(await expectStoredFresh(p.id)).not.toContain('number_duplicate');

		const sessions = await db.select({ id: sessionTable.id }).from(sessionTable).where(eq(sessionTable.itemId, item.id));
		for (const x of sessions) await commands.deleteSession(db, actor, x.id, NOW);
		expect(await expectStoredFresh(p.id)).toContain('item_without_sessions');

		await commands.setProjectStatus(db, actor, p.id, 'archived', NOW);
		expect(await expectStoredFresh(p.id)).toContain('series_count_mismatch');
		await commands.deleteProject(db, actor, p.id, NOW);
		expect(await stored(p.id)).toBeUndefined();
	});

	it('go stale when the programme is written outside the commands, and are computed again on read', async () => {
		const db = database.db;
		const p = await commands.createProject(db, actor, projectInput('direkt'), NOW);
		const item = await commands.createItem(db, actor, p.id, itemInput, NOW);
		const s = await commands.createSession(db, actor, item.id, sessionInput, NOW);
		expect(await expectStoredFresh(p.id)).toEqual([]);

		// As a data import or the demo loader would: straight into the table.
		await db.update(sessionTable).set({ city: '' }).where(eq(sessionTable.id, s.id));
		expect(isCurrent(await stored(p.id), NOW)).toBe(false);
		const d = await getDashboard(db, NOW);
		expect(d.projects.find((x) => x.id === p.id)!.findings.map((f) => f.code)).toContain('in_person_without_city');
		// …and stored again for the next read.
		expect(await expectStoredFresh(p.id)).toContain('in_person_without_city');

		// A project that has never been stored (loaded before the table existed) is checked on read.
		await db.delete(projectCheck).where(eq(projectCheck.projectId, p.id));
		const again = await currentFindings(db, [p.id], NOW);
		expect(again.get(p.id)!.findings.map((f) => f.code)).toEqual(['in_person_without_city']);
		expect(await expectStoredFresh(p.id)).toEqual(['in_person_without_city']);
	});

	it('stay right as time passes: a meeting ID expiring after its last session is found once it has expired', async () => {
		const db = database.db;
		const p = await commands.createProject(db, actor, projectInput('zeit'), NOW);
		const item = await commands.createItem(db, actor, p.id, { ...itemInput, format: 'online' }, NOW);
		const meeting = await commands.createMeeting(db, actor, item.id, { provider: 'zoom', joinUrl: '', meetingCode: '123 456 7890', passcode: '', recurring: false }, NOW);
		await commands.createSession(db, actor, item.id, { ...sessionInput, city: '', meetingId: meeting.id }, NOW);
		expect(await expectStoredFresh(p.id)).toEqual([]);
		// A one-off Zoom ID expires 30 days after its date (2027-03-27 09:00 UTC).
		const expires = new Date('2027-04-26T09:00:00Z');
		expect((await stored(p.id)).validUntil?.toISOString()).toBe(expires.toISOString());

		const before = new Date(expires.getTime() - 1000);
		expect((await currentFindings(db, [p.id], before)).get(p.id)!.findings).toEqual([]);
		const after = new Date(expires.getTime() + 1000);
		expect(isCurrent(await stored(p.id), after)).toBe(false);
		expect((await currentFindings(db, [p.id], after)).get(p.id)!.findings.map((f) => f.code)).toEqual(['meeting_expired_after_use']);
		expect(await expectStoredFresh(p.id, after)).toEqual(['meeting_expired_after_use']);
		// Asked about an earlier instant than they were computed for, they are computed for that instant.
		expect(isCurrent(await stored(p.id), NOW)).toBe(false);
		expect((await currentFindings(db, [p.id], NOW)).get(p.id)!.findings).toEqual([]);
	});

	it('leave out the legal details of the installation, which the dashboard adds when reading', async () => {
		const db = database.db;
		const p = await commands.createProject(db, actor, projectInput('rechtlich'), NOW);
		expect((await stored(p.id)).findings).toEqual([]);
		const missing = (await getDashboard(db, NOW)).projects.find((x) => x.id === p.id)!;
		expect(missing.findings.map((f) => f.code)).toEqual(['legal_notice_missing']);
		expect(missing.warnings).toBe(1);
		const legal = { operatorName: 'Träger e. V.', operatorAddress: 'Musterstraße 1, 12345 Berlin', email: 'info@traeger.example', supervisoryAuthority: 'LDI NRW' };
		await saveLegalSettings(db, actor, completeLegal(legal), NOW);
		const site = (await getDashboard(db, NOW)).projects.find((x) => x.id === p.id)!;
		expect(site.findings.map((f) => f.code)).not.toContain('legal_notice_missing');
	});

	it('the dashboard lists a project’s first findings, errors first, and counts them all', async () => {
		const db = database.db;
		const p = await commands.createProject(db, actor, projectInput('viele'), NOW);
		for (let n = 0; n < DASHBOARD_FINDINGS + 2; n++) await commands.createItem(db, actor, p.id, { ...itemInput, number: null, title: { de: `Punkt ${n}` } }, NOW);
		const item = await commands.createItem(db, actor, p.id, itemInput, NOW);
		await commands.createSession(db, actor, item.id, { ...sessionInput, city: '' }, NOW);
		const d = (await getDashboard(db, NOW)).projects.find((x) => x.id === p.id)!;
		expect(d.findings).toHaveLength(DASHBOARD_FINDINGS);
		expect(d.findings[0]).toMatchObject({ code: 'in_person_without_city', severity: 'error' });
		// Each kind once before the second of any: twelve missing numbers do not hide the items without sessions.
		expect(d.findings.slice(1, 3).map((f) => f.code).sort()).toEqual(['item_without_sessions', 'number_missing']);
		expect(d.errors).toBe(1);
		expect(d.errors + d.warnings).toBe(d.findings.length + d.moreFindings);
		expect(d.moreFindings).toBeGreaterThan(0);
	});
});
