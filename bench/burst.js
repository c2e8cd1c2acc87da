// The registration burst: COUNT truly parallel form posts (one address each) for the demo item with
// the fewest free places, spread over one or more app instances: places held, waiting, errors,
// overbooking, answer times (p50/p95/max).
import http from 'node:http';
import { pass } from './lib.js';

/** The demo's item taking registrations with the fewest free places, as its public page says. */
export async function burstItem(base) {
	const start = await (await fetch(base + '/')).text();
	let found = null;
	for (const p of new Set([...start.matchAll(/href="(\/projekte\/[a-z0-9-]+\/\d+)"/g)].map((m) => m[1]))) {
		const places = (await (await fetch(base + p)).text()).match(/Noch (\d+) Plätze frei/);
		if (places && (!found || Number(places[1]) < found.places)) found = { path: p, places: Number(places[1]) };
	}
	return found;
}

/** `bases`: the instances' origins; post i goes to bases[i % n]. Prints one line with the goals; returns the figures. */
export async function measureBurst(bases, { count = Number(process.env.BENCH_BURST) || 1000, label, goal }) {
	const item = await burstItem(bases[0]);
	if (!item) {
		console.log(`${label}: registration burst: no demo item with free places found`);
		return null;
	}
	const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
	const post = (i) =>
		new Promise((resolve) => {
			const base = new URL(bases[i % bases.length]);
			const body = new URLSearchParams({ name: `Person ${i}`, email: `burst-${i}@example.org`, organisationId: 'other', organisationName: 'Beispielverein e.V.', language: 'de', privacy: 'on' }).toString();
			const started = performance.now();
			const req = http.request(
				{ host: base.hostname, port: base.port, path: `${item.path}?/register`, method: 'POST', agent, headers: { accept: 'text/html', origin: base.origin, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), 'x-forwarded-for': `10.${(i >> 8) & 255}.${i & 255}.1` } },
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
	const answers = await Promise.all(Array.from({ length: count }, (_, i) => post(i)));
	const total = (performance.now() - t0) / 1000;
	agent.destroy();
	const times = answers.map((a) => a.ms).sort((a, b) => a - b);
	const q = (x) => times[Math.min(times.length - 1, Math.floor(x * times.length))];
	const freeAfter = (await (await fetch(bases[0] + item.path)).text()).match(/Noch (\d+) Plätze frei/);
	const b = {
		...item,
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
	console.log(
		`${label}: registration burst, ${count} parallel posts for ${b.places} places (${b.path}): ${b.held} hold a place, ${b.waitlisted} waiting, ${b.errors} errors${b.errors ? ` (status ${b.statuses.join(', ')})` : ''} (goal 0) ${pass(b.errors === 0)}, ` +
			`overbooked ${Math.max(0, b.held - b.places)} (goal 0) ${pass(b.held <= b.places && b.freeAfter === 0)}; ` +
			`answered p50 ${(b.p50 / 1000).toFixed(1)} s, p95 ${(b.p95 / 1000).toFixed(1)} s, all within ${(b.max / 1000).toFixed(1)} s (goal ${goal.text}) ${pass(goal.ok(b))}`
	);
	return b;
}
