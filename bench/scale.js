// Issue 9, "Scale": the same pages on a demo-sized PostgreSQL database and on one with the large data
// set (bench/scale-data.js) in the same run; p50/p95 per page and the big/small ratio (goal ≤ 2 ×).
// Public pages are measured twice: rendered (a request the page cache never serves: it carries a
// cookie, see http/page-cache.ts) and as the cache serves them. The backoffice pages are signed in
// as an admin. Requests are sequential (one connection): the figure is a page's own latency, not
// queueing. BENCH_SCALE_SECONDS (default 1.5) per page and database, in BENCH_ROUNDS interleaved rounds.
import postgres from 'postgres';
import { ACCEPT, freshPostgresDatabase, median, pass, printTable, rawGet, startApp } from './lib.js';
import { buildLargeDataSet } from './scale-data.js';

const SECONDS = Number(process.env.BENCH_SCALE_SECONDS) || 1.5;
const ROUNDS = Number(process.env.BENCH_ROUNDS) || 2;
const GOAL = 2;
const ADMIN = { email: 'bench-admin@example.org', password: 'Bench-Scale-Passwort-2026' };
const pct = (xs, p) => {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** Signs in as the admin over HTTP (the sign-in form, as tests/e2e do); returns the Cookie header. */
async function signIn(base) {
	const res = await fetch(`${base}/admin/anmelden`, {
		method: 'POST',
		headers: { origin: base, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams(ADMIN),
		redirect: 'manual'
	});
	const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
	if (res.status !== 303 || !cookie) throw new Error(`admin sign-in answered ${res.status}`);
	return cookie;
}

/** Latencies (ms) of sequential GETs of `path` for `seconds` (at least 8 requests); the first, warming one not counted. */
async function sample(base, path, headers, seconds) {
	const first = await rawGet(base, path, headers);
	if (first.status !== 200) throw new Error(`GET ${path} answered ${first.status}`);
	const times = [];
	const until = performance.now() + seconds * 1000;
	while (performance.now() < until || times.length < 8) {
		const t = performance.now();
		const r = await rawGet(base, path, headers);
		times.push(performance.now() - t);
		if (r.status !== 200) throw new Error(`GET ${path} answered ${r.status}`);
	}
	return { times, bytes: first.body.length };
}

/** Ids the paths need, read from the database (the demo's: the same in both databases). */
async function demoIds(url) {
	const sql = postgres(url, { max: 1, onnotice: () => {} });
	try {
		const [legacy] = await sql`select i.id from programme_item i join project p on p.id = i.project_id where p.slug = 'digit-ready-ii' order by i.position, i.id limit 1`;
		const [open] = await sql`select i.id from programme_item i where i.registration_open order by i.id limit 1`;
		return { legacyItemId: legacy.id, openItemId: open.id };
	} finally {
		await sql.end();
	}
}

/**
 * Runs the comparison; `serverUrl` is a PostgreSQL server (two databases are created and dropped).
 * Returns { ok, worst, rows, seconds } for run.js's summary.
 */
export async function measureScale(serverUrl) {
	const started = performance.now();
	console.log('\nScale (PostgreSQL): demo-sized database against demo + large data set');
	const small = await freshPostgresDatabase(serverUrl);
	const big = await freshPostgresDatabase(serverUrl);
	const env = { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, WORKER_INTERVAL_SECONDS: '3600' };
	const apps = [];
	try {
		apps.push(await startApp({ databaseUrl: small.url, env }));
		apps.push(await startApp({ databaseUrl: big.url, env }));
		const data = await buildLargeDataSet(big.url);
		console.log(`  large data set: ${Object.entries(data.counts).map(([k, v]) => `${v.toLocaleString('en')} ${k}`).join(', ')} in ${data.seconds.toFixed(0)} s`);
		const ids = await demoIds(small.url);
		const cookies = [await signIn(apps[0].base), await signIn(apps[1].base)];
		const enc = { 'accept-encoding': ACCEPT };
		// Rendered: a cookie the app does not know keeps the page cache out (no session is read for it).
		const rendered = { ...enc, cookie: 'bench=1' };
		const pub = [
			['start page', '/'],
			['archive', '/archiv'],
			['project page', '/projekte/digit-ready-ii'],
			['item page (registration form)', `/projekte/digit-ready-ii/${ids.legacyItemId}`],
			['open item page (registration form)', `/projekte/digit-ready-iii/${ids.openItemId}`],
			['project feed (.ics)', '/projekte/digit-ready-ii/kalender.ics']
		];
		const cases = [
			...pub.map(([name, path]) => ({ name: `${name}, rendered`, paths: [path, path], headers: () => rendered, goal: true })),
			...pub.map(([name, path]) => ({ name: `${name}, cached`, paths: [path, path], headers: () => enc, goal: true })),
			{ name: 'dashboard /admin', paths: ['/admin', '/admin'], headers: (i) => ({ ...enc, cookie: cookies[i] }), goal: true },
			{ name: "demo item's registrations", paths: [`/admin/programmpunkte/${ids.openItemId}`, `/admin/programmpunkte/${ids.openItemId}`], headers: (i) => ({ ...enc, cookie: cookies[i] }), goal: true },
			{ name: "demo item's participant CSV", paths: [`/admin/programmpunkte/${ids.openItemId}/teilnehmende.csv`, `/admin/programmpunkte/${ids.openItemId}/teilnehmende.csv`], headers: (i) => ({ ...enc, cookie: cookies[i] }), goal: true },
			// The big item (5,000 registrations) against the demo item: what paginates must not grow.
			{ name: 'registrations: big item vs demo item', paths: [`/admin/programmpunkte/${ids.openItemId}`, `/admin/programmpunkte/${data.bigItemId}`], headers: (i) => ({ ...enc, cookie: cookies[i] }), goal: true },
			// A participant list is all of an item's people: it grows with them (shown, not a goal).
			{ name: 'participant CSV: big item vs demo item (info)', paths: [`/admin/programmpunkte/${ids.openItemId}/teilnehmende.csv`, `/admin/programmpunkte/${data.bigItemId}/teilnehmende.csv`], headers: (i) => ({ ...enc, cookie: cookies[i] }), goal: false }
		];
		const results = cases.map(() => [
			{ times: [], bytes: 0 },
			{ times: [], bytes: 0 }
		]);
		for (let round = 0; round < ROUNDS; round++)
			for (const [c, k] of cases.entries())
				for (const i of round % 2 ? [1, 0] : [0, 1]) {
					const s = await sample(apps[i].base, k.paths[i], k.headers(i), SECONDS / ROUNDS);
					results[c][i].times.push(...s.times);
					results[c][i].bytes = s.bytes;
				}
		const rows = cases.map((k, c) => {
			const [s, b] = results[c];
			const ratio = pct(b.times, 95) / pct(s.times, 95);
			return { name: k.name, goal: k.goal, ratio, small: { p50: median(s.times), p95: pct(s.times, 95), kb: s.bytes / 1024 }, big: { p50: median(b.times), p95: pct(b.times, 95), kb: b.bytes / 1024 } };
		});
		const f = (x) => x.toFixed(1);
		printTable(
			['page', 'demo p50 ms', 'p95 ms', 'KB', 'large p50 ms', 'p95 ms', 'KB', 'p95 ratio', `goal ≤ ${GOAL} ×`],
			rows.map((r) => [r.name, f(r.small.p50), f(r.small.p95), f(r.small.kb), f(r.big.p50), f(r.big.p95), f(r.big.kb), `${r.ratio.toFixed(2)} ×`, r.goal ? pass(r.ratio <= GOAL) : 'info'])
		);
		const goals = rows.filter((r) => r.goal);
		const worst = goals.reduce((w, r) => (r.ratio > w.ratio ? r : w), goals[0]);
		const seconds = (performance.now() - started) / 1000;
		console.log(`  (${seconds.toFixed(0)} s; p95 of sequential requests, ${ROUNDS} interleaved rounds; the machine's noise shows in small pages' ratios)`);
		return { ok: goals.every((r) => r.ratio <= GOAL), worst, rows, seconds };
	} finally {
		for (const a of apps) await a.stop();
		await small.drop();
		await big.drop();
	}
}
