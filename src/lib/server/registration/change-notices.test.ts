import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { mailOutbox } from '../db/schema/registration.ts';
import { programmeChange } from '../db/schema/programme.ts';
import * as programme from '../programme/commands.ts';
import * as reg from './commands.ts';
import { announceChanges } from './change-notices.ts';

const NOW = new Date('2027-02-01T09:00:00Z');
const actor = { id: 'staff', email: 'team@example.org' };
let database: Database;
let env: reg.Env;
let itemId = 0;
let sessions: number[] = [];
const ids: Record<string, number> = {};

const itemInput = { number: 1, kind: 'workshop' as const, format: 'in_person' as const, state: 'scheduled' as const, stateNote: {}, registrationOpen: true, capacity: 10, perSession: false, requiresApproval: false, title: { de: 'Zwei Tage Workshop', ar: 'ورشة عمل لمدة يومين' }, description: {} };
const day = (date: string, city = 'Köln') => ({ date, startTime: '10:00', endTime: '17:00', city, address: 'Domplatz 1', track: '', meetingId: null, capacity: null });

async function mailsOf(template: string) {
	return database.db.select().from(mailOutbox).where(eq(mailOutbox.template, template));
}

beforeAll(async () => {
	database = await openTestDatabase();
	const db = database.db;
	env = { db, now: NOW, origin: 'http://localhost:3000', secret: 's', holdHours: 48 };
	const p = await programme.createProject(db, actor, { slug: 'chg', phaseName: 'Digit-Ready III', fundingProgramme: 'B', funder: 'D', runtimeStart: '2027-01-01', runtimeEnd: '2027-12-31', title: { de: 'P' }, description: {} }, NOW);
	const item = await programme.createItem(db, actor, p.id, itemInput, NOW);
	itemId = item.id;
	for (const date of ['2027-03-19', '2027-03-20']) sessions.push((await programme.createSession(db, actor, item.id, day(date), NOW)).id);
	await programme.setProjectStatus(db, actor, p.id, 'published', NOW);
	for (const [name, email, language] of [['Ayşe Yılmaz', 'ayse@example.org', 'tr'], ['محمد الأحمد', 'mohammed@example.org', 'ar'], ['Gone Person', 'gone@example.org', 'de']]) {
		const r = await reg.registerParticipant(env, { itemId: item.id, sessionId: null, name, email, organisationId: null, organisationName: 'Verein', language, needs: '', photoConsent: false });
		const [mail] = await db.select().from(mailOutbox).where(eq(mailOutbox.registrationId, r.registration.id));
		await reg.confirmRegistration(env, mail.text.match(/bestaetigen\/([\w-]+)/)![1]);
		ids[email] = r.registration.id;
	}
	await reg.cancelRegistration(env, ids['gone@example.org'], actor);
});
afterAll(() => database?.close());

describe('changes after publishing reach the registered people', () => {
	it('a moved session mails each active registration in its language with the updated calendar (same UID, higher SEQUENCE), once', async () => {
		const [confirmed] = await database.db.select().from(mailOutbox).where(and(eq(mailOutbox.registrationId, ids['mohammed@example.org']), eq(mailOutbox.template, 'confirmed')));
		const seqBefore = Number(confirmed.ics!.match(/SEQUENCE:(\d+)/)![1]);
		const uid = confirmed.ics!.match(/UID:(\S+)/)![1];

		await programme.updateSession(database.db, actor, sessions[1], day('2027-03-21', 'Bonn'), NOW);
		expect(await announceChanges({ ...env, now: new Date(NOW.getTime() + 60_000) })).toBe(1);
		const mails = await mailsOf('session_changed');
		expect(mails.map((m) => m.to).sort()).toEqual(['ayse@example.org', 'mohammed@example.org']);
		const arabic = mails.find((m) => m.to === 'mohammed@example.org')!;
		expect(arabic.language).toBe('ar');
		expect(arabic.subject).toContain('تغيير');
		expect(arabic.text).toContain('السبت، 20 مارس 2027');
		expect(arabic.text).toContain('الأحد، 21 مارس 2027');
		expect(arabic.text).toContain('Bonn');
		expect(arabic.text).toMatch(/http:\/\/localhost:3000\/ar\/teilnahme\//);
		expect(arabic.ics).toContain(`UID:${uid}`);
		expect(Number(arabic.ics!.match(/SEQUENCE:(\d+)/)![1])).toBeGreaterThan(seqBefore);
		// The team sees it was announced, and to how many; a second run writes nothing.
		const [change] = await database.db.select().from(programmeChange).where(eq(programmeChange.itemId, itemId));
		expect(change).toMatchObject({ kind: 'session_changed', recipients: 2 });
		expect(change.notifiedAt).not.toBeNull();
		expect(await announceChanges(env)).toBe(0);
		expect(await mailsOf('session_changed')).toHaveLength(2);
	});

	it('saving a session unchanged tells nobody', async () => {
		const before = (await database.db.select().from(programmeChange)).length;
		await programme.updateSession(database.db, actor, sessions[1], day('2027-03-21', 'Bonn'), NOW);
		expect(await database.db.select().from(programmeChange)).toHaveLength(before);
	});

	it('a removed session and a cancelled item are announced too', async () => {
		await programme.deleteSession(database.db, actor, sessions[1], NOW);
		await announceChanges(env);
		const removed = await mailsOf('session_cancelled');
		expect(removed).toHaveLength(2);
		expect(removed.find((m) => m.to === 'ayse@example.org')!.text).toContain('Bonn');
		await programme.updateItem(database.db, actor, itemId, { ...itemInput, state: 'cancelled' }, NOW);
		await announceChanges(env);
		const cancelled = await mailsOf('item_cancelled');
		expect(cancelled.map((m) => m.to).sort()).toEqual(['ayse@example.org', 'mohammed@example.org']);
		expect(cancelled.every((m) => m.ics === null)).toBe(true);
	});

	it('refuses to delete a session that people booked on its own (their registrations would vanish)', async () => {
		const db = database.db;
		const p = await programme.createProject(db, actor, { slug: 'chg-per-session', phaseName: 'X', fundingProgramme: 'B', funder: 'D', runtimeStart: '2027-01-01', runtimeEnd: '2027-12-31', title: { de: 'P' }, description: {} }, NOW);
		const item = await programme.createItem(db, actor, p.id, { ...itemInput, perSession: true }, NOW);
		const s = await programme.createSession(db, actor, item.id, day('2027-04-02'), NOW);
		await programme.setProjectStatus(db, actor, p.id, 'published', NOW);
		await reg.registerParticipant(env, { itemId: item.id, sessionId: s.id, name: 'Lea', email: 'lea@example.org', organisationId: null, organisationName: '', language: 'de', needs: '', photoConsent: false });
		await expect(programme.deleteSession(db, actor, s.id, NOW)).rejects.toMatchObject({ code: 'session_has_registrations', params: { count: 1 } });
	});
});
