// `npm run bench`: every figure of issue 9 with its goal, measured in one run.
// 1. Embedded database (PGlite), fresh data directory: start-up time, public pages and feeds against
//    a bare Node.js server sending the same bytes (bench/pages.js), resident memory idle and under
//    load, the registration burst (bench/burst.js).
// 2. PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL; skipped with a line saying so when neither
//    is set): the same pages and memory on a fresh database, the burst over two instances.
// Load comes from wrk when it is installed (as in the issue), else from bench/load.js.
// BENCH_SECONDS (per measurement, default 3), BENCH_ROUNDS (default 2) and BENCH_BURST (default 1000)
// trade time for precision.
import os from 'node:os';
import { ensureBuild } from '../scripts/build-stamp.js';
import { freshPostgresDatabase, pass, postgresServer, rss, sleep, startApp } from './lib.js';
import { measurePages } from './pages.js';
import { measureSoak } from './soak.js';
import { mailLine, measureBurst } from './burst.js';
import { startSmtpSink } from './smtp-sink.js';
import { measureScale } from './scale.js';

ensureBuild();

const GOAL = { startup: 5, rssPglite: 350, rssPostgres: 150 };
const lines = [];
const say = (line) => {
	lines.push(line);
	console.log(line);
};
// Every app's SMTP_URL: the burst's confirmation mails are timed there (bench/burst.js).
const sink = await startSmtpSink();

async function section(label, databaseUrl, rssGoal) {
	const memoryFile = `${os.tmpdir()}/bt-bench-memory-${process.pid}-${label}.jsonl`;
	const app = await startApp({ databaseUrl, memoryFile, env: { SMTP_URL: sink.url } });
	say(`${label}: start-up${databaseUrl ? '' : ' on an empty data directory'}: ${app.startup.toFixed(1)} s (goal ≤ ${GOAL.startup} s) ${pass(app.startup <= GOAL.startup)}`);
	// Idle: after the start-up's garbage has been collected (it takes V8 some seconds without load).
	await sleep(10_000);
	const idle = rss(app.pid);
	const pages = await measurePages(app, label);
	const after = rss(app.pid);
	const peak = Math.max(pages.peakRss, after);
	say(`${label}: resident memory idle ${idle.toFixed(0)} MB, peak under load ${pages.peakRss.toFixed(0)} MB, after load ${after.toFixed(0)} MB (goal ≤ ${rssGoal} MB) ${pass(peak <= rssGoal)}; the bare server: ${pages.bareRss.toFixed(0)} MB`);
	say(`${label}: public pages and feeds ≥ 0.5 × bare throughput, p99 < 50 ms: ${pass(pages.ok)}`);
	say((await measureSoak(app, { label, goal: rssGoal, memoryFile })).line); // BENCH_SOAK_SECONDS, default 600
	return app;
}

// --- 1. embedded database
{
	const label = 'PGlite';
	const app = await section(label, '', GOAL.rssPglite);
	const b = await measureBurst([app.base], { label, sink, goal: { text: '≤ 3 s on the embedded database', ok: (x) => x.max <= 3000 } });
	if (b) lines.push(`${label}: burst p95 ${(b.p95 / 1000).toFixed(1)} s, all within ${(b.max / 1000).toFixed(1)} s, ${b.errors} errors, ${b.held} held of ${b.places}`);
	if (b?.mail) lines.push(`${label}: ${mailLine(b.mail, b.count)}`);
	await app.stop();
}

// --- 2. PostgreSQL
const server = postgresServer();
if (server) {
	const label = 'PostgreSQL';
	const database = await freshPostgresDatabase(server);
	try {
		const app = await section(label, database.url, GOAL.rssPostgres);
		const second = await startApp({ databaseUrl: database.url, env: { SMTP_URL: sink.url } });
		const b = await measureBurst([app.base, second.base], {
			label: `${label}, two instances`,
			sink,
			goal: { text: 'all ≤ 2 s, p95 ≤ 1 s', ok: (x) => x.max <= 2000 && x.p95 <= 1000 }
		});
		if (b) lines.push(`${label}, two instances: burst p95 ${(b.p95 / 1000).toFixed(1)} s, all within ${(b.max / 1000).toFixed(1)} s, ${b.errors} errors, ${b.held} held of ${b.places}`);
		if (b?.mail) lines.push(`${label}, two instances: ${mailLine(b.mail, b.count)}`);
		await second.stop();
		await app.stop();
	} finally {
		await database.drop();
	}
	const sc = await measureScale(server);
	say(`${label} at scale (200,000 registrations vs demo): p95 within 2 × of the demo-sized database, worst ${sc.worst.name} ${sc.worst.ratio.toFixed(1)} × ${pass(sc.ok)}`);
} else say('PostgreSQL: not measured (set BENCH_DATABASE_URL or TEST_DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/test)');

await sink.close();
console.log('\nSummary (issue 9 goals):');
for (const l of lines) console.log(`  ${l}`);
