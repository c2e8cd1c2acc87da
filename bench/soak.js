// Resident memory over a long load (issue 9: "stable over 10 minutes of load, no growth after the
// first minute"): BENCH_SOAK_SECONDS (default 600) of load over the public paths of bench/pages.js,
// round robin (wrk with a Lua script, 50 connections; bench/load.js path by path without wrk),
// sampling the app's RSS (/proc) and, when it was started with `memoryFile`, its V8 heap and
// external memory (bench/memory-probe.js) every 30 s. Prints RSS per minute, the growth after the
// first minute against its tolerance, and the peak against the goal.
//
// Tolerance for "no growth": ≤ 5 % of the RSS at the end of the first minute. Between samples the
// RSS moves by some MB with the garbage collector's timing alone (V8's young generation and heap
// growing and shrinking between collections, glibc handing pages back); 5 % is 15–17 MB on PGlite
// and ~7 MB on PostgreSQL. A real leak is far above it: at the thousands of requests a second this
// load makes, even 100 bytes kept per request would add hundreds of MB in nine minutes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { ACCEPT, CONNECTIONS, hasWrk, load, memorySamples, pass, printTable, rawGet, rss, sleep } from './lib.js';
import { PATHS } from './pages.js';

export const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS) || 600;
export const GROWTH_TOLERANCE = 0.05;

function wrkRoundRobin(base, paths, seconds) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-soak-'));
	const script = path.join(dir, 'round-robin.lua');
	fs.writeFileSync(
		script,
		`local paths = { ${paths.map((p) => JSON.stringify(p)).join(', ')} }\nlocal i = 0\n` +
			`request = function()\n  i = i % #paths + 1\n  return wrk.format(nil, paths[i])\nend\n`
	);
	return new Promise((resolve) => {
		const child = spawn('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '-H', `Accept-Encoding: ${ACCEPT}`, '-s', script, base + paths[0]], { stdio: ['ignore', 'pipe', 'inherit'] });
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.on('exit', () => {
			fs.rmSync(dir, { recursive: true, force: true });
			const socket = (out.match(/Socket errors:(.*)/)?.[1] ?? '').match(/\d+/g) ?? [];
			resolve({
				requests: Number(out.match(/(\d+) requests in/)?.[1] ?? NaN),
				errors: Number(out.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? 0) + socket.reduce((n, x) => n + Number(x), 0)
			});
		});
	});
}

async function loadRoundRobin(base, paths, seconds) {
	const until = performance.now() + seconds * 1000;
	let requests = 0;
	let errors = 0;
	for (let i = 0; performance.now() < until; i++) {
		const r = await load(base + paths[i % paths.length], Math.max(1, Math.min(5, (until - performance.now()) / 1000)));
		requests += Math.round(r.rps * 5);
		errors += r.errors ?? 0;
	}
	return { requests, errors };
}

/**
 * Soaks `app` (from startApp; started with `memoryFile` for the heap column) and prints the figures.
 * Returns { ok, peak, growth, baseline, final } (MB, growth as a fraction).
 */
export async function measureSoak(app, { label, goal, memoryFile = '', seconds = SOAK_SECONDS }) {
	for (const p of PATHS) await rawGet(app.base, p); // every stored page filled before the clock starts
	const interval = Math.min(30, seconds / 4);
	const baselineAt = Math.min(60, seconds / 2);
	const started = performance.now();
	const running = hasWrk ? wrkRoundRobin(app.base, PATHS, seconds) : loadRoundRobin(app.base, PATHS, seconds);
	let done = false;
	void running.then(() => (done = true));
	const samples = [];
	let peak = 0;
	let next = interval;
	while (!done) {
		await sleep(1000);
		const t = (performance.now() - started) / 1000;
		const now = rss(app.pid);
		peak = Math.max(peak, now);
		if (t >= next && t <= seconds + 1) {
			next += interval;
			const probe = memoryFile ? memorySamples(memoryFile).at(-1) : undefined;
			samples.push({ t, rss: now, heap: probe?.heapUsed, external: probe?.external });
		}
	}
	const { requests, errors } = await running;

	const baseline = samples.find((s) => s.t >= baselineAt) ?? samples[0];
	const final = samples.at(-1);
	const growth = (final.rss - baseline.rss) / baseline.rss;
	console.log(`\n${label}: memory over ${seconds} s of load over the public paths, round robin (${hasWrk ? 'wrk' : 'bench/load.js'}, ${CONNECTIONS} connections): ${requests} requests, ${errors} errors`);
	const rows = samples.map((s) => [`${Math.round(s.t)} s`, s.rss.toFixed(0), s.heap ?? '–', s.external ?? '–']);
	printTable(['at', 'RSS MB', 'V8 heap used MB', 'external MB'], rows);
	const perMinute = [];
	for (let m = 1; m <= Math.ceil(seconds / 60); m++) {
		const inMinute = samples.filter((s) => s.t > (m - 1) * 60 && s.t <= m * 60 + 1);
		if (inMinute.length) perMinute.push(`${m}: ${inMinute.at(-1).rss.toFixed(0)}`);
	}
	console.log(`RSS per minute (MB): ${perMinute.join(', ')}`);
	const growthOk = growth <= GROWTH_TOLERANCE;
	const peakOk = peak <= goal;
	const ok = growthOk && peakOk;
	return {
		ok,
		peak,
		growth,
		baseline: baseline.rss,
		final: final.rss,
		line:
			`${label}: over ${seconds} s of load RSS ${baseline.rss.toFixed(0)} MB at ${Math.round(baseline.t)} s, ${final.rss.toFixed(0)} MB at the end: growth ${(growth * 100).toFixed(1)} % ` +
			`(goal ≈ 0, tolerance ≤ ${GROWTH_TOLERANCE * 100} %) ${pass(growthOk)}; peak ${peak.toFixed(0)} MB (goal ≤ ${goal} MB) ${pass(peakOk)}`
	};
}
