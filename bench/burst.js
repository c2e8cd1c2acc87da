// The registration burst: COUNT truly parallel form posts (one address each) for the demo item with
// the fewest free places, spread over one or more app instances: places held, waiting, errors,
// overbooking, answer times (p50/p95/max). A post is answered when its result page is there: the
// form's 303 redirect is followed (same instance), and that page must say "Fast geschafft" (and
// "Warteliste" for those waiting). With `sink` (bench/smtp-sink.js, the apps' SMTP_URL), also how
// long after its post each person's confirmation mail reached SMTP (goal ≤ 30 s for every one).
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
export async function measureBurst(bases, { count = Number(process.env.BENCH_BURST) || 1000, label, goal, sink = null }) {
	const item = await burstItem(bases[0]);
	if (!item) {
		console.log(`${label}: registration burst: no demo item with free places found`);
		return null;
	}
	const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
	const request = (base, options, body) =>
		new Promise((resolve) => {
			const req = http.request({ host: base.hostname, port: base.port, agent, ...options }, (res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => resolve({ status: res.statusCode, location: res.headers.location, html: Buffer.concat(chunks).toString() }));
			});
			req.on('error', () => resolve({ status: 0, location: undefined, html: '' }));
			req.end(body);
		});
	const post = async (i) => {
		const base = new URL(bases[i % bases.length]);
		const body = new URLSearchParams({ name: `Person ${i}`, email: `burst-${i}@example.org`, organisationId: 'other', organisationName: 'Beispielverein e.V.', language: 'de', privacy: 'on' }).toString();
		const forwarded = `10.${(i >> 8) & 255}.${i & 255}.1`;
		const started = performance.now();
		const answer = await request(base, { path: `${item.path}?/register`, method: 'POST', headers: { accept: 'text/html', origin: base.origin, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), 'x-forwarded-for': forwarded } }, body);
		if (answer.status !== 303 || !answer.location) return { started, ms: performance.now() - started, ok: false, waitlisted: false, status: answer.status };
		const page = await request(base, { path: new URL(answer.location, base).pathname, method: 'GET', headers: { accept: 'text/html', 'x-forwarded-for': forwarded } });
		const ok = page.status === 200 && /Fast geschafft/.test(page.html);
		const result = page.html.split('id="ergebnis"')[1]?.split('</section>')[0] ?? '';
		return { started, ms: performance.now() - started, ok, waitlisted: ok && /Warteliste/.test(result), status: page.status };
	};
	const t0 = performance.now();
	const answers = await Promise.all(Array.from({ length: count }, (_, i) => post(i)));
	const total = (performance.now() - t0) / 1000;
	agent.destroy();
	const quantile = (sorted, x) => sorted[Math.min(sorted.length - 1, Math.floor(x * sorted.length))];
	const times = answers.map((a) => a.ms).sort((a, b) => a - b);
	const freeAfter = (await (await fetch(bases[0] + item.path)).text()).match(/Noch (\d+) Plätze frei/);
	const b = {
		...item,
		count,
		held: answers.filter((a) => a.ok && !a.waitlisted).length,
		waitlisted: answers.filter((a) => a.waitlisted).length,
		errors: answers.filter((a) => !a.ok).length,
		statuses: [...new Set(answers.filter((a) => !a.ok).map((a) => a.status))],
		p50: quantile(times, 0.5),
		p95: quantile(times, 0.95),
		max: times[times.length - 1],
		total,
		freeAfter: freeAfter ? Number(freeAfter[1]) : 0,
		mail: sink ? await mailDelays(sink, answers, t0) : null
	};
	console.log(
		`${label}: registration burst, ${count} parallel posts for ${b.places} places (${b.path}): ${b.held} hold a place, ${b.waitlisted} waiting, ${b.errors} errors${b.errors ? ` (status ${b.statuses.join(', ')})` : ''} (goal 0) ${pass(b.errors === 0)}, ` +
			`overbooked ${Math.max(0, b.held - b.places)} (goal 0) ${pass(b.held <= b.places && b.freeAfter === 0)}; ` +
			`answered (result page shown) p50 ${(b.p50 / 1000).toFixed(1)} s, p95 ${(b.p95 / 1000).toFixed(1)} s, all within ${(b.max / 1000).toFixed(1)} s (goal ${goal.text}) ${pass(goal.ok(b))}`
	);
	if (b.mail) console.log(`${label}: ${mailLine(b.mail, count)}`);
	return b;
}

/** The goal's sentence for the mail figure. */
export const mailLine = (mail, count) =>
	`confirmation mails at SMTP: ${mail.delivered} of ${count}, after their post p50 ${(mail.p50 / 1000).toFixed(1)} s, p95 ${(mail.p95 / 1000).toFixed(1)} s, the last within ${(mail.max / 1000).toFixed(1)} s (goal all ≤ 30 s) ${pass(mail.delivered === count && mail.max <= 30_000)}`;

/** Waits (up to 60 s after the last answer) for one mail per person at the sink; each one's delay after its post was sent. */
async function mailDelays(sink, answers, t0) {
	const wanted = new Map(answers.map((a, i) => [`burst-${i}@example.org`, a.started]));
	const delays = new Map();
	const deadline = performance.now() + 60_000;
	let seen = 0;
	for (;;) {
		for (; seen < sink.received.length; seen++) {
			const r = sink.received[seen];
			if (r.at < t0 || !wanted.has(r.to) || delays.has(r.to)) continue;
			delays.set(r.to, r.at - wanted.get(r.to));
		}
		if (delays.size === wanted.size || performance.now() > deadline) break;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	const sorted = [...delays.values()].sort((a, b) => a - b);
	// A mail that never came counts as the whole wait.
	const max = delays.size === wanted.size ? sorted[sorted.length - 1] : Math.max(60_000, sorted[sorted.length - 1] ?? 0);
	const q = (x) => sorted[Math.min(sorted.length - 1, Math.floor(x * sorted.length))] ?? NaN;
	return { delivered: delays.size, p50: q(0.5), p95: q(0.95), max };
}
