// Serves the built app over plain HTTP. One public origin (PUBLIC_ORIGIN, else the local address
// printed below) is resolved at start by src/lib/server/http/origin.js, the same module the app's
// config uses, so links in mails never depend on a request header. Per request:
// - the host (`Host`, or `X-Forwarded-Host` when TRUST_PROXY says a proxy is in front) must be the
//   public origin's host or one of ALLOWED_HOSTS (locally also localhost/127.0.0.1/[::1]/HOST);
//   anything else gets 421 (400 without a usable host), except GET /healthz for health checks;
// - SvelteKit sees that checked host with the public origin's protocol (its CSRF check compares it
//   with the browser's Origin), and X-Forwarded-For is replaced by the one client address:
//   TRUST_PROXY=N takes the N-th entry from the right, otherwise the connection's address;
// - every response, static files included, gets nosniff and, for an https origin, HSTS.
import http from 'node:http';
import { clientAddress, decideHost, resolveOrigin, securityHeaders } from '../src/lib/server/http/origin.js';

const settings = resolveOrigin(process.env);
const headers = securityHeaders(settings);
// adapter-node reads these at import: protocol and host from the headers set below, the client
// address from the single X-Forwarded-For value set below. ORIGIN would bypass the host check.
process.env.PROTOCOL_HEADER = 'x-forwarded-proto';
process.env.HOST_HEADER = 'x-forwarded-host';
process.env.ADDRESS_HEADER = 'x-forwarded-for';
process.env.XFF_DEPTH = '1';
delete process.env.ORIGIN;
// Bodies up to 3 MB reach the app, for the handbook's image uploads (≤ 2 MB); every other form stays
// at 512 KB by src/lib/server/input-guard.ts.
process.env.BODY_SIZE_LIMIT ??= '3M';

// Stored public answers carry these headers already (page-cache.ts), so a hit sets none one by one.
globalThis[Symbol.for('bildungsturbo.server-headers')] = headers;

const { handler } = await import('../build/handler.js');
const PAGE_CACHE = Symbol.for('bildungsturbo.page-cache');

/** The host decision per Host (and, behind a proxy, X-Forwarded-Host) value: clients send a handful, parsing each costs two URLs. */
const decisions = new Map();
function hostDecision(reqHeaders) {
	const forwarded = settings.proxyHops > 0 ? reqHeaders['x-forwarded-host'] : undefined;
	const key = `${reqHeaders.host ?? ''}\n${forwarded ?? ''}`;
	let decided = decisions.get(key);
	if (!decided) {
		decided = decideHost(settings, reqHeaders);
		if (decided.ok) decided.url = new URL(decided.origin);
		if (decisions.size >= 256) decisions.clear();
		decisions.set(key, decided);
	}
	return decided;
}

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || '0.0.0.0';

const headerList = Object.entries(headers);
const publicUrl = new URL(settings.publicOrigin);

const server = http.createServer((req, res) => {
	const decided = hostDecision(req.headers);
	// Public pages and API reads the app has rendered and stored (src/lib/server/http/page-cache.ts)
	// are sent from here, without a pass through SvelteKit, while their version is current.
	if (decided.ok && globalThis[PAGE_CACHE]?.serve(req, res)) return;
	for (const [name, value] of headerList) res.setHeader(name, value);
	let url;
	if (decided.ok) url = decided.url;
	else if ((req.method === 'GET' || req.method === 'HEAD') && req.url?.split('?')[0] === '/healthz') url = publicUrl;
	else {
		res.statusCode = decided.status;
		res.setHeader('Content-Type', 'text/plain; charset=utf-8');
		res.setHeader('Cache-Control', 'no-store');
		res.end(decided.status === 421 ? `421 Misdirected Request: this server answers for ${settings.publicOrigin} only.\n` : '400 Bad Request: no valid Host header.\n');
		return;
	}
	req.headers['x-forwarded-proto'] = url.protocol.slice(0, -1);
	req.headers['x-forwarded-host'] = url.host;
	req.headers['x-forwarded-for'] = clientAddress(settings.proxyHops, req.headers['x-forwarded-for'], req.socket.remoteAddress);
	// The JSON API (/api/v1) authenticates by bearer token only, never by cookie, so a forged
	// cross-site request has nothing to borrow: its cookies are dropped and it counts as same-origin,
	// which lets SvelteKit's form CSRF check (a text 403 before any hook) pass body-less token writes.
	if (/^\/api\/v1(\/|\?|$)/.test(req.url ?? '')) {
		delete req.headers.cookie;
		req.headers.origin = url.origin;
	}
	handler(req, res, () => {
		res.statusCode = 404;
		res.end('Not found');
	});
});

server.listen(port, host, () => {
	const shown = settings.publicOrigin;
	console.log(`Bildungsturbo läuft auf ${shown}  (Backoffice: ${shown}/admin)`);
	if (!settings.configured) {
		console.warn(
			`Hinweis: PUBLIC_ORIGIN ist nicht gesetzt. Links in Mails zeigen auf ${shown}, und nur Anfragen an ` +
				`${settings.hostnames.join(', ')} werden beantwortet. Für den Betrieb PUBLIC_ORIGIN setzen, z. B. https://programm.example.org.`
		);
	}
});

let closing = false;
function shutdown(signal) {
	if (closing) return;
	closing = true;
	console.log(`${signal}: shutting down…`);
	server.close(() => {
		process.emit('sveltekit:shutdown', signal);
		setTimeout(() => process.exit(0), 200).unref();
	});
	server.closeIdleConnections();
	setTimeout(() => {
		server.closeAllConnections();
		process.exit(0);
	}, 10_000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
