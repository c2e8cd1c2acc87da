/**
 * Route × bad-input table: every route of src/routes (read from the tree, so a new route is covered
 * without editing this file), every query name and form field its files mention, and every form its
 * pages render, each fed bad values — anonymous, as the team's admin and as an association member.
 * Not one response may be a 5xx, and the server log must hold no stack trace.
 *
 * Runs against its own instance of the build (own database, own log), so whatever a bad value still
 * manages to change never touches the data of the other browser tests.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { mailLinks } from './mail.ts';

const ROUTES_DIR = 'src/routes';
const CONCURRENCY = 24;

// ---- Bad values ---------------------------------------------------------------------------------

/** Path segments, already percent-encoded as they go on the wire. */
const BAD_SEGMENTS = ['NaN', '0', '1.5', '1e308', '2147483648', '99999999999999999999999', 'a%00b', '%C3%28', '%', `x${'y'.repeat(4000)}`];
/** Query values, percent-encoded. The last ones are odd `weiter` targets. */
const BAD_QUERY = ['1e308', '-1', 'NaN', '99999999999999999999', '%00', '%C3%28', '%', 'x'.repeat(6000), '0000-01-01', '//evil.example', 'https://evil.example/', '/%5Cevil.example', '/%0D%0ALocation:%20https://evil.example'];
/** Form field values, raw (the body encoder escapes them). */
const BAD_FIELD = ['NaN', '1e308', '2147483648', '-1', 'a\u0000b', '0000-01-01', '0000-01-01T10:00', '275760-09-14', '2024-02-30', '99:99', '//evil.example', '\uFFFF\uD800'];
/** For each field of a rendered form (the others as the page filled them in): the sharpest of the above. */
const FORM_FIELD = ['NaN', '2147483648', 'a\u0000b', '0000-01-01', '275760-09-14', '99:99', '//evil.example'];
/** Over-long values, one field at a time (each such body is ~300 KB). */
const LONG_FIELD = ['x'.repeat(300_000), `${'e'.repeat(300_000)}@example.org`];
/** Whole bodies that are not (valid) form data. */
const BAD_BODIES: { type: string | null; body: BodyInit }[] = [
	{ type: 'text/plain', body: 'a=b' },
	{ type: 'text/plain;charset=UTF-8', body: 'email=x@example.org\r\n' },
	{ type: 'multipart/form-data; boundary=XYZ', body: '--XYZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nb' },
	{ type: 'multipart/form-data', body: 'garbage' },
	{ type: 'multipart/form-data; boundary=XYZ', body: 'no boundary in here at all' },
	{ type: 'application/json', body: '{"a":1}' },
	{ type: 'application/octet-stream', body: new Uint8Array([0, 255, 0, 255]) },
	{ type: null, body: 'a=b' },
	{ type: 'application/x-www-form-urlencoded', body: new Uint8Array([0x61, 0x3d, 0xff, 0xfe, 0x00]) },
	{ type: 'application/x-www-form-urlencoded', body: '%ZZ=%&=&&a' }
];

// ---- The routes, from the source tree --------------------------------------------------------------

type Route = { pattern: string; dir: string; params: string[]; actions: string[]; queryNames: string[]; fieldNames: string[]; regex: RegExp };

function readRoutes(): Route[] {
	const routes: Route[] = [];
	const walk = (dir: string) => {
		const entries = fs.readdirSync(dir, { withFileTypes: true });
		const files = entries.filter((e) => e.isFile()).map((e) => e.name);
		if (files.some((f) => /^\+(page(\.server)?\.(ts|svelte)|server\.ts)$/.test(f))) routes.push(describeRoute(dir, files));
		for (const e of entries) if (e.isDirectory()) walk(path.join(dir, e.name));
	};
	walk(ROUTES_DIR);
	return routes;
}

function describeRoute(dir: string, files: string[]): Route {
	const segments = path.relative(ROUTES_DIR, dir).split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s));
	const pattern = '/' + segments.join('/');
	const params = [...pattern.matchAll(/\[(\w+)\]/g)].map((m) => m[1]);
	const regex = new RegExp('^' + pattern.split(/\[\w+\]/).map((s) => s.replace(/[.*+?^${}()|\\]/g, '\\$&')).join('([^/]+)') + '$');
	// Every source file of the route and the modules it imports next to it (`../people-actions.ts`).
	let source = files.map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
	for (const m of source.matchAll(/from '(\.[^']+\.(?:ts|svelte))'/g)) {
		const file = path.resolve(dir, m[1]);
		if (fs.existsSync(file)) source += '\n' + fs.readFileSync(file, 'utf8');
	}
	const serverSource = files.includes('+page.server.ts') ? fs.readFileSync(path.join(dir, '+page.server.ts'), 'utf8') : '';
	const actions = new Set<string>();
	if (/export const actions/.test(serverSource)) {
		actions.add('default');
		for (const m of source.matchAll(/^\t(\w+): async/gm)) actions.add(m[1]);
		for (const m of source.matchAll(/action="\?\/(\w+)|formaction="\?\/(\w+)/g)) actions.add(m[1] ?? m[2]);
	}
	const queryNames = new Set([...source.matchAll(/searchParams\.(?:get|has|getAll)\('([^']+)'\)/g)].map((m) => m[1]));
	const fieldNames = new Set([...source.matchAll(/(?:form|data|formData)\.get\('([^']+)'\)|name="([^"{]+)"/g)].map((m) => m[1] ?? m[2]));
	return { pattern, dir, params, actions: [...actions], queryNames: [...queryNames], fieldNames: [...fieldNames], regex };
}

// ---- A small HTTP client with a cookie jar ------------------------------------------------------------

type Identity = { name: string; cookies: Map<string, string> };
type Result = { identity: string; method: string; url: string; status: number; note: string };

let base = '';
const results: Result[] = [];

async function send(who: Identity, method: string, url: string, init: { type?: string | null; body?: BodyInit; note?: string } = {}): Promise<Response | null> {
	const headers: Record<string, string> = { origin: base, accept: 'text/html' };
	if (init.type) headers['content-type'] = init.type;
	if (who.cookies.size) headers.cookie = [...who.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	let res: Response | null = null;
	let status = 0;
	try {
		res = await fetch(base + url, { method, headers, body: init.body, redirect: 'manual' });
		status = res.status;
		await res.arrayBuffer().catch(() => undefined);
	} catch (e) {
		// A connection the server cut is a failure too (counted as 599).
		status = 599;
		init.note = `${init.note ?? ''} ${(e as Error).message} ${((e as Error).cause as { code?: string } | undefined)?.code ?? ''}`;
	}
	results.push({ identity: who.name, method, url: url.length > 160 ? `${url.slice(0, 160)}…` : url, status, note: init.note ?? '' });
	return res;
}

async function getText(who: Identity, url: string): Promise<{ status: number; html: string; location: string }> {
	const headers: Record<string, string> = { accept: 'text/html' };
	if (who.cookies.size) headers.cookie = [...who.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	const res = await fetch(base + url, { headers, redirect: 'manual' });
	return { status: res.status, html: await res.text(), location: res.headers.get('location') ?? '' };
}

async function postForm(who: Identity, url: string, fields: Record<string, string>): Promise<Response> {
	const headers: Record<string, string> = { origin: base, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' };
	if (who.cookies.size) headers.cookie = [...who.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	const res = await fetch(base + url, { method: 'POST', headers, body: new URLSearchParams(fields), redirect: 'manual' });
	for (const c of res.headers.getSetCookie()) {
		const [pair] = c.split(';');
		const i = pair.indexOf('=');
		who.cookies.set(pair.slice(0, i), pair.slice(i + 1));
	}
	return res;
}

async function inParallel<T>(items: T[], work: (item: T) => Promise<unknown>) {
	let next = 0;
	await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
		while (next < items.length) await work(items[next++]);
	}));
}

// ---- Forms on rendered pages --------------------------------------------------------------------------

type Form = { page: string; action: string; fields: Record<string, string> };

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const attr = (tag: string, name: string) => {
	const m = tag.match(new RegExp(`\\s${name}="([^"]*)"`));
	return m ? decode(m[1]) : null;
};

function formsOf(page: string, html: string): Form[] {
	const forms: Form[] = [];
	for (const [, open, inner] of html.matchAll(/(<form\b[^>]*>)([\s\S]*?)<\/form>/g)) {
		if ((attr(open, 'method') ?? 'get').toLowerCase() !== 'post') continue;
		const fields: Record<string, string> = {};
		for (const [tag] of inner.matchAll(/<input\b[^>]*>/g)) {
			const name = attr(tag, 'name');
			const type = attr(tag, 'type') ?? 'text';
			if (!name || ((type === 'radio' || type === 'checkbox') && !/\schecked/.test(tag) && name in fields)) continue;
			fields[name] = attr(tag, 'value') ?? (type === 'checkbox' ? 'on' : '');
		}
		for (const [, tag, options] of inner.matchAll(/(<select\b[^>]*>)([\s\S]*?)<\/select>/g)) {
			const name = attr(tag, 'name');
			const chosen = options.match(/<option\b[^>]*\sselected[^>]*>/) ?? options.match(/<option\b[^>]*>/);
			if (name) fields[name] = chosen ? (attr(chosen[0], 'value') ?? '') : '';
		}
		for (const [, tag, text] of inner.matchAll(/(<textarea\b[^>]*>)([\s\S]*?)<\/textarea>/g)) {
			const name = attr(tag, 'name');
			if (name) fields[name] = decode(text);
		}
		const actions = new Set([attr(open, 'action') ?? '']);
		for (const [tag] of inner.matchAll(/<button\b[^>]*formaction="[^"]*"[^>]*>/g)) actions.add(attr(tag, 'formaction')!);
		for (const a of actions) {
			const target = a.startsWith('?') ? page.split('?')[0] + a.split('#')[0] : a === '' ? page : new URL(a, base + page).pathname + new URL(a, base + page).search;
			forms.push({ page, action: target, fields });
		}
	}
	return forms;
}

// ---- The server under test ------------------------------------------------------------------------

let child: ChildProcess | null = null;
let dataDir = '';
let log = '';
const ADMIN = { email: 'bad-input@example.org', password: 'bad-input-passwort-sicher' };

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
		server.on('error', reject);
	});
}

beforeAll(async () => {
	inject('baseUrl'); // the shared build exists (global setup checked it)
	const port = await freePort();
	dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-bad-input-'));
	child = spawn(process.execPath, ['scripts/server.js'], {
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, DATABASE_URL: '', SMTP_URL: '', WORKER_INTERVAL_SECONDS: '1', REGISTRATION_RATE_LIMIT: '100000' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout!.on('data', (d) => (log += d));
	child.stderr!.on('data', (d) => (log += d));
	base = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 90_000;
	while (Date.now() < deadline) {
		if ((await fetch(`${base}/healthz`).catch(() => null))?.ok) return;
		if (child.exitCode !== null) throw new Error(`App exited early:\n${log}`);
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`App did not start:\n${log}`);
});

afterAll(async () => {
	if (child && child.exitCode === null) {
		child.kill('SIGTERM');
		await new Promise((r) => child!.once('exit', r));
	}
	if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

// ---- Signing in -------------------------------------------------------------------------------------

async function signInAdmin(): Promise<Identity> {
	const who: Identity = { name: 'admin', cookies: new Map() };
	const res = await postForm(who, '/admin/anmelden', { email: ADMIN.email, password: ADMIN.password });
	expect(res.status).toBe(303);
	const dashboard = await getText(who, '/admin');
	if (dashboard.status !== 200) throw new Error(`dashboard ${dashboard.status}; server log:\n${log.slice(-3000)}`);
	return who;
}

/**
 * The team invites a member to the first association; the member opens the emailed sign-in link and
 * accepts the offer if one is shown. Uses the forms as rendered, so it follows changes to them.
 */
async function signInMember(admin: Identity): Promise<Identity> {
	const list = await getText(admin, '/admin/vereine');
	const org = list.html.match(/href="(\/admin\/vereine\/\d+)"/)![1];
	const email = 'bad-input-member@example.org';
	const inviteForm = formsOf(org, (await getText(admin, org)).html).find((f) => f.action.endsWith('?/invite'))!;
	const invited = await postForm(admin, inviteForm.action, { ...inviteForm.fields, email, name: 'Bad Input', role: 'org_admin', language: 'de' });
	expect(invited.status).toBe(303);
	// The outbox page masks sign-in links: the link comes from the mail itself.
	const newest = new URL((await mailLinks(email, '/verein/link/', dataDir)).at(-1)!);
	const link = newest.pathname + newest.search;
	const who: Identity = { name: 'member', cookies: new Map() };
	const opened = await postForm(who, decode(link), {});
	expect(opened.status).toBe(303);
	const landing = new URL(opened.headers.get('location')!, base).pathname;
	const offer = formsOf(landing, (await getText(who, landing)).html).find((f) => /accept|annehm/i.test(f.action));
	if (offer) expect((await postForm(who, offer.action, offer.fields)).status).toBe(303);
	expect((await getText(who, '/verein/profil')).status).toBe(200);
	return who;
}

// ---- Crawling: real parameter values and the forms pages render -----------------------------------------

/** Same-site pages reachable from the start pages (no sign-out), at most `limit`. */
async function crawl(who: Identity, starts: string[], limit: number): Promise<{ pages: string[]; forms: Form[] }> {
	const seen = new Set<string>(starts);
	const queue = [...starts];
	const pages: string[] = [];
	const forms: Form[] = [];
	while (queue.length && pages.length < limit) {
		const batch = queue.splice(0, CONCURRENCY);
		await Promise.all(batch.map(async (url) => {
			const res = await getText(who, url);
			if (res.status !== 200) return;
			pages.push(url);
			forms.push(...formsOf(url, res.html));
			for (const [, href] of res.html.matchAll(/href="(\/[^"#]*)"/g)) {
				const u = decode(href);
				if (/abmelden|\/_app\/|\.(css|js|png|svg|ico)$/.test(u) || /^\/(en|tr|ar|ru|uk)\//.test(u) || seen.has(u)) continue;
				seen.add(u);
				queue.push(u);
			}
		}));
	}
	return { pages, forms };
}

/** For each route, parameter values seen on real links (so a bad value in one place sits beside good ones). */
function realParams(routes: Route[], pages: string[]): Map<string, string[]> {
	const found = new Map<string, string[]>();
	for (const url of pages) {
		const p = url.split('?')[0];
		for (const r of routes) {
			const m = p.match(r.regex);
			if (m && r.params.length && !found.has(r.pattern)) found.set(r.pattern, m.slice(1));
		}
	}
	return found;
}

const fill = (r: Route, values: string[]) => {
	let i = 0;
	return r.pattern.replace(/\[\w+\]/g, () => values[i++] ?? '1');
};

function encodeMultipart(fields: Record<string, string>): { type: string; body: string } {
	const boundary = 'bt-bad-input-boundary';
	const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
	return { type: `multipart/form-data; boundary=${boundary}`, body: parts.join('') + `--${boundary}--\r\n` };
}

// ---- The table --------------------------------------------------------------------------------------

type Job = { who: Identity; method: string; url: string; type?: string | null; body?: BodyInit; note: string };

function jobsFor(who: Identity, routes: Route[], params: Map<string, string[]>, forms: Form[]): Job[] {
	const jobs: Job[] = [];
	const signedIn = who.name !== 'anonymous';
	for (const r of routes) {
		// Outside its own area a visitor is sent to sign in before any field is read: bodies and paths suffice there.
		const ownArea = !(r.pattern.startsWith('/admin') && who.name !== 'admin') && !(r.pattern.startsWith('/verein') && who.name === 'anonymous');
		const good = params.get(r.pattern) ?? r.params.map(() => '1');
		const url = fill(r, good);
		// Bad path parameters, one at a time.
		r.params.forEach((_, i) => {
			for (const bad of BAD_SEGMENTS) jobs.push({ who, method: 'GET', url: fill(r, good.map((g, j) => (i === j ? bad : g))), note: `param ${r.params[i]}` });
		});
		// NUL and broken escapes in a static part of the path.
		jobs.push({ who, method: 'GET', url: `${url}%00`, note: 'path NUL' });
		jobs.push({ who, method: 'GET', url: `${url}/%C3%28`, note: 'path bad utf-8' });
		// Bad query values: the names this route reads, and a few every page might read.
		if (ownArea) for (const name of r.queryNames) for (const bad of BAD_QUERY) jobs.push({ who, method: 'GET', url: `${url}?${name}=${bad}`, note: `query ${name}` });
		for (const bad of ['1e308', '%00', '%C3%28', '//evil.example']) jobs.push({ who, method: 'GET', url: `${url}?seite=${bad}&weiter=${bad}&q=${bad}&id=${bad}`, note: 'query common names' });
		jobs.push({ who, method: 'GET', url: `${url}?%00=1&a%00b=%00`, note: 'query NUL name' });
		// Actions: bodies that are not form data, then each field name of the route with each bad value.
		for (const action of r.actions) {
			if (signedIn && action === 'default' && /abmelden/.test(r.pattern)) continue;
			const target = action === 'default' ? url : `${url}?/${action}`;
			for (const b of BAD_BODIES) jobs.push({ who, method: 'POST', url: target, type: b.type, body: b.body, note: `body ${b.type}` });
			// Every field the route's source names, all with the same bad value.
			if (ownArea) for (const bad of [...BAD_FIELD, 'x'.repeat(3000)]) jobs.push({ who, method: 'POST', url: target, type: 'application/x-www-form-urlencoded', body: new URLSearchParams(r.fieldNames.map((n) => [n, bad])).toString(), note: `fields ${r.fieldNames.join(',')}` });
			jobs.push({ who, method: 'POST', url: target, ...encodeMultipart(Object.fromEntries(r.fieldNames.map((n) => [n, 'a\u0000b']))), note: 'multipart NUL' });
		}
	}
	// Rendered forms: each field bad in turn, the others as the page filled them in.
	const seen = new Set<string>();
	for (const f of forms) {
		if (signedIn && /abmelden/.test(f.action)) continue;
		// One form per route and field set: the same form for another row adds nothing.
		const key = `${f.action.replace(/\d+/g, 'N')} ${Object.keys(f.fields).sort().join(',')}`;
		if (seen.has(key)) continue;
		seen.add(key);
		// One language of a translatable field stands for all six (the same schema reads them).
		for (const name of Object.keys(f.fields).filter((n) => !/\.(en|tr|ar|ru|uk)$/.test(n))) {
			for (const bad of [...FORM_FIELD, LONG_FIELD[/mail/i.test(name) ? 1 : 0]]) jobs.push({ who, method: 'POST', url: f.action, type: 'application/x-www-form-urlencoded', body: new URLSearchParams({ ...f.fields, [name]: bad }).toString(), note: `form field ${name}` });
		}
		jobs.push({ who, method: 'POST', url: f.action, ...encodeMultipart({ ...f.fields }), note: 'form as multipart' });
	}
	return jobs;
}

describe('no 5xx for any input', () => {
	it('every route, every bad input, three kinds of visitor: 0 server errors and no stack trace in the log', { timeout: 300_000 }, async () => {
		const started = Date.now();
		const routes = readRoutes();
		expect(routes.length).toBeGreaterThan(40);
		const admin = await signInAdmin();
		const member = await signInMember(admin);
		const anonymous: Identity = { name: 'anonymous', cookies: new Map() };

		const crawled = await Promise.all([
			crawl(anonymous, ['/', '/archiv'], 60),
			crawl(admin, ['/admin', '/admin/vereine', '/admin/postausgang', '/admin/protokoll', '/admin/personen', '/admin/team'], 90),
			crawl(member, ['/verein', '/verein/ergebnis', '/verein/plan', '/verein/profil', '/verein/beratung'], 40)
		]);
		const params = realParams(routes, crawled.flatMap((c) => c.pages));
		const jobs = [
			...jobsFor(anonymous, routes, params, crawled[0].forms),
			...jobsFor(member, routes, params, crawled[2].forms),
			// The admin last: its bad values are the likeliest to change data the others read.
			...jobsFor(admin, routes, params, crawled[1].forms)
		];
		console.log(`bad-input table: ${jobs.length} requests to send`);
		await inParallel(jobs, (j) => send(j.who, j.method, j.url, { type: j.type, body: j.body, note: j.note }));

		const failures = results.filter((r) => r.status >= 500);
		const byRoute = new Map<string, number>();
		for (const f of failures) byRoute.set(`${f.method} ${f.url.split('?')[0]}`, (byRoute.get(`${f.method} ${f.url.split('?')[0]}`) ?? 0) + 1);
		const counts = new Map<number, number>();
		for (const r of results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
		console.log(
			`bad-input table: ${routes.length} routes, ${params.size} with real parameters, ${crawled.reduce((n, c) => n + c.forms.length, 0)} rendered forms; ` +
				`${results.length} requests in ${((Date.now() - started) / 1000).toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries([...counts].sort((a, b) => a[0] - b[0])))}; ` +
				`${failures.length} server errors on ${byRoute.size} route/method pairs`
		);
		for (const f of failures.slice(0, 40)) console.log(`  ${f.status} ${f.identity} ${f.method} ${f.url} (${f.note})`);
		const traces = log.split('\n').filter((l) => /^\s+at .+:\d+:\d+\)?$/.test(l));
		if (traces.length || failures.length) console.log(`server ${child?.exitCode === null ? 'running' : `exited (${child?.exitCode ?? ''} ${child?.signalCode ?? ''})`}; log:\n${log.slice(0, 3000)}\n…\n${log.slice(-3000)}`);
		expect(failures).toEqual([]);
		expect(traces).toEqual([]);
	});
});
