// Public pages and feeds of one running app against a bare Node.js server sending the same bytes
// (bench/bare.js), in the same run, path by path, alternating, so that the machine's load hits both
// alike: throughput ratio (goal ≥ 0.5), p50/p99 at 50 connections (goal p99 < 50 ms).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { ACCEPT, CONNECTIONS, ROUNDS, SECONDS, freePort, hasWrk, load, median, pass, printTable, rawGet, rss } from './lib.js';

export const PATHS = [
	'/',
	'/archiv',
	'/projekte/digit-ready-ii',
	'/ar/projekte/digit-ready-ii',
	'/projekte/digit-ready-ii/1',
	'/projekte/digit-ready-ii/kalender.ics',
	'/api/v1/projects',
	'/api/v1/projects/digit-ready-ii/items'
];
export const GOAL = { ratio: 0.5, p99: 50 };

/** Measures every path of PATHS on `app` (from startApp). Returns { ok, peakRss, bareRss }. */
export async function measurePages(app, label) {
	const pages = {};
	for (const p of PATHS) {
		await rawGet(app.base, p); // the first render fills the cache; what is served from then on is measured
		const raw = await rawGet(app.base, p);
		if (raw.status !== 200) throw new Error(`${p}: ${raw.status}`);
		const headers = Object.fromEntries(Object.entries(raw.headers).filter(([k]) => !['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(k)));
		pages[p] = { headers, body: raw.body.toString('base64'), bytes: raw.body.length, encoding: raw.headers['content-encoding'] ?? 'none' };
	}
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-bare-'));
	const pagesFile = path.join(dir, 'bare-pages.json');
	fs.writeFileSync(pagesFile, JSON.stringify(pages));
	const barePort = await freePort();
	const bare = spawn(process.execPath, ['bench/bare.js', pagesFile, String(barePort)], { stdio: ['ignore', 'pipe', 'inherit'] });
	await new Promise((r) => bare.stdout.once('data', r));
	const bareBase = `http://127.0.0.1:${barePort}`;

	for (const p of PATHS) {
		await load(app.base + p, 1);
		await load(bareBase + p, 1);
	}
	const results = Object.fromEntries(PATHS.map((p) => [p, { app: [], bare: [] }]));
	let peakRss = 0;
	for (let round = 0; round < ROUNDS; round++) {
		for (const p of PATHS) {
			results[p].app.push(await load(app.base + p));
			peakRss = Math.max(peakRss, rss(app.pid));
			results[p].bare.push(await load(bareBase + p));
		}
	}
	const bareRss = rss(bare.pid);
	bare.kill();
	fs.rmSync(dir, { recursive: true, force: true });

	console.log(`\n${label}: public pages and feeds. Load: ${hasWrk ? 'wrk' : 'bench/load.js (install wrk for figures comparable with issue 9)'}, ${CONNECTIONS} connections, ${SECONDS} s × ${ROUNDS} rounds per path, medians; Accept-Encoding: ${ACCEPT}\n`);
	let ok = true;
	const rows = PATHS.map((p) => {
		const r = results[p];
		const appRps = median(r.app.map((x) => x.rps));
		const bareRps = median(r.bare.map((x) => x.rps));
		const ratio = appRps / bareRps;
		const p99 = median(r.app.map((x) => x.p99));
		const errors = r.app.reduce((n, x) => n + (x.errors ?? 0), 0);
		ok &&= ratio >= GOAL.ratio && p99 < GOAL.p99 && errors === 0;
		return [
			p,
			`${pages[p].bytes} ${pages[p].encoding}`,
			appRps.toFixed(0),
			bareRps.toFixed(0),
			`${ratio.toFixed(2)} ${pass(ratio >= GOAL.ratio)}`,
			median(r.app.map((x) => x.p50)).toFixed(1),
			`${p99.toFixed(1)} ${pass(p99 < GOAL.p99)}`,
			median(r.bare.map((x) => x.p99)).toFixed(1),
			String(errors)
		];
	});
	printTable(['path', 'bytes', 'app rps', 'bare rps', 'ratio (goal ≥ 0.5)', 'app p50 ms', 'app p99 ms (goal < 50)', 'bare p99 ms', 'errors'], rows);
	return { ok, peakRss, bareRss };
}
