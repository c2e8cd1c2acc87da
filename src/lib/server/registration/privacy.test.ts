import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
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
});
