import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { mailOutbox } from '../db/schema/registration.ts';
import { programmeItem } from '../db/schema/programme.ts';
import * as programme from '../programme/commands.ts';
import * as reg from './commands.ts';
import { markAttendance } from './attendance.ts';
import { participantPage } from './participant-page.ts';

const NOW = new Date('2027-02-01T09:00:00Z');
const actor = { id: 'staff', email: 'team@example.org' };
let database: Database;
let counter = 0;

beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.close());

const env = (now = NOW): reg.Env => ({ db: database.db, now, origin: 'http://localhost:3000', secret: 'test-secret', holdHours: 48 });

async function openItem(capacity: number) {
	const db = database.db;
	const p = await programme.createProject(
		db,
		actor,
		{ slug: `teilnahme-${++counter}`, phaseName: 'P', fundingProgramme: 'B', funder: 'D', runtimeStart: '2027-01-01', runtimeEnd: '2027-12-31', title: { de: 'P' }, description: {} },
		NOW
	);
	const item = await programme.createItem(
		db,
		actor,
		p.id,
		{ number: 1, kind: 'workshop', format: 'in_person', state: 'scheduled', stateNote: {}, registrationOpen: false, capacity: null, perSession: false, requiresApproval: false, title: { de: 'Workshop' }, description: {} },
		NOW
	);
	const s = await programme.createSession(db, actor, item.id, { date: '2027-03-27', startTime: '10:00', endTime: '17:00', city: 'Köln', address: 'Domplatz 1', track: '', meetingId: null, capacity: null }, NOW);
	await db.update(programmeItem).set({ registrationOpen: true, capacity }).where(eq(programmeItem.id, item.id));
	return { itemId: item.id, sessionId: s.id };
}

const email = (n: number) => `teilnahme${n}-${counter}@example.org`;
async function register(itemId: number, n: number) {
	return (
		await reg.registerParticipant(env(), {
			itemId,
			sessionId: null,
			name: `Person ${n}`,
			email: email(n),
			organisationId: null,
			organisationName: 'Verein',
			language: 'de',
			needs: '',
			photoConsent: false
		})
	).registration;
}
async function confirm(address: string) {
	const mails = await database.db.select().from(mailOutbox).where(and(eq(mailOutbox.to, address), eq(mailOutbox.template, 'confirm')));
	const token = mails[mails.length - 1].text.match(/\/anmeldung\/bestaetigen\/([A-Za-z0-9_-]+)/)![1];
	return reg.confirmRegistration(env(), token);
}
const own = async (n: number, now = NOW) => (await participantPage(database.db, email(n), now, 0.75))[0];

describe('participant page: what happens next', () => {
	it('an unconfirmed registration says until when it holds; the waiting list says the position among those who confirmed', async () => {
		const { itemId } = await openItem(1);
		await register(itemId, 1);
		const held = await own(1);
		expect(held.status).toBe('held');
		expect(held.confirmBy!.getTime()).toBe(NOW.getTime() + 48 * 3600_000);
		expect(held.waitlistPosition).toBeNull();
		await register(itemId, 2);
		await register(itemId, 3);
		await register(itemId, 4);
		// Not confirmed yet: no position, only the deadline.
		expect((await own(2)).waitlistPosition).toBeNull();
		expect((await own(2)).confirmBy).not.toBeNull();
		await confirm(email(4));
		await confirm(email(2));
		expect((await own(2)).waitlistPosition).toBe(1);
		expect((await own(2)).confirmBy).toBeNull();
		expect((await own(4)).waitlistPosition).toBe(2);
		// Person 3 registered before person 4: once confirmed, ahead of 4 (the list moves up in order of registration).
		await confirm(email(3));
		expect((await own(3)).waitlistPosition).toBe(2);
		expect((await own(4)).waitlistPosition).toBe(3);
	});

	it('the certificate is ready only after the session, with the attendance share', async () => {
		const { itemId, sessionId } = await openItem(5);
		const r = await register(itemId, 5);
		await confirm(email(5));
		const after = new Date('2027-03-28T09:00:00Z');
		expect((await own(5)).past).toBe(false);
		expect((await own(5, after)).past).toBe(true);
		expect((await own(5, after)).certificateReady).toBe(false);
		await markAttendance(database.db, actor, sessionId, r.id, true, after);
		expect((await own(5)).certificateReady).toBe(false);
		expect((await own(5, after)).certificateReady).toBe(true);
	});
});
