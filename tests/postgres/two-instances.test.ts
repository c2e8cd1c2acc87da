/**
 * No overbooking across app instances: two servers on one PostgreSQL database, 200 registrations
 * posted to them at once through the public form, at capacity 5.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startInstance, type AppInstance } from './app-instance.ts';
import { openTestDatabase } from '../../src/lib/server/testing/db.ts';
import type { Database } from '../../src/lib/server/db/client.ts';
import { programmeItem } from '../../src/lib/server/db/schema/programme.ts';
import { registration } from '../../src/lib/server/db/schema/registration.ts';
import * as programme from '../../src/lib/server/programme/commands.ts';

if (!process.env.TEST_DATABASE_URL) throw new Error('These tests need TEST_DATABASE_URL (a PostgreSQL server).');

const actor = { id: 'staff', email: 'team@example.org' };
let database: Database;
const instances: AppInstance[] = [];
const bases: string[] = [];
let itemUrl = '';
let itemId = 0;

beforeAll(async () => {
	database = await openTestDatabase();
	const now = new Date();
	const db = database.db;
	const p = await programme.createProject(db, actor, { slug: 'last', phaseName: 'Last', fundingProgramme: 'B', funder: 'D', runtimeStart: '2099-01-01', runtimeEnd: '2099-12-31', title: { de: 'Lasttest' }, description: {} }, now);
	const item = await programme.createItem(db, actor, p.id, { number: 1, kind: 'workshop', format: 'in_person', state: 'scheduled', stateNote: {}, registrationOpen: true, capacity: 5, perSession: false, requiresApproval: false, title: { de: 'Beliebter Workshop' }, description: {} }, now);
	await programme.createSession(db, actor, item.id, { date: '2099-05-10', startTime: '10:00', endTime: '17:00', city: 'Köln', address: '', track: '', meetingId: null, capacity: null }, now);
	await programme.setProjectStatus(db, actor, p.id, 'published', now);
	itemId = item.id;
	itemUrl = `/projekte/last/${item.id}`;
	const env = {
		LOAD_DEMO: 'false',
		BETTER_AUTH_SECRET: 'shared-secret-for-both-instances',
		REGISTRATION_RATE_LIMIT: '100000',
		// 200 people on 200 connections of their own: behind one proxy, each with its address (one client may hold only a few places unconfirmed).
		TRUST_PROXY: '1'
	};
	instances.push(...(await Promise.all([startInstance(database.url!, env), startInstance(database.url!, env)])));
	bases.push(...instances.map((i) => i.base));
});

afterAll(async () => {
	await Promise.all(instances.map((i) => i.stop()));
	await database?.close();
});

describe('two app instances on one PostgreSQL database', () => {
	it('200 parallel registrations through the form at capacity 5: 5 places, 195 waiting, every request answered', async () => {
		const responses = await Promise.all(
			Array.from({ length: 200 }, async (_, i) => {
				const base = bases[i % 2];
				const body = new URLSearchParams({ name: `Person ${i}`, email: `p${i}@example.org`, organisationName: 'Verein', language: 'de', privacy: 'on' });
				const res = await fetch(`${base}${itemUrl}?/register`, {
					method: 'POST',
					headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base, Accept: 'text/html', 'X-Forwarded-For': `10.1.${Math.floor(i / 200)}.${(i % 200) + 1}` },
					body
				});
				// Answered with a redirect to the result page (no address in its URL), followed by fetch.
				return { status: res.status, html: await res.text(), redirected: res.redirected && /^\/anmeldung\/ergebnis\/[^@?]+$/.test(new URL(res.url).pathname) };
			})
		);
		expect(responses.filter((r) => r.status !== 200).map((r) => r.status)).toEqual([]);
		expect(responses.filter((r) => !r.redirected)).toEqual([]);
		expect(responses.every((r) => r.html.includes('Fast geschafft'))).toBe(true);
		expect(responses.filter((r) => r.html.includes('Nach der Bestätigung stehen Sie auf der Warteliste.')).length).toBe(195);
		const rows = await database.db.select().from(registration).where(eq(registration.itemId, itemId));
		expect(rows.filter((r) => ['held', 'confirmed', 'awaiting_approval'].includes(r.status))).toHaveLength(5);
		expect(rows.filter((r) => r.status === 'waitlisted')).toHaveLength(195);
		const [item] = await database.db.select().from(programmeItem).where(eq(programmeItem.id, itemId));
		expect(item.capacity).toBe(5);
	});
});
