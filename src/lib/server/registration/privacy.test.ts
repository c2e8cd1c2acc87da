import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { mailOutbox, registration } from '../db/schema/registration.ts';
import * as programme from '../programme/commands.ts';
import * as reg from './commands.ts';
import { anonymiseExpired, exportPersonData } from './privacy.ts';

const NOW = new Date('2027-02-01T09:00:00Z');
const actor = { id: 'staff', email: 'team@example.org' };
let database: Database;

beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.close());

describe('data protection', () => {
	it('exports one person, then anonymises everyone once the retention period after the project is over; counts stay', async () => {
		const db = database.db;
		const env: reg.Env = { db, now: NOW, origin: 'http://localhost:3000', secret: 's', holdHours: 48 };
		const p = await programme.createProject(db, actor, { slug: 'ret', phaseName: 'P', fundingProgramme: 'B', funder: 'D', runtimeStart: '2027-01-01', runtimeEnd: '2027-03-31', title: { de: 'P' }, description: {} }, NOW);
		const item = await programme.createItem(db, actor, p.id, { number: 1, kind: 'workshop', format: 'in_person', state: 'scheduled', stateNote: {}, registrationOpen: true, capacity: null, perSession: false, requiresApproval: false, title: { de: 'W' }, description: {} }, NOW);
		await programme.createSession(db, actor, item.id, { date: '2027-03-10', startTime: '10:00', endTime: '12:00', city: 'Köln', address: '', track: '', meetingId: null, capacity: null }, NOW);
		const a = await reg.addRegistrationByStaff(env, actor, { itemId: item.id, sessionId: null, name: 'Ayşe', email: 'ayse@example.org', organisationId: null, organisationName: 'Verein A', language: 'tr', needs: 'Dolmetschen', photoConsent: true });

		const data = await exportPersonData(db, 'AYSE@example.org');
		expect(data.registrations).toHaveLength(1);
		expect(data.registrations[0]).toMatchObject({ name: 'Ayşe', organisation: 'Verein A', needs: 'Dolmetschen', photoConsent: true, status: 'confirmed' });
		expect(data.registrations[0].mails.length).toBeGreaterThan(0);

		// 180 days after 31 March 2027 is 27 September 2027.
		expect(await anonymiseExpired(db, 180, new Date('2027-09-20T10:00:00Z'))).toBe(0);
		expect(await anonymiseExpired(db, 180, new Date('2027-09-30T10:00:00Z'))).toBe(1);
		const [row] = await db.select().from(registration).where(eq(registration.id, a.registration.id));
		expect(row).toMatchObject({ name: '', needs: '', photoConsent: false, status: 'confirmed' });
		expect(row.email).not.toContain('ayse');
		expect(await db.select().from(mailOutbox).where(eq(mailOutbox.registrationId, a.registration.id))).toEqual([]);
		expect((await exportPersonData(db, 'ayse@example.org')).registrations).toEqual([]);
		// Nothing left to do the next time.
		expect(await anonymiseExpired(db, 180, new Date('2027-10-30T10:00:00Z'))).toBe(0);
	});

	it('anonymises exactly the registrations of projects ended long enough ago (runtime end, else last session), each once', async () => {
		const db = database.db;
		const env: reg.Env = { db, now: NOW, origin: 'http://localhost:3000', secret: 's', holdHours: 48 };
		const setUp = async (slug: string, runtime: [string, string] | null, date: string) => {
			const p = await programme.createProject(db, actor, { slug, phaseName: slug, fundingProgramme: '', funder: '', runtimeStart: runtime?.[0] ?? null, runtimeEnd: runtime?.[1] ?? null, title: { de: slug }, description: {} }, NOW);
			const item = await programme.createItem(db, actor, p.id, { number: 1, kind: 'workshop', format: 'in_person', state: 'scheduled', stateNote: {}, registrationOpen: true, capacity: null, perSession: false, requiresApproval: false, title: { de: 'W' }, description: {} }, NOW);
			await programme.createSession(db, actor, item.id, { date, startTime: '10:00', endTime: '12:00', city: 'Köln', address: '', track: '', meetingId: null, capacity: null }, NOW);
			const ids = [];
			for (const n of [1, 2]) ids.push((await reg.addRegistrationByStaff(env, actor, { itemId: item.id, sessionId: null, name: `${slug} ${n}`, email: `${slug}-${n}@example.org`, organisationId: null, organisationName: '', language: 'de', needs: '', photoConsent: false })).registration.id);
			return ids;
		};
		// At 2028-01-10 with 30 days: the cut-off day is 2027-12-11.
		const at = new Date('2028-01-10T10:00:00Z');
		const ended = await setUp('ende-laufzeit', ['2027-01-01', '2027-11-30'], '2027-11-20');
		const lastSession = await setUp('ende-termin', null, '2027-11-25');
		const recent = await setUp('ende-neu', ['2027-01-01', '2027-12-20'], '2027-12-15');
		const noRuntimeRecent = await setUp('termin-neu', null, '2027-12-12');
		// The runtime counts, not a session after it (the publish check flags that one).
		const runtimeWins = await setUp('laufzeit-zaehlt', ['2027-01-01', '2027-12-31'], '2027-10-01');
		const named = async (ids: number[]) => (await db.select({ name: registration.name }).from(registration).where(inArray(registration.id, ids))).map((r) => r.name !== '');

		expect(await anonymiseExpired(db, 30, at)).toBe(4);
		expect(await named(ended)).toEqual([false, false]);
		expect(await named(lastSession)).toEqual([false, false]);
		for (const ids of [recent, noRuntimeRecent, runtimeWins]) expect(await named(ids)).toEqual([true, true]);
		expect(await anonymiseExpired(db, 30, at)).toBe(0);
		// A month later the recent ones are due as well, the others are not read again.
		expect(await anonymiseExpired(db, 30, new Date('2028-02-15T10:00:00Z'))).toBe(6);
		for (const ids of [recent, noRuntimeRecent, runtimeWins]) expect(await named(ids)).toEqual([false, false]);
	});
});
