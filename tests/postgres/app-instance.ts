/**
 * The built app as a server of its own on a PostgreSQL database, for the tests in this folder:
 * started on a free port with the given environment, ready once /healthz answers, stopped with
 * SIGTERM. Several started on one database are several instances.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface AppInstance {
	base: string;
	/** Everything the server printed so far. */
	output(): string;
	stop(): Promise<void>;
}

const freePort = () =>
	new Promise<number>((resolve) => {
		const s = net.createServer().listen(0, '127.0.0.1', () => {
			const port = (s.address() as net.AddressInfo).port;
			s.close(() => resolve(port));
		});
	});

export async function startInstance(databaseUrl: string, env: Record<string, string> = {}): Promise<AppInstance> {
	const port = await freePort();
	let output = '';
	const child: ChildProcess = spawn(process.execPath, ['scripts/server.js'], {
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			DATABASE_URL: databaseUrl,
			DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'bt-pg-')),
			WORKER_INTERVAL_SECONDS: '3600',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	const instance: AppInstance = {
		base: `http://127.0.0.1:${port}`,
		output: () => output,
		stop: async () => {
			if (child.exitCode !== null) return;
			child.kill('SIGTERM');
			await new Promise((r) => child.once('exit', r));
		}
	};
	for (let t = 0; t < 240; t++) {
		if (await fetch(`${instance.base}/healthz`).then((r) => r.ok, () => false)) return instance;
		if (child.exitCode !== null) break;
		await new Promise((r) => setTimeout(r, 250));
	}
	await instance.stop();
	throw new Error(`The app did not start:\n${output}`);
}
