/**
 * A database outage under the running server (the build): its database is dropped, pages answer
 * 503 with a short page in the visitor's language and Retry-After within a few seconds, /healthz
 * answers 503; once the database is back, the same server answers normally again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { openTestDatabase } from '../../src/lib/server/testing/db.ts';
import { openDatabase, type Database } from '../../src/lib/server/db/client.ts';

if (!process.env.TEST_DATABASE_URL) throw new Error('These tests need TEST_DATABASE_URL (a PostgreSQL server).');

let database: Database;
let server: ChildProcess;
let base = '';
let output = '';

const freePort = () =>
	new Promise<number>((resolve) => {
		const s = net.createServer().listen(0, '127.0.0.1', () => {
			const port = (s.address() as net.AddressInfo).port;
			s.close(() => resolve(port));
		});
	});

async function timedGet(pathname: string) {
	const started = performance.now();
	const res = await fetch(`${base}${pathname}`, { headers: { Accept: 'text/html' } });
	const text = await res.text();
	return { res, text, seconds: (performance.now() - started) / 1000 };
}

beforeAll(async () => {
	database = await openTestDatabase();
	const port = await freePort();
	server = spawn(process.execPath, ['scripts/server.js'], {
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			DATABASE_URL: database.url!,
			DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'bt-outage-')),
			LOAD_DEMO: 'true',
			BETTER_AUTH_SECRET: 'outage-test-secret',
			WORKER_INTERVAL_SECONDS: '3600'
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	server.stdout!.on('data', (d) => (output += d));
	server.stderr!.on('data', (d) => (output += d));
	base = `http://127.0.0.1:${port}`;
	for (let t = 0; t < 240; t++) {
		if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) return;
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`The server did not start:\n${output}`);
});

afterAll(async () => {
	server?.kill('SIGTERM');
	await new Promise((r) => (!server || server.exitCode !== null ? r(null) : server.once('exit', r)));
	await database?.close();
});

describe('database outage', () => {
	it('503 with a plain page in the visitor’s language and Retry-After, within seconds; back to normal once the database is back', async () => {
		expect((await timedGet('/')).res.status).toBe(200);

		const name = new URL(database.url!).pathname.slice(1);
		const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
		try {
			await admin.unsafe(`drop database ${name} with (force)`);

			// A public page already rendered is served from the page cache while the database is away,
			// also once the last version read is too old to trust (the fast path's second) and every
			// read since has failed.
			expect((await timedGet('/')).res.status).toBe(200);
			await new Promise((r) => setTimeout(r, 1500));
			const stale = await timedGet('/');
			expect(stale.res.status).toBe(200);
			expect(stale.text).toContain('Digit-Ready');
			// Anything that needs the database answers 503.
			for (const [pathname, text, lang] of [
				['/projekte/noch-nicht-geladen', 'Die Seite ist gerade nicht erreichbar', 'lang="de" dir="ltr"'],
				['/en/projekte/noch-nicht-geladen', 'This page cannot be reached right now', 'lang="en" dir="ltr"'],
				['/ar/projekte/noch-nicht-geladen', 'لا يمكن الوصول إلى هذه الصفحة الآن', 'lang="ar" dir="rtl"']
			]) {
				const { res, text: html, seconds } = await timedGet(pathname);
				expect(res.status, `${pathname}\n${output}`).toBe(503);
				expect(res.headers.get('retry-after')).toBe('60');
				expect(html).toContain(text);
				expect(html).toContain(lang);
				expect(seconds).toBeLessThan(6);
			}
			const health = await timedGet('/healthz');
			expect(health.res.status).toBe(503);
			expect(health.seconds).toBeLessThan(7);

			// The database is back (restored): the same server answers again, no restart needed.
			await admin.unsafe(`create database ${name}`);
			await (await openDatabase({ url: database.url!, max: 1 })).close();
			let status = 0;
			for (let t = 0; t < 20 && status !== 200; t++) {
				status = (await timedGet('/healthz')).res.status;
				if (status !== 200) await new Promise((r) => setTimeout(r, 250));
			}
			expect(status).toBe(200);
			expect((await timedGet('/')).res.status).toBe(200);
		} finally {
			await admin.end();
		}
	});
});
