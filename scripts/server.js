// Serves the built app over plain HTTP. The request origin that SvelteKit (and its CSRF check) sees:
// - PUBLIC_ORIGIN set (e.g. https://programm.example.org): that origin, always;
// - TRUST_PROXY=1: the proxy's X-Forwarded-Proto / X-Forwarded-Host;
// - otherwise: http:// and the Host header, which is what a direct connection really is.
// This is why forms work on http://localhost:3000 and behind a TLS reverse proxy alike.
import http from 'node:http';

const publicOrigin = process.env.PUBLIC_ORIGIN ? new URL(process.env.PUBLIC_ORIGIN) : null;
const trustProxy = ['1', 'true', 'yes'].includes((process.env.TRUST_PROXY ?? '').toLowerCase());
process.env.PROTOCOL_HEADER = 'x-forwarded-proto';
process.env.HOST_HEADER = 'x-forwarded-host';
if (trustProxy) process.env.ADDRESS_HEADER ||= 'x-forwarded-for';

const { handler } = await import('../build/handler.js');
const PAGE_CACHE = Symbol.for('bildungsturbo.page-cache');

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || '0.0.0.0';

const server = http.createServer((req, res) => {
	if (publicOrigin) {
		req.headers['x-forwarded-proto'] = publicOrigin.protocol.slice(0, -1);
		req.headers['x-forwarded-host'] = publicOrigin.host;
	} else if (!trustProxy) {
		req.headers['x-forwarded-proto'] = 'http';
		delete req.headers['x-forwarded-host'];
	} else {
		req.headers['x-forwarded-proto'] ||= 'http';
	}
	// Public pages the app has rendered and stored (src/lib/server/http/page-cache.ts) are sent from
	// here, without a pass through SvelteKit, while their version is current.
	if (globalThis[PAGE_CACHE]?.serve(req, res)) return;
	handler(req, res, () => {
		res.statusCode = 404;
		res.end('Not found');
	});
});

server.listen(port, host, () => {
	const shown = publicOrigin?.origin ?? `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${port}`;
	console.log(`Bildungsturbo läuft auf ${shown}  (Backoffice: ${shown}/admin)`);
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
