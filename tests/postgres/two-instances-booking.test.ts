/**
 * One association per consultation slot across app instances: two servers on one PostgreSQL
 * database, 200 bookings of one slot for 200 associations posted to both at once through the
 * team's booking form. Exactly one booking; every other request is answered with the sentence that
 * the slot is taken, never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { openTestDatabase } from '../../src/lib/server/testing/db.ts';
import type { Database } from '../../src/lib/server/db/client.ts';
import { consultationBooking } from '../../src/lib/server/db/schema/consultation.ts';
import { organisation } from '../../src/lib/server/db/schema/organisations.ts';
import { makeOffer, makeSlot } from '../../src/lib/server/consultation/test-fixtures.ts';

if (!process.env.TEST_DATABASE_URL) throw new Error('These tests need TEST_DATABASE_URL (a PostgreSQL server).');

const ADMIN = { email: 'team-last@example.org', password: 'zwei-instanzen-passwort' };
let database: Database;
const servers: ChildProcess[] = [];
const bases: string[] = [];
let output = '';
let itemId = 0;
let slotId = 0;
const organisationIds: number[] = [];

const freePort = () =>
	new Promise<number>((resolve) => {
		const s = net.createServer().listen(0, '127.0.0.1', () => {
			const port = (s.address() as net.AddressInfo).port;
			s.close(() => resolve(port));
		});
	});

beforeAll(async () => {
	database = await openTestDatabase();
	for (let i = 0; i < 2; i++) {
		const port = await freePort();
		const child = spawn(process.execPath, ['scripts/server.js'], {
			env: {
				...process.env,
				PORT: String(port),
				HOST: '127.0.0.1',
				DATABASE_URL: database.url!,
				DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'bt-pg-')),
				LOAD_DEMO: 'false',
				ADMIN_EMAIL: ADMIN.email,
				ADMIN_PASSWORD: ADMIN.password,
				BETTER_AUTH_SECRET: 'shared-secret-for-both-instances',
				WORKER_INTERVAL_SECONDS: '3600'
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		child.stdout!.on('data', (d) => (output += d));
		child.stderr!.on('data', (d) => (output += d));
		servers.push(child);
		bases.push(`http://127.0.0.1:${port}`);
		// One after the other: the second finds the first admin made by the first.
		for (let t = 0; t < 240; t++) {
			if (await fetch(`${bases[i]}/healthz`).then((r) => r.ok, () => false)) break;
			await new Promise((r) => setTimeout(r, 250));
		}
		if (!(await fetch(`${bases[i]}/healthz`).then((r) => r.ok, () => false))) throw new Error(`An instance did not start:\n${output}`);
	}
	// After the start: the first instance made the team's admin in the empty database.
	const now = new Date();
	const offer = await makeOffer(database.db, now);
	itemId = offer.itemId;
	slotId = (await makeSlot(database.db, now, offer.track.id, offer.consultant.id, 24 * 7)).id;
	const rows = await database.db
		.insert(organisation)
		.values(Array.from({ length: 200 }, (_, i) => ({ name: `Lastverein ${i} e.V.`, confirmed: true })))
		.returning({ id: organisation.id });
	organisationIds.push(...rows.map((r) => r.id));
});

afterAll(async () => {
	for (const s of servers) s.kill('SIGTERM');
	await Promise.all(servers.map((s) => new Promise((r) => (s.exitCode !== null ? r(null) : s.once('exit', r)))));
	await database?.close();
});

/** Signs the team in on one instance; the session (in the shared database) is valid on both. */
async function staffCookie(base: string): Promise<string> {
	const res = await fetch(`${base}/admin/anmelden`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base, Accept: 'text/html' },
		body: new URLSearchParams(ADMIN)
	});
	const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
	if (res.status !== 303 || !cookies.length) throw new Error(`sign-in failed: ${res.status}\n${await res.text()}`);
	return cookies.join('; ');
}

describe('two app instances on one PostgreSQL database', () => {
	it('200 parallel bookings of one slot for 200 associations: exactly one booking, every request answered', async () => {
		const cookie = await staffCookie(bases[0]);
		const responses = await Promise.all(
			organisationIds.map(async (organisationId, i) => {
				const base = bases[i % 2];
				const body = new URLSearchParams({
					slotId: String(slotId),
					organisationId: String(organisationId),
					topic: 'Mitgliederverwaltung',
					language: 'de',
					needs: '',
					'attendees.0.name': `Person ${i}`,
					'attendees.0.email': `person${i}@example.org`
				});
				const res = await fetch(`${base}/admin/beratung/${itemId}?buchen=${slotId}&/book`, {
					method: 'POST',
					redirect: 'manual',
					headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base, Cookie: cookie, Accept: 'text/html' },
					body
				});
				return { status: res.status, html: await res.text() };
			})
		);
		// One booked (the form redirects), 199 refused with the page and its sentence (409 Conflict), none failed.
		expect(responses.filter((r) => r.status >= 500).map((r) => r.status)).toEqual([]);
		expect(responses.filter((r) => r.status === 303)).toHaveLength(1);
		const refused = responses.filter((r) => r.status === 409);
		expect(refused).toHaveLength(199);
		expect(refused.every((r) => r.html.includes('Dieser Termin ist gerade vergeben worden.'))).toBe(true);
		const bookings = await database.db.select().from(consultationBooking).where(eq(consultationBooking.slotId, slotId));
		expect(bookings.filter((b) => b.state === 'booked')).toHaveLength(1);
		expect(bookings).toHaveLength(1);
	});
});
