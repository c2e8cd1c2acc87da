/**
 * The one public origin, the hosts the server answers for, and the client address behind proxies.
 * Pure; plain JavaScript so that scripts/server.js (outside the bundle) and the app's config
 * (src/lib/server/config.ts) resolve the same origin from the same environment.
 *
 * - Links in mails, feeds and files always use `publicOrigin`, never a request header.
 * - A request is served only when its host (`Host`, or `X-Forwarded-Host` behind a trusted proxy)
 *   is the public origin's host or one of ALLOWED_HOSTS; on a local start without PUBLIC_ORIGIN
 *   also localhost, 127.0.0.1, [::1] and HOST. Others get 421 (400 when the host is missing or malformed).
 * - TRUST_PROXY is a number of proxy hops: the client is the address that many entries from the
 *   right of X-Forwarded-For; without enough entries (or with 0 hops), the connection's address.
 */
import { isIP } from 'node:net';

/**
 * @typedef {object} OriginSettings
 * @property {string} publicOrigin  e.g. `https://programm.example.org` or `http://localhost:3000`
 * @property {boolean} configured   PUBLIC_ORIGIN was set (otherwise the printed local address)
 * @property {string[]} hostnames   lower-case host names (IPv6 in brackets) requests may be for
 * @property {number} proxyHops     trusted reverse proxies in front (0: none)
 */

/** @typedef {Record<string, string | string[] | undefined>} Headers */

const LOCAL_HOSTNAMES = ['localhost', '127.0.0.1', '[::1]'];

/**
 * TRUST_PROXY as a hop count: empty, `0`, `false`, `no`, `off` → 0; `1`, `true`, `yes`, `on` → 1;
 * a whole number → that many.
 * @param {string | undefined} value
 * @returns {number}
 */
export function parseTrustProxy(value) {
	const v = (value ?? '').trim().toLowerCase();
	if (['', '0', 'false', 'no', 'off'].includes(v)) return 0;
	if (['1', 'true', 'yes', 'on'].includes(v)) return 1;
	if (/^\d+$/.test(v) && Number(v) <= 20) return Number(v);
	throw new Error(`TRUST_PROXY must be the number of reverse proxies in front of the app (0, 1, 2 …) or true/false, not "${value}".`);
}

/**
 * A `host[:port]` value as a URL host, or null when it is not one (paths, user info, spaces …).
 * @param {string} value
 * @param {string} protocol e.g. `https:`; a default port for it is dropped
 * @returns {{ hostname: string, host: string } | null}
 */
export function parseHost(value, protocol = 'http:') {
	const v = value.trim();
	if (!v || /[\s/\\?#@]/.test(v)) return null;
	try {
		const url = new URL(`${protocol}//${v}`);
		return url.hostname ? { hostname: url.hostname, host: url.host } : null;
	} catch {
		return null;
	}
}

/**
 * The settings from the environment (PUBLIC_ORIGIN, ALLOWED_HOSTS, TRUST_PROXY, HOST, PORT).
 * Throws a readable error for a PUBLIC_ORIGIN that is not an http(s) origin.
 * @param {Record<string, string | undefined>} env
 * @returns {OriginSettings}
 */
export function resolveOrigin(env) {
	const raw = env.PUBLIC_ORIGIN?.trim().replace(/\/+$/, '') ?? '';
	let publicOrigin;
	const hostnames = new Set();
	if (raw) {
		let url;
		try {
			url = new URL(raw);
		} catch {
			throw new Error(`PUBLIC_ORIGIN must be an address such as https://programm.example.org, not "${raw}".`);
		}
		if (!['http:', 'https:'].includes(url.protocol) || url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
			throw new Error(`PUBLIC_ORIGIN must be http(s)://host[:port] without a path, not "${raw}".`);
		}
		publicOrigin = url.origin;
		hostnames.add(url.hostname);
	} else {
		const port = Number(env.PORT) || 3000;
		const listen = env.HOST?.trim() || '0.0.0.0';
		const shown = listen === '0.0.0.0' || listen === '::' ? 'localhost' : isIP(listen) === 6 ? `[${listen}]` : listen;
		publicOrigin = new URL(`http://${shown}:${port}`).origin;
		for (const h of [...LOCAL_HOSTNAMES, new URL(publicOrigin).hostname]) hostnames.add(h);
	}
	for (const entry of (env.ALLOWED_HOSTS ?? '').split(',')) {
		if (!entry.trim()) continue;
		const parsed = parseHost(entry);
		if (!parsed) throw new Error(`ALLOWED_HOSTS holds "${entry.trim()}", which is not a host name.`);
		hostnames.add(parsed.hostname);
	}
	return { publicOrigin, configured: Boolean(raw), hostnames: [...hostnames], proxyHops: parseTrustProxy(env.TRUST_PROXY) };
}

/**
 * @param {string | string[] | undefined} value
 * @returns {string[]}
 */
function listHeader(value) {
	return [value ?? []]
		.flat()
		.join(',')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
}

/**
 * Whether a request may be served, and the origin SvelteKit should see for it (its CSRF check
 * compares the browser's Origin with it). Links never use it: they use `publicOrigin`.
 * @param {OriginSettings} settings
 * @param {Headers} headers the request's headers, lower-case names (as Node gives them)
 * @returns {{ ok: true, origin: string } | { ok: false, status: 400 | 421 }}
 */
export function decideHost(settings, headers) {
	const protocol = new URL(settings.publicOrigin).protocol;
	const forwarded = settings.proxyHops > 0 ? listHeader(headers['x-forwarded-host']) : [];
	const candidates = forwarded.length ? forwarded : listHeader(headers.host);
	if (!candidates.length || (!forwarded.length && candidates.length > 1)) return { ok: false, status: 400 };
	const parsed = candidates.map((c) => parseHost(c, protocol));
	if (parsed.some((p) => p === null)) return { ok: false, status: 400 };
	if (!parsed.every((p) => p && settings.hostnames.includes(p.hostname))) return { ok: false, status: 421 };
	return { ok: true, origin: `${protocol}//${/** @type {{ host: string }} */ (parsed[0]).host}` };
}

/**
 * The client's address: with `hops` trusted proxies, the entry that many places from the right of
 * X-Forwarded-For (each proxy appends the address it was reached from); otherwise, or when the
 * header has fewer entries or that entry is no IP address, the connection's own address.
 * @param {number} hops
 * @param {string | string[] | undefined} forwardedFor
 * @param {string | undefined} socketAddress
 * @returns {string}
 */
export function clientAddress(hops, forwardedFor, socketAddress) {
	const socket = socketAddress ?? '';
	if (hops <= 0) return socket;
	const list = listHeader(forwardedFor);
	if (list.length < hops) return socket;
	const chosen = /** @type {string} */ (list[list.length - hops]);
	return isIP(chosen) ? chosen : socket;
}

/**
 * Headers for every response, static files included: no MIME sniffing; HSTS when the public
 * origin is https (one year, this host only: other services on subdomains are not bound).
 * @param {OriginSettings} settings
 * @returns {Record<string, string>}
 */
export function securityHeaders(settings) {
	/** @type {Record<string, string>} */
	const headers = { 'X-Content-Type-Options': 'nosniff' };
	if (settings.publicOrigin.startsWith('https://')) headers['Strict-Transport-Security'] = 'max-age=31536000';
	return headers;
}
