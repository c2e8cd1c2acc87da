// `npm run bench`: serves the built app on a fresh embedded database and measures its public pages
// against a bare Node.js server sending the same bytes (bench/bare.js), in the same run, path by
// path, alternating, so that the machine's load hits both alike. Prints, with each goal of issue 9:
// throughput as a ratio to the bare server, p50/p99 latency at 50 connections, start-up time on an
// empty data directory, and the app's resident memory (VmRSS) idle and after the load.
// Then a registration burst: BENCH_BURST parallel form posts (one address each) for the demo item
// with the fewest free places: places held, waiting, errors, overbooking, answer times.
// Load comes from wrk when it is installed (as in the issue), else from bench/load.js.
// BENCH_SECONDS (per measurement, default 3), BENCH_ROUNDS (default 2) and BENCH_BURST (default 1000) trade time for precision.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureBuild } from '../scripts/build-stamp.js';

ensureBuild();

const SECONDS = Number(process.env.BENCH_SECONDS) || 3;
const ROUNDS = Number(process.env.BENCH_ROUNDS) || 2;
const CONNECTIONS = 50;
const ACCEPT = 'br, gzip'; // what browsers send
const PATHS = ['/', '/archiv', '/projekte/digit-ready-ii', '/ar/projekte/digit-ready-ii', '/projekte/digit-ready-ii/1', '/projekte/digit-ready-ii/kalender.ics'];
const GOAL = { ratio: 0.5, p99: 50, rss: 350, startup: 5 };

const freePort = () =>
	new Promise((resolve) => {
		const s = net.createServer().listen(0, '127.0.0.1', () => {
			const p = s.address().port;
			s.close(() => resolve(p));
		});
	});
const rss = (pid) => Number(fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const hasWrk = spawnSync('wrk', ['--version']).error === undefined;

function run(cmd, args) {
	return new Promise((resolve) => {
		const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.on('exit', () => resolve(out));
	});
}

const ms = (value, unit) => Number(value) * ({ us: 0.001, ms: 1, s: 1000 }[unit] ?? 1);
/** Requests per second and p50/p99 latency (ms) for `url` at 50 connections. */
async function load(url, seconds = SECONDS) {
	if (hasWrk) {
		const out = await run('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--latency', '-H', `Accept-Encoding: ${ACCEPT}`, url]);
		const pct = (p) => {
			const m = out.match(new RegExp(`\\s${p}%\\s+([\\d.]+)(us|ms|s)`));
			return m ? ms(m[1], m[2]) : NaN;
		};
		const socket = (out.match(/Socket errors:(.*)/)?.[1] ?? '').match(/\d+/g) ?? [];
		const errors = Number(out.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? 0) + socket.reduce((n, x) => n + Number(x), 0);
		return { rps: Number(out.match(/Requests\/sec:\s+([\d.]+)/)?.[1] ?? NaN), p50: pct(50), p99: pct(99), errors };
	}
	return JSON.parse(await run(process.execPath, ['bench/load.js', url, String(CONNECTIONS), String(seconds), `accept-encoding: ${ACCEPT}`]));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// --- the app, on an empty data directory
const port = await freePort();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-bench-'));
const startedAt = performance.now();
const server = spawn(process.execPath, ['scripts/server.js'], {
	// TRUST_PROXY: the registration burst below comes from 1,000 addresses (X-Forwarded-For), as it would.
	env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '', SMTP_URL: '', TRUST_PROXY: '1', REGISTRATION_RATE_LIMIT: '100000' },
	stdio: 'ignore'
});
const base = `http://127.0.0.1:${port}`;
let startup = NaN;
for (let i = 0; i < 600; i++) {
	try {
		if ((await fetch(`${base}/healthz`)).ok) {
			startup = (performance.now() - startedAt) / 1000;
			break;
		}
	} catch {}
	await sleep(50);
}
if (Number.isNaN(startup)) throw new Error('the app did not start');

// The bytes the app sends for each path, as a browser asks for them: the bare server sends these.
const pages = {};
const http = (await import('node:http')).default;
/** One GET with node:http: fetch would decode the body, and the bare server must send the encoded bytes. */
const rawGet = (p) =>
	new Promise((resolve, reject) => {
		http
			.get({ host: '127.0.0.1', port, path: p, headers: { 'accept-encoding': ACCEPT } }, (r) => {
				const chunks = [];
				r.on('data', (c) => chunks.push(c));
				r.on('end', () => resolve({ headers: r.headers, body: Buffer.concat(chunks) }));
			})
			.on('error', reject);
	});
for (const p of PATHS) {
	await rawGet(p); // the first render fills the cache; what is served from then on is measured
	const raw = await rawGet(p);
	const headers = Object.fromEntries(Object.entries(raw.headers).filter(([k]) => !['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(k)));
	pages[p] = { headers, body: raw.body.toString('base64'), bytes: raw.body.length, encoding: raw.headers['content-encoding'] ?? 'none' };
}
// Idle: after the start-up's garbage has been collected (it takes V8 some seconds without load).
await sleep(10_000);
const idleRss = rss(server.pid);

const pagesFile = path.join(dataDir, 'bare-pages.json');
fs.writeFileSync(pagesFile, JSON.stringify(pages));
const barePort = await freePort();
const bare = spawn(process.execPath, ['bench/bare.js', pagesFile, String(barePort)], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((r) => bare.stdout.once('data', r));
const bareBase = `http://127.0.0.1:${barePort}`;

// Warm up both (JIT, sockets), then measure.
for (const p of PATHS) {
	await load(base + p, 1);
	await load(bareBase + p, 1);
}
const results = Object.fromEntries(PATHS.map((p) => [p, { app: [], bare: [] }]));
let peakRss = 0;
for (let round = 0; round < ROUNDS; round++) {
	for (const p of PATHS) {
		const app = await load(base + p);
		peakRss = Math.max(peakRss, rss(server.pid));
		const yardstick = await load(bareBase + p);
		results[p].app.push(app);
		results[p].bare.push(yardstick);
	}
}
const afterRss = rss(server.pid);
const bareRss = rss(bare.pid);
bare.kill();

// --- registration burst: BURST parallel form posts for the demo's workshop with 25 places
const BURST = Number(process.env.BENCH_BURST) || 1000;
const start = await (await fetch(base + '/')).text();
let burstItem = null;
for (const p of new Set([...start.matchAll(/href="(\/projekte\/[a-z0-9-]+\/\d+)"/g)].map((m) => m[1]))) {
	const places = (await (await fetch(base + p)).text()).match(/Noch (\d+) Plätze frei/);
	if (places && (!burstItem || Number(places[1]) < burstItem.places)) burstItem = { path: p, places: Number(places[1]) };
}
let burst = null;
if (burstItem) {
	const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
	const post = (i) =>
		new Promise((resolve) => {
			const body = new URLSearchParams({ name: `Person ${i}`, email: `burst-${i}@example.org`, organisationId: 'other', organisationName: 'Beispielverein e.V.', language: 'de', privacy: 'on' }).toString();
			const started = performance.now();
			const req = http.request(
				{ host: '127.0.0.1', port, path: `${burstItem.path}?/register`, method: 'POST', agent, headers: { accept: 'text/html', origin: base, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), 'x-forwarded-for': `10.${(i >> 8) & 255}.${i & 255}.1` } },
				(res) => {
					const chunks = [];
					res.on('data', (c) => chunks.push(c));
					res.on('end', () => {
						const html = Buffer.concat(chunks).toString();
						const ok = res.statusCode < 400 && /Fast geschafft/.test(html);
						resolve({ ms: performance.now() - started, ok, waitlisted: ok && /Warteliste/.test(html.split('id="ergebnis"')[1]?.slice(0, 600) ?? ''), status: res.statusCode });
					});
				}
			);
			req.on('error', () => resolve({ ms: performance.now() - started, ok: false, waitlisted: false, status: 0 }));
			req.end(body);
		});
	const t0 = performance.now();
	const answers = await Promise.all(Array.from({ length: BURST }, (_, i) => post(i)));
	const total = (performance.now() - t0) / 1000;
	const times = answers.map((a) => a.ms).sort((a, b) => a - b);
	const q = (x) => times[Math.min(times.length - 1, Math.floor(x * times.length))];
	const freeAfter = (await (await fetch(base + burstItem.path)).text()).match(/Noch (\d+) Plätze frei/);
	burst = {
		...burstItem,
		held: answers.filter((a) => a.ok && !a.waitlisted).length,
		waitlisted: answers.filter((a) => a.waitlisted).length,
		errors: answers.filter((a) => !a.ok).length,
		statuses: [...new Set(answers.filter((a) => !a.ok).map((a) => a.status))],
		p50: q(0.5),
		p95: q(0.95),
		max: times[times.length - 1],
		total,
		freeAfter: freeAfter ? Number(freeAfter[1]) : 0
	};
	agent.destroy();
}

const pass = (ok) => (ok ? 'ok' : 'MISSED');
console.log(`\nLoad: ${hasWrk ? 'wrk' : 'bench/load.js (install wrk for figures comparable with issue 9)'}, ${CONNECTIONS} connections, ${SECONDS} s × ${ROUNDS} rounds per path, medians; Accept-Encoding: ${ACCEPT}; embedded database (PGlite)\n`);
const header = ['path', 'bytes', 'app rps', 'bare rps', 'ratio (goal ≥ 0.5)', 'app p50 ms', 'app p99 ms (goal < 50)', 'bare p99 ms', 'errors'];
const rows = PATHS.map((p) => {
	const r = results[p];
	const appRps = median(r.app.map((x) => x.rps));
	const bareRps = median(r.bare.map((x) => x.rps));
	const ratio = appRps / bareRps;
	const p99 = median(r.app.map((x) => x.p99));
	return [
		p,
		`${pages[p].bytes} ${pages[p].encoding}`,
		appRps.toFixed(0),
		bareRps.toFixed(0),
		`${ratio.toFixed(2)} ${pass(ratio >= GOAL.ratio)}`,
		median(r.app.map((x) => x.p50)).toFixed(1),
		`${p99.toFixed(1)} ${pass(p99 < GOAL.p99)}`,
		median(r.bare.map((x) => x.p99)).toFixed(1),
		String(r.app.reduce((n, x) => n + (x.errors ?? 0), 0))
	];
});
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
for (const r of [header, ...rows]) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
console.log(`\nstart-up on an empty data directory: ${startup.toFixed(1)} s (goal ≤ ${GOAL.startup} s) ${pass(startup <= GOAL.startup)}`);
console.log(`app resident memory: idle ${idleRss.toFixed(0)} MB, peak during load ${peakRss.toFixed(0)} MB, after load ${afterRss.toFixed(0)} MB (goal ≤ ${GOAL.rss} MB on the embedded database) ${pass(Math.max(peakRss, afterRss) <= GOAL.rss)}; the bare server: ${bareRss.toFixed(0)} MB`);
if (burst) {
	const within = burst.max <= 3000;
	console.log(
		`registration burst, ${BURST} parallel posts for ${burst.places} places (${burst.path}): ${burst.held} hold a place, ${burst.waitlisted} waiting, ${burst.errors} errors${burst.errors ? ` (status ${burst.statuses.join(', ')})` : ''} (goal 0) ${pass(burst.errors === 0)}, ` +
			`overbooked ${Math.max(0, burst.held - burst.places)} (goal 0) ${pass(burst.held <= burst.places && burst.freeAfter === 0)}; ` +
			`answered p50 ${(burst.p50 / 1000).toFixed(1)} s, p95 ${(burst.p95 / 1000).toFixed(1)} s, all within ${(burst.max / 1000).toFixed(1)} s (goal ≤ 3 s on the embedded database) ${pass(within)}`
	);
} else console.log('registration burst: no demo item with free places found');
console.log('not measured here (issue 9): PostgreSQL, 10 minutes of load, mail within 30 s, the large data set');

server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
fs.rmSync(dataDir, { recursive: true, force: true });
