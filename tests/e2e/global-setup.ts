/**
 * Starts the built app once for the browser tests: a fresh embedded database in a temporary
 * DATA_DIR, a known admin, a free port. The build must exist (scripts/test.js builds first).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startFakeBbb, type FakeBbb } from '../../src/lib/server/consultation/fake-bbb.ts';

export const ADMIN = { email: 'team@example.org', password: 'e2e-passwort-sicher' };

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
		server.on('error', reject);
	});
}

let child: ChildProcess | null = null;
let dataDir = '';
// The app's BigBlueButton is a fake that checks every checksum as the real API does.
const BBB_SECRET = 'e2e-bbb-shared-secret';
let bbb: FakeBbb | null = null;

export async function setup(project: TestProject) {
	if (!fs.existsSync('build/handler.js')) throw new Error('No build: run `npm test` (it builds) or `npm run build` first.');
	const port = await freePort();
	dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-e2e-'));
	bbb = await startFakeBbb(BBB_SECRET);
	child = spawn(process.execPath, ['scripts/server.js'], {
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, DATABASE_URL: '', SMTP_URL: '', WORKER_INTERVAL_SECONDS: '1', BBB_URL: bbb.url, BBB_SECRET },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	const base = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 90_000;
	while (Date.now() < deadline) {
		try {
			const res = await fetch(`${base}/healthz`);
			if (res.ok) break;
		} catch {
			// not listening yet
		}
		if (child.exitCode !== null) throw new Error(`App exited early:\n${output}`);
		await new Promise((r) => setTimeout(r, 250));
	}
	project.provide('baseUrl', base);
	project.provide('adminEmail', ADMIN.email);
	project.provide('adminPassword', ADMIN.password);
	project.provide('dataDir', dataDir);
	project.provide('bbbUrl', bbb.url);
}

export async function teardown() {
	if (child && child.exitCode === null) {
		child.kill('SIGTERM');
		await new Promise((r) => child!.once('exit', r));
	}
	if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
	await bbb?.close();
}

declare module 'vitest' {
	export interface ProvidedContext {
		baseUrl: string;
		adminEmail: string;
		adminPassword: string;
		dataDir: string;
		bbbUrl: string;
	}
}
