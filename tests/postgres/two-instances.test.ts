/**
 * No overbooking across app instances: two servers on one PostgreSQL database, 200 registrations
 * posted to them at once through the public form, at capacity 5.
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
import { programmeItem } from '../../src/lib/server/db/schema/programme.ts';
import { registration } from '../../src/lib/server/db/schema/registration.ts';
import * as programme from '../../src/lib/server/programme/commands.ts';

if (!process.env.TEST_DATABASE_URL) throw new Error('These tests need TEST_DATABASE_URL (a PostgreSQL server).');

const actor = { id: 'staff', email: 'team@example.org' };
let database: Database;
const servers: ChildProcess[] = [];
const bases: string[] = [];
let itemUrl = '';
let itemId = 0;
let output = '';

const freePort = () =>
	new Promise<number>((resolve) => {
		const s = net.createServer().listen(0, '127.0.0.1', () => {
			const port = (s.address() as net.AddressInfo).port;
			s.close(() => resolve(port));
		});
	});

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
				BETTER_AUTH_SECRET: 'shared-secret-for-both-instances',
				REGISTRATION_RATE_LIMIT: '100000',
				// 200 people on 200 connections of their own: behind one proxy, each with its address (one client may hold only a few places unconfirmed).
				TRUST_PROXY: '1',
				WORKER_INTERVAL_SECONDS: '3600'
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		child.stdout!.on('data', (d) => (output += d));
		child.stderr!.on('data', (d) => (output += d));
		servers.push(child);
		bases.push(`http://127.0.0.1:${port}`);
	}
	for (const base of bases) {
		for (let t = 0; t < 240; t++) {
			try {
				if ((await fetch(`${base}/healthz`)).ok) break;
			} catch {
				// starting
			}
			await new Promise((r) => setTimeout(r, 250));
		}
		if (!(await fetch(`${base}/healthz`).then((r) => r.ok, () => false))) throw new Error(`An instance did not start:\n${output}`);
	}
});

afterAll(async () => {
	for (const s of servers) s.kill('SIGTERM');
	await Promise.all(servers.map((s) => new Promise((r) => (s.exitCode !== null ? r(null) : s.once('exit', r)))));
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
				return { status: res.status, html: await res.text() };
			})
		);
		expect(responses.filter((r) => r.status !== 200).map((r) => r.status)).toEqual([]);
		expect(responses.every((r) => r.html.includes('Fast geschafft'))).toBe(true);
		expect(responses.filter((r) => r.html.includes('Nach der Bestätigung stehen Sie auf der Warteliste.')).length).toBe(195);
		const rows = await database.db.select().from(registration).where(eq(registration.itemId, itemId));
		expect(rows.filter((r) => ['held', 'confirmed', 'awaiting_approval'].includes(r.status))).toHaveLength(5);
		expect(rows.filter((r) => r.status === 'waitlisted')).toHaveLength(195);
		const [item] = await database.db.select().from(programmeItem).where(eq(programmeItem.id, itemId));
		expect(item.capacity).toBe(5);
	});
});
