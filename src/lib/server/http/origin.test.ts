import { describe, expect, it } from 'vitest';
import { clientAddress, decideHost, parseTrustProxy, resolveOrigin, securityHeaders } from './origin.js';

describe('the public origin', () => {
	it('is PUBLIC_ORIGIN, normalised; a path or another scheme is refused at start', () => {
		expect(resolveOrigin({ PUBLIC_ORIGIN: 'https://Programm.Example.org/' })).toMatchObject({ publicOrigin: 'https://programm.example.org', configured: true, hostnames: ['programm.example.org'] });
		expect(resolveOrigin({ PUBLIC_ORIGIN: 'https://programm.example.org:443' }).publicOrigin).toBe('https://programm.example.org');
		expect(() => resolveOrigin({ PUBLIC_ORIGIN: 'https://example.org/bildung' })).toThrow(/without a path/);
		expect(() => resolveOrigin({ PUBLIC_ORIGIN: 'ftp://example.org' })).toThrow(/PUBLIC_ORIGIN/);
		expect(() => resolveOrigin({ PUBLIC_ORIGIN: 'programm.example.org' })).toThrow(/PUBLIC_ORIGIN/);
	});

	it('without PUBLIC_ORIGIN is the address the start-up prints, and local names are accepted', () => {
		expect(resolveOrigin({})).toMatchObject({ publicOrigin: 'http://localhost:3000', configured: false });
		expect(resolveOrigin({ PORT: '8080', HOST: '0.0.0.0' }).publicOrigin).toBe('http://localhost:8080');
		const e2e = resolveOrigin({ PORT: '41234', HOST: '127.0.0.1' });
		expect(e2e.publicOrigin).toBe('http://127.0.0.1:41234');
		expect(e2e.hostnames).toEqual(expect.arrayContaining(['localhost', '127.0.0.1', '[::1]']));
		expect(resolveOrigin({ HOST: '::1' }).publicOrigin).toBe('http://[::1]:3000');
		expect(resolveOrigin({ HOST: 'bt.lan' }).hostnames).toContain('bt.lan');
	});

	it('ALLOWED_HOSTS adds host names; a URL there is refused', () => {
		expect(resolveOrigin({ PUBLIC_ORIGIN: 'https://a.example', ALLOWED_HOSTS: 'www.a.example, B.example:8443' }).hostnames).toEqual(['a.example', 'www.a.example', 'b.example']);
		expect(() => resolveOrigin({ ALLOWED_HOSTS: 'https://x.example/' })).toThrow(/ALLOWED_HOSTS/);
	});
});

describe('TRUST_PROXY', () => {
	it('is a hop count; 1/true/yes mean one proxy', () => {
		for (const v of [undefined, '', '0', 'false', 'no', 'off']) expect(parseTrustProxy(v)).toBe(0);
		for (const v of ['1', 'true', 'TRUE', 'yes', 'on']) expect(parseTrustProxy(v)).toBe(1);
		expect(parseTrustProxy('2')).toBe(2);
		expect(() => parseTrustProxy('maybe')).toThrow(/TRUST_PROXY/);
		expect(() => parseTrustProxy('-1')).toThrow(/TRUST_PROXY/);
	});
});

describe('which requests are served', () => {
	const prod = resolveOrigin({ PUBLIC_ORIGIN: 'https://programm.example.org', ALLOWED_HOSTS: 'www.programm.example.org', TRUST_PROXY: '1' });
	const direct = resolveOrigin({ PUBLIC_ORIGIN: 'https://programm.example.org' });
	const local = resolveOrigin({ PORT: '3000' });

	it('the public host, with the public scheme', () => {
		expect(decideHost(direct, { host: 'programm.example.org' })).toEqual({ ok: true, origin: 'https://programm.example.org' });
		expect(decideHost(direct, { host: 'PROGRAMM.example.org:443' })).toEqual({ ok: true, origin: 'https://programm.example.org' });
		expect(decideHost(prod, { host: '127.0.0.1:3000', 'x-forwarded-host': 'www.programm.example.org' })).toEqual({ ok: true, origin: 'https://www.programm.example.org' });
	});

	it('a foreign Host is misdirected (421), a missing or malformed one bad (400)', () => {
		expect(decideHost(direct, { host: 'attacker.example' })).toEqual({ ok: false, status: 421 });
		expect(decideHost(direct, { host: 'localhost:3000' })).toEqual({ ok: false, status: 421 });
		expect(decideHost(direct, { host: 'programm.example.org.attacker.example' })).toEqual({ ok: false, status: 421 });
		expect(decideHost(direct, {})).toEqual({ ok: false, status: 400 });
		expect(decideHost(direct, { host: 'programm.example.org/x' })).toEqual({ ok: false, status: 400 });
		expect(decideHost(direct, { host: 'user@programm.example.org' })).toEqual({ ok: false, status: 400 });
	});

	it('X-Forwarded-Host counts only behind a trusted proxy, and must be allowed too', () => {
		// Without TRUST_PROXY the header is ignored: the Host decides.
		expect(decideHost(direct, { host: 'programm.example.org', 'x-forwarded-host': 'attacker.example' })).toEqual({ ok: true, origin: 'https://programm.example.org' });
		expect(decideHost(prod, { host: 'programm.example.org', 'x-forwarded-host': 'attacker.example' })).toEqual({ ok: false, status: 421 });
		expect(decideHost(prod, { host: 'x', 'x-forwarded-host': 'programm.example.org, attacker.example' })).toEqual({ ok: false, status: 421 });
		// Without the header (a health check from inside), the Host decides.
		expect(decideHost(prod, { host: 'programm.example.org' })).toEqual({ ok: true, origin: 'https://programm.example.org' });
	});

	it('locally: localhost, 127.0.0.1 and [::1] on any port, nothing else (no DNS rebinding)', () => {
		expect(decideHost(local, { host: 'localhost:3000' })).toEqual({ ok: true, origin: 'http://localhost:3000' });
		expect(decideHost(local, { host: '127.0.0.1:3000' })).toEqual({ ok: true, origin: 'http://127.0.0.1:3000' });
		expect(decideHost(local, { host: '[::1]:3000' })).toEqual({ ok: true, origin: 'http://[::1]:3000' });
		expect(decideHost(local, { host: 'attacker.example:3000' })).toEqual({ ok: false, status: 421 });
		expect(decideHost(local, { host: '192.168.1.20:3000' })).toEqual({ ok: false, status: 421 });
	});
});

describe('the client address', () => {
	it('is the socket address unless proxies are trusted', () => {
		expect(clientAddress(0, '203.0.113.9', '10.0.0.1')).toBe('10.0.0.1');
		expect(clientAddress(0, undefined, undefined)).toBe('');
	});

	it('with N hops: the N-th entry from the right; too few entries or no IP: the socket', () => {
		expect(clientAddress(1, 'forged, 203.0.113.9', '10.0.0.1')).toBe('203.0.113.9');
		expect(clientAddress(2, 'forged, 203.0.113.9, 10.0.0.2', '10.0.0.1')).toBe('203.0.113.9');
		expect(clientAddress(1, ['1.1.1.1', '203.0.113.9'], '10.0.0.1')).toBe('203.0.113.9');
		expect(clientAddress(2, '203.0.113.9', '10.0.0.1')).toBe('10.0.0.1');
		expect(clientAddress(1, undefined, '10.0.0.1')).toBe('10.0.0.1');
		expect(clientAddress(1, 'unknown', '10.0.0.1')).toBe('10.0.0.1');
		expect(clientAddress(1, '2001:db8::1', '10.0.0.1')).toBe('2001:db8::1');
	});
});

describe('security headers', () => {
	it('nosniff always; HSTS only for an https origin', () => {
		expect(securityHeaders(resolveOrigin({}))).toEqual({ 'X-Content-Type-Options': 'nosniff' });
		expect(securityHeaders(resolveOrigin({ PUBLIC_ORIGIN: 'https://a.example' }))).toEqual({ 'X-Content-Type-Options': 'nosniff', 'Strict-Transport-Security': 'max-age=31536000' });
	});
});

describe('the request never decides a link', () => {
	it('no route reads url.origin, and no route or service a host header (links use config.publicOrigin)', async () => {
		const fs = await import('node:fs');
		const path = await import('node:path');
		const offenders: string[] = [];
		for (const root of ['src/routes', 'src/lib/server', 'src/hooks.server.ts']) {
			const files = fs.statSync(root).isDirectory() ? fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).map((f) => path.join(root, f)) : [root];
			for (const file of files) {
				// A route folder may be named like a file (src/routes/widget.js/).
				if (!/\.(ts|js|svelte)$/.test(file) || file.includes(`${path.sep}http${path.sep}`) || !fs.statSync(file).isFile()) continue;
				const text = fs.readFileSync(file, 'utf8');
				// In routes and hooks `url` is the request's URL; services build links from `env.origin`.
				const requestUrl = !file.startsWith('src/lib/') && /\burl\.origin\b/.test(text);
				if (requestUrl || /\.get\(\s*['"](host|x-forwarded-host|origin)['"]\s*\)|requestOrigin/i.test(text)) offenders.push(file);
			}
		}
		expect(offenders).toEqual([]);
	});
});
