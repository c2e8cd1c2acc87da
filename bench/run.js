// `npm run bench`: serves the built app on a fresh embedded database and measures the public pages
// against a baseline measured in the same run (GET /healthz: routing plus one database round trip).
// Prints ratios, not absolute targets: machines differ, ratios between paths much less.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureBuild } from '../scripts/build-stamp.js';

ensureBuild();

const port = await new Promise((resolve) => {
	const s = net.createServer().listen(0, '127.0.0.1', () => {
		const p = s.address().port;
		s.close(() => resolve(p));
	});
});
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-bench-'));
const server = spawn(process.execPath, ['scripts/server.js'], {
	env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '' },
	stdio: 'ignore'
});
const base = `http://127.0.0.1:${port}`;
for (let i = 0; i < 400; i++) {
	try {
		if ((await fetch(`${base}/healthz`)).ok) break;
	} catch {}
	await new Promise((r) => setTimeout(r, 250));
}

async function measure(url, requests = 300, concurrency = 8) {
	for (let i = 0; i < 20; i++) await (await fetch(base + url)).arrayBuffer(); // warm up
	let next = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next++ < requests) await (await fetch(base + url)).arrayBuffer();
		})
	);
	return (performance.now() - started) / requests;
}

const rss = () => Number(fs.readFileSync(`/proc/${server.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024;
const baseline = await measure('/healthz');
const rows = [['GET /healthz (baseline)', baseline]];
for (const url of ['/', '/projekte/digit-ready-ii', '/ar/projekte/digit-ready-ii', '/projekte/digit-ready-ii/kalender.ics']) {
	rows.push([`GET ${url}`, await measure(url)]);
}
console.log('path                                         ms/request   × baseline');
for (const [name, ms] of rows) console.log(`${name.padEnd(44)} ${ms.toFixed(2).padStart(10)} ${(ms / baseline).toFixed(1).padStart(11)}`);
// Memory against the same Node.js doing nothing, measured now on this machine.
const idle = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 1000));
const idleRss = Number(fs.readFileSync(`/proc/${idle.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024;
idle.kill();
const serverRss = rss();
console.log(`server memory after the run: ${serverRss.toFixed(0)} MB RSS, ${(serverRss / idleRss).toFixed(1)} × an idle Node.js (${idleRss.toFixed(0)} MB)`);
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
fs.rmSync(dataDir, { recursive: true, force: true });
