// Shared pieces of `npm run bench` (bench/run.js): starting the built app, load, memory, PostgreSQL databases.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { nodeFlags, serverEnv } from '../scripts/runtime.js';

export const SECONDS = Number(process.env.BENCH_SECONDS) || 3;
export const ROUNDS = Number(process.env.BENCH_ROUNDS) || 2;
export const CONNECTIONS = 50;
export const ACCEPT = 'br, gzip'; // what browsers send

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const pass = (ok) => (ok ? 'ok' : 'MISSED');
/** Resident memory (VmRSS) of a process, in MB. */
export const rss = (pid) => Number(fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024;
export const hasWrk = spawnSync('wrk', ['--version']).error === undefined;

export const freePort = () =>
	new Promise((resolve) => {
		const s = net.createServer().listen(0, '127.0.0.1', () => {
			const p = s.address().port;
			s.close(() => resolve(p));
		});
	});

function run(cmd, args) {
	return new Promise((resolve) => {
		const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.on('exit', () => resolve(out));
	});
}

const ms = (value, unit) => Number(value) * ({ us: 0.001, ms: 1, s: 1000 }[unit] ?? 1);
/** Requests per second, p50/p99 latency (ms) and errors for `url` at 50 connections: wrk when installed, else bench/load.js. */
export async function load(url, seconds = SECONDS, connections = CONNECTIONS) {
	if (hasWrk) {
		const out = await run('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-H', `Accept-Encoding: ${ACCEPT}`, url]);
		const pct = (p) => {
			const m = out.match(new RegExp(`\\s${p}%\\s+([\\d.]+)(us|ms|s)`));
			return m ? ms(m[1], m[2]) : NaN;
		};
		const socket = (out.match(/Socket errors:(.*)/)?.[1] ?? '').match(/\d+/g) ?? [];
		const errors = Number(out.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? 0) + socket.reduce((n, x) => n + Number(x), 0);
		return { rps: Number(out.match(/Requests\/sec:\s+([\d.]+)/)?.[1] ?? NaN), p50: pct(50), p99: pct(99), errors };
	}
	return JSON.parse(await run(process.execPath, ['bench/load.js', url, String(connections), String(seconds), `accept-encoding: ${ACCEPT}`]));
}

/** One GET with node:http, body kept encoded (fetch would decode it): what a browser is sent. */
export const rawGet = (base, p, headers = { 'accept-encoding': ACCEPT }) =>
	new Promise((resolve, reject) => {
		const u = new URL(base);
		http
			.get({ host: u.hostname, port: u.port, path: p, headers }, (r) => {
				const chunks = [];
				r.on('data', (c) => chunks.push(c));
				r.on('end', () => resolve({ status: r.statusCode, headers: r.headers, body: Buffer.concat(chunks) }));
			})
			.on('error', reject);
	});

/**
 * Starts the built app (scripts/server.js) and waits for /healthz. `databaseUrl`: PostgreSQL, else
 * PGlite in a fresh data directory. `memoryFile`: the app samples its own process.memoryUsage()
 * into that file (bench/memory-probe.js; read with `memorySamples`). `nodeArgs`: extra Node.js
 * flags. Returns { base, pid, startup (s), stop() }.
 */
export async function startApp({ databaseUrl = '', dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-bench-')), env = {}, memoryFile = '', nodeArgs = [] } = {}) {
	const port = await freePort();
	const startedAt = performance.now();
	const probe = memoryFile ? ['--import', new URL('./memory-probe.js', import.meta.url).href] : [];
	if (memoryFile) env = { BENCH_MEMORY_FILE: memoryFile, BENCH_MEMORY_MS: '5000', ...env };
	// Started as `npm start` starts it (scripts/runtime.js: V8 and malloc settings).
	const child = spawn(process.execPath, [...nodeFlags(), ...nodeArgs, ...probe, 'scripts/server.js'], {
		// TRUST_PROXY: the registration burst comes from 1,000 addresses (X-Forwarded-For), as it would.
		env: { ...serverEnv(), PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: databaseUrl, SMTP_URL: '', TRUST_PROXY: '1', REGISTRATION_RATE_LIMIT: '100000', ...env },
		stdio: ['ignore', 'ignore', 'inherit']
	});
	const base = `http://127.0.0.1:${port}`;
	let startup = NaN;
	for (let i = 0; i < 1200; i++) {
		if (child.exitCode !== null) break;
		try {
			if ((await fetch(`${base}/healthz`)).ok) {
				startup = (performance.now() - startedAt) / 1000;
				break;
			}
		} catch {}
		await sleep(25);
	}
	if (Number.isNaN(startup)) throw new Error('the app did not start');
	return {
		base,
		port,
		pid: child.pid,
		startup,
		dataDir,
		stop: async () => {
			if (child.exitCode === null) {
				child.kill('SIGTERM');
				await new Promise((r) => child.once('exit', r));
			}
			if (!databaseUrl) fs.rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

/** The lines bench/memory-probe.js wrote to `file` (oldest first; [] when none yet). */
export const memorySamples = (file) =>
	fs.existsSync(file)
		? fs
				.readFileSync(file, 'utf8')
				.split('\n')
				.filter(Boolean)
				.map((l) => JSON.parse(l))
		: [];

/** The PostgreSQL server the bench may use: BENCH_DATABASE_URL, else TEST_DATABASE_URL; null when neither is set. */
export const postgresServer = () => process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || null;

/** A fresh database on that server, dropped by `drop()`. */
export async function freshPostgresDatabase(serverUrl) {
	const { default: postgres } = await import('postgres');
	const name = `bench_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
	const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		drop: async () => {
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end();
		}
	};
}

/** Prints rows as a table with right-aligned figures. */
export function printTable(header, rows) {
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
	for (const r of [header, ...rows]) console.log(r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  '));
}
