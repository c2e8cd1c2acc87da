/**
 * The built server (scripts/server.js) and the request's host: links in mails come from the one
 * configured public origin, never from `Host` or `X-Forwarded-Host`; requests for other hosts are
 * refused; the client address honours only the configured proxy hops; security headers.
 * Each server here gets its own prepared database (a future item open for registration, a session
 * within the reminder window, one association member) and is talked to with raw HTTP, so the test
 * chooses every header.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/lib/server/db/client.ts';
import { session } from '../../src/lib/server/db/schema/programme.ts';
import { organisation } from '../../src/lib/server/db/schema/organisations.ts';
import * as programme from '../../src/lib/server/programme/commands.ts';
import { addRegistrationByStaff } from '../../src/lib/server/registration/commands.ts';
import { inviteMember } from '../../src/lib/server/organisations/members.ts';
import { SIGN_IN_IP_LIMIT } from '../../src/lib/server/auth/rate-limit.ts';

const actor = { id: 'staff', email: 'team@example.org' };
const SECRET = 'origin-test-secret-origin-test-secret';

const freePort = () =>
	new Promise<number>((resolve) => {
		const s = net.createServer().listen(0, '127.0.0.1', () => {
			const port = (s.address() as net.AddressInfo).port;
			s.close(() => resolve(port));
		});
	});

/** A database with what the tests need; returns the item's public path. */
async function prepare(dataDir: string): Promise<string> {
	const database = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
	const db = database.db;
	const now = new Date();
	const p = await programme.createProject(db, actor, { slug: 'herkunft', phaseName: 'Test', fundingProgramme: 'B', funder: 'D', runtimeStart: '2020-01-01', runtimeEnd: '2099-12-31', title: { de: 'Herkunftstest' }, description: {} }, now);
	const item = await programme.createItem(db, actor, p.id, { number: 1, kind: 'workshop', format: 'in_person', state: 'scheduled', stateNote: {}, registrationOpen: true, capacity: null, perSession: false, requiresApproval: false, title: { de: 'Workshop morgen' }, description: {} }, now);
	// Within the next day: the worker sends the day reminder at once.
	await db.insert(session).values({ itemId: item.id, startsAt: new Date(now.getTime() + 3 * 3_600_000), endsAt: new Date(now.getTime() + 4 * 3_600_000), city: 'Köln' });
	await programme.setProjectStatus(db, actor, p.id, 'published', now);
	await addRegistrationByStaff({ db, now, origin: 'http://prep.invalid', secret: SECRET, holdHours: 48 }, actor, {
		itemId: item.id,
		sessionId: null,
		name: 'Erinnerte Person',
		email: 'reminded@example.org',
		organisationId: null,
		organisationName: 'Beispielverein',
		language: 'de',
		needs: '',
		photoConsent: false
	});
	const [org] = await db.insert(organisation).values({ name: 'Herkunftsverein (fiktiv)', confirmed: true }).returning();
	await inviteMember(db, actor, { organisationId: org.id, email: 'member@example.org', name: 'Mitglied', role: 'org_admin' }, now);
	await database.close();
	return `/projekte/herkunft/${item.id}`;
}

interface Server {
	port: number;
	dataDir: string;
	itemPath: string;
	child: ChildProcess;
	output: () => string;
}

async function startServer(env: Record<string, string>): Promise<Server> {
	const port = await freePort();
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-origin-'));
	const itemPath = await prepare(dataDir);
	const child = spawn(process.execPath, ['scripts/server.js'], {
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			DATA_DIR: dataDir,
			DATABASE_URL: '',
			SMTP_URL: '',
			LOAD_DEMO: 'false',
			WORKER_INTERVAL_SECONDS: '1',
			BETTER_AUTH_SECRET: SECRET,
			PUBLIC_ORIGIN: '',
			TRUST_PROXY: '',
			ALLOWED_HOSTS: '',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	const deadline = Date.now() + 90_000;
	for (;;) {
		const res = await send(port, { path: '/healthz' }).catch(() => null);
		if (res?.status === 200) break;
		if (child.exitCode !== null || Date.now() > deadline) throw new Error(`The server did not start:\n${output}`);
		await new Promise((r) => setTimeout(r, 250));
	}
	return { port, dataDir, itemPath, child, output: () => output };
}

async function stopServer(server: Server | undefined) {
	if (!server) return;
	if (server.child.exitCode === null) {
		server.child.kill('SIGTERM');
		await new Promise((r) => server.child.once('exit', r));
	}
	fs.rmSync(server.dataDir, { recursive: true, force: true });
}

interface Reply {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: string;
}

/** One raw HTTP request to 127.0.0.1:port with exactly the given headers (Host included). */
function send(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; form?: Record<string, string> }): Promise<Reply> {
	const body = opts.form ? new URLSearchParams(opts.form).toString() : undefined;
	const headers: Record<string, string> = { host: `127.0.0.1:${port}`, accept: 'text/html', ...opts.headers };
	if (body !== undefined) {
		headers['content-type'] = 'application/x-www-form-urlencoded';
		headers['content-length'] = String(Buffer.byteLength(body));
	}
	return new Promise((resolve, reject) => {
		const req = http.request({ host: '127.0.0.1', port, method: opts.method ?? (body === undefined ? 'GET' : 'POST'), path: opts.path, headers, setHost: false }, (res) => {
			let text = '';
			res.setEncoding('utf8');
			res.on('data', (d) => (text += d));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
		});
		req.on('error', reject);
		req.end(body);
	});
}

const registrationForm = (email: string) => ({ name: 'Testperson', email, organisationId: 'other', organisationName: 'Beispielverein e.V.', language: 'de', privacy: 'on' });

/** The links in the mails written so far (DATA_DIR/outbox/*.eml) to `email`. */
function linksInMailsTo(server: Server, email: string): string[] {
	const dir = path.join(server.dataDir, 'outbox');
	if (!fs.existsSync(dir)) return [];
	const links: string[] = [];
	for (const file of fs.readdirSync(dir)) {
		const raw = fs.readFileSync(path.join(dir, file), 'latin1');
		if (!raw.toLowerCase().includes(email)) continue;
		// Quoted-printable: soft line breaks and =XX escapes.
		const text = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
		links.push(...(text.match(/https?:\/\/[^\s"<>]+/g) ?? []));
	}
	return links;
}

async function waitForLinks(server: Server, email: string, pathPart: string): Promise<string[]> {
	for (let i = 0; i < 60; i++) {
		const links = linksInMailsTo(server, email).filter((l) => l.includes(pathPart) && !l.startsWith('http://prep.invalid'));
		if (links.length) return links;
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`no mail to ${email} with a link to ${pathPart}`);
}

describe('a local start without PUBLIC_ORIGIN (TRUST_PROXY=1)', () => {
	let server: Server;
	let origin = '';
	beforeAll(async () => {
		server = await startServer({ TRUST_PROXY: '1' });
		origin = `http://127.0.0.1:${server.port}`;
	});
	afterAll(() => stopServer(server));

	it('prints the address it uses for links in mails, with a warning', () => {
		expect(server.output()).toContain(origin);
		expect(server.output()).toMatch(/PUBLIC_ORIGIN/);
	});

	it('refuses a foreign Host, so no mail with its links goes out', async () => {
		const res = await send(server.port, {
			path: `${server.itemPath}?/register`,
			headers: { host: 'attacker.example', origin: 'http://attacker.example' },
			form: registrationForm('victim@example.org')
		});
		expect(res.status).toBe(421);
		expect(res.body).not.toContain('attacker.example');
	});

	it('refuses a forged X-Forwarded-Host', async () => {
		const res = await send(server.port, {
			path: `${server.itemPath}?/register`,
			headers: { 'x-forwarded-host': 'attacker.example', origin: 'http://attacker.example', 'x-forwarded-for': '203.0.113.1' },
			form: registrationForm('victim2@example.org')
		});
		expect(res.status).toBe(421);
	});

	it('every mail, from a request or from background work, links to the printed address', async () => {
		const res = await send(server.port, {
			path: `${server.itemPath}?/register`,
			headers: { origin, 'x-forwarded-for': '203.0.113.2' },
			form: registrationForm('someone@example.org')
		});
		// The form answers with its result page (303), on the same host.
		expect(res.status).toBe(303);
		expect(String(res.headers.location)).toMatch(/^(\/[a-z]{2})?\/anmeldung\/ergebnis\//);
		const confirm = await waitForLinks(server, 'someone@example.org', '/anmeldung/bestaetigen/');
		// The sign-in link (better-auth's magic link) and the reminder (the background job).
		expect((await send(server.port, { path: '/verein/anmelden', headers: { origin, 'x-forwarded-for': '203.0.113.3' }, form: { email: 'member@example.org' } })).status).toBe(200);
		const signIn = await waitForLinks(server, 'member@example.org', '/verein/link/');
		const reminder = await waitForLinks(server, 'reminded@example.org', '/teilnahme/');
		for (const link of [...confirm, ...signIn, ...reminder]) expect(link.startsWith(`${origin}/`), link).toBe(true);
		expect(linksInMailsTo(server, 'victim@example.org')).toEqual([]);
		expect(linksInMailsTo(server, 'victim2@example.org')).toEqual([]);
	});

	it('a request without X-Forwarded-For is served (client address: the connection)', async () => {
		const res = await send(server.port, { path: '/verein/anmelden', headers: { origin }, form: { email: 'nobody@example.org' } });
		expect(res.status).toBe(200);
	});

	it('the rate-limit key is the address the proxy saw, not what the client put before it', async () => {
		const statuses: number[] = [];
		for (let i = 0; i <= SIGN_IN_IP_LIMIT.max; i++) {
			// A new address each time: one address has its own limit (3 sign-in mails an hour).
			const res = await send(server.port, { path: '/verein/anmelden', headers: { origin, 'x-forwarded-for': `10.9.${i}.1, 198.51.100.7` }, form: { email: `nobody-${i}@example.org` } });
			statuses.push(res.status);
		}
		expect(statuses.at(-1)).toBe(429);
		const other = await send(server.port, { path: '/verein/anmelden', headers: { origin, 'x-forwarded-for': '198.51.100.8' }, form: { email: 'nobody-other@example.org' } });
		expect(other.status).toBe(200);
	});
});

describe('behind an https proxy (PUBLIC_ORIGIN=https://…, TRUST_PROXY=1, ALLOWED_HOSTS)', () => {
	let server: Server;
	let signInLink = '';
	const origin = 'https://programm.example.org';
	const proxied = (extra: Record<string, string> = {}) => ({ host: '127.0.0.1:3000', 'x-forwarded-host': 'programm.example.org', 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.50', ...extra });
	beforeAll(async () => {
		server = await startServer({ PUBLIC_ORIGIN: origin, TRUST_PROXY: 'true', ALLOWED_HOSTS: 'www.programm.example.org' });
	});
	afterAll(() => stopServer(server));

	it('links in mails use the public origin; other hosts are refused', async () => {
		expect((await send(server.port, { path: server.itemPath, headers: proxied({ 'x-forwarded-host': 'attacker.example' }) })).status).toBe(421);
		expect((await send(server.port, { path: server.itemPath, headers: { host: 'localhost:3000' } })).status).toBe(421);
		expect((await send(server.port, { path: server.itemPath, headers: proxied({ 'x-forwarded-host': 'www.programm.example.org' }) })).status).toBe(200);
		const res = await send(server.port, { path: `${server.itemPath}?/register`, headers: proxied({ origin }), form: registrationForm('proxied@example.org') });
		expect(res.status).toBe(303);
		expect(String(res.headers.location)).toMatch(/^(\/[a-z]{2})?\/anmeldung\/ergebnis\//);
		for (const link of await waitForLinks(server, 'proxied@example.org', '/anmeldung/bestaetigen/')) expect(link.startsWith(`${origin}/`), link).toBe(true);
		expect((await send(server.port, { path: '/verein/anmelden', headers: proxied({ origin }), form: { email: 'member@example.org' } })).status).toBe(200);
		const signIn = await waitForLinks(server, 'member@example.org', '/verein/link/');
		for (const link of signIn) expect(link.startsWith(`${origin}/verein/link/`), link).toBe(true);
		signInLink = signIn.at(-1)!;
	});

	it('health checks answer whatever the host', async () => {
		expect((await send(server.port, { path: '/healthz', headers: { host: '10.0.0.5:3000' } })).status).toBe(200);
	});

	it('session cookies are Secure; HSTS and nosniff on pages and static files', async () => {
		// The member signs in with the emailed link (a button on the page it opens).
		const res = await send(server.port, { path: new URL(signInLink).pathname, headers: proxied({ origin }), form: {} });
		expect(res.status).toBe(303);
		const cookies = res.headers['set-cookie'] ?? [];
		expect(cookies.length).toBeGreaterThan(0);
		for (const c of cookies) expect(c).toMatch(/;\s*Secure/i);
		for (const p of ['/favicon.svg', '/check-autosave.js', server.itemPath]) {
			const r = await send(server.port, { path: p, headers: proxied() });
			expect(r.status, p).toBe(200);
			expect(r.headers['x-content-type-options'], p).toBe('nosniff');
			expect(r.headers['strict-transport-security'], p).toMatch(/max-age=\d{7,}/);
		}
	});

	it('pages with a session or personal data are not stored by caches', async () => {
		for (const p of ['/verein/anmelden', '/teilnahme/ungueltig', '/anmeldung/bestaetigen/ungueltig', '/admin/anmelden']) {
			const r = await send(server.port, { path: p, headers: proxied() });
			expect(r.headers['cache-control'], p).toContain('no-store');
		}
		const posted = await send(server.port, { path: `${server.itemPath}?/register`, headers: proxied({ origin }), form: { ...registrationForm('x'), email: 'kein-email' } });
		expect(posted.status).toBe(400);
		expect(posted.headers['cache-control']).toContain('no-store');
	});

	it('an encoded path cannot slip past the backoffice guard', async () => {
		for (const p of ['/%61dmin', '/%61dmin/projekte', '/en/%61dmin']) {
			const r = await send(server.port, { path: p, headers: proxied() });
			expect(r.status, p).toBe(303);
			expect(r.headers.location, p).toMatch(/\/admin\/anmelden/);
		}
	});
});
