import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { organisation } from '../db/schema/organisations.ts';
import { programmeItem } from '../db/schema/programme.ts';
import { registration } from '../db/schema/registration.ts';
import * as commands from './commands.ts';
import { registerParticipant } from '../registration/commands.ts';
import { nextPublicChange, readPublicVersion } from './public-version.ts';

const NOW = new Date('2027-02-01T09:00:00Z');
const actor = { id: 'staff', email: 'team@example.org' };
let database: Database;

beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.close());

async function setUp(slug: string) {
	const db = database.db;
	const p = await commands.createProject(
		db,
		actor,
		{ slug, phaseName: 'P', fundingProgramme: 'B', funder: 'D', runtimeStart: '2027-01-01', runtimeEnd: '2027-12-31', title: { de: 'P' }, description: {} },
		NOW
	);
	const item = await commands.createItem(
		db,
		actor,
		p.id,
		{ number: 1, kind: 'workshop', format: 'in_person', state: 'scheduled', stateNote: {}, registrationOpen: false, capacity: null, perSession: false, requiresApproval: false, title: { de: 'Workshop' }, description: {} },
		NOW
	);
	const s = await commands.createSession(db, actor, item.id, { date: '2027-03-27', startTime: '10:00', endTime: '17:00', city: 'Köln', address: '', track: '', meetingId: null, capacity: null }, NOW);
	return { p, item, s };
}

describe('the public version', () => {
	it('rises at the commit of each programme change, once per transaction, never for a rolled-back one', async () => {
		const db = database.db;
		const before = await readPublicVersion(db);
		const { item, s } = await setUp('pv-1');
		// createProject, createItem, createSession: three transactions.
		expect(await readPublicVersion(db)).toBe(before + 3);
		await commands.updateSession(db, actor, s.id, { date: '2027-03-28', startTime: '10:00', endTime: '17:00', city: 'Bonn', address: '', track: '', meetingId: null, capacity: null }, NOW);
		expect(await readPublicVersion(db)).toBe(before + 4);
		await db
			.transaction(async (tx) => {
				await tx.update(programmeItem).set({ capacity: 3 }).where(eq(programmeItem.id, item.id));
				throw new Error('rolled back');
			})
			.catch(() => {});
		expect(await readPublicVersion(db)).toBe(before + 4);
	});

	it('rises when places are taken or freed and when the form’s organisations change, not for a new address', async () => {
		const db = database.db;
		const { item } = await setUp('pv-2');
		await db.update(programmeItem).set({ registrationOpen: true, capacity: 5 }).where(eq(programmeItem.id, item.id));
		const v0 = await readPublicVersion(db);
		const { registration: r } = await registerParticipant(
			{ db, now: NOW, origin: 'http://localhost:3000', secret: 'test-secret', holdHours: 48 },
			{ itemId: item.id, sessionId: null, name: 'Person', email: 'person@example.org', organisationId: null, organisationName: 'Verein e.V.', language: 'de', needs: '', photoConsent: false }
		);
		const v1 = await readPublicVersion(db);
		expect(v1).toBeGreaterThan(v0);
		await db.update(registration).set({ email: 'other@example.org' }).where(eq(registration.id, r.id));
		expect(await readPublicVersion(db)).toBe(v1);
		await db.update(registration).set({ status: 'cancelled' }).where(eq(registration.id, r.id));
		expect(await readPublicVersion(db)).toBe(v1 + 1);
		const [org] = await db.insert(organisation).values({ name: 'Neuer Verein' }).returning();
		expect(await readPublicVersion(db)).toBe(v1 + 2);
		await db.update(organisation).set({ city: 'Köln' }).where(eq(organisation.id, org.id));
		expect(await readPublicVersion(db)).toBe(v1 + 2);
		await db.update(organisation).set({ confirmed: true }).where(eq(organisation.id, org.id));
		expect(await readPublicVersion(db)).toBe(v1 + 3);
	});
});

describe('the next change by time alone', () => {
	it('is the next session start, the millisecond after it, its end, or midnight in Berlin', async () => {
		const db = database.db;
		await setUp('pv-3'); // sessions on 27/28 March 2027 (pv-1 moved its own), 10:00–17:00 Berlin
		const start = new Date('2027-03-27T09:00:00Z');
		expect((await nextPublicChange(db, new Date('2027-03-27T08:00:00Z'))).toISOString()).toBe(start.toISOString());
		expect((await nextPublicChange(db, start)).getTime()).toBe(start.getTime() + 1);
		expect((await nextPublicChange(db, new Date('2027-03-27T12:00:00Z'))).toISOString()).toBe('2027-03-27T16:00:00.000Z');
		// After the last session: the next midnight in Berlin (summer time from 28 March: UTC+2).
		expect((await nextPublicChange(db, new Date('2027-03-29T10:00:00Z'))).toISOString()).toBe('2027-03-29T22:00:00.000Z');
	});
});

describe('notification', () => {
	it('a listener hears of each committed change (other instances drop their pages at once)', async () => {
		let heard = 0;
		await database.listen('public_version', () => heard++);
		await setUp('pv-4');
		await new Promise((r) => setTimeout(r, 200));
		expect(heard).toBe(3);
	});
});
