/**
 * Tells an error that means "the database cannot be used right now" (down, unreachable,
 * restarting, dropped, out of connections) from every other error (a bug, a rejected statement).
 * Such errors answer 503 with a short page (src/lib/server/outage.ts), not 500.
 */

/** Node socket errors and postgres.js connection errors. */
const CONNECTION_CODES = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'ECONNABORTED',
	'ETIMEDOUT',
	'EHOSTUNREACH',
	'EHOSTDOWN',
	'ENETUNREACH',
	'ENETDOWN',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EPIPE',
	'CONNECT_TIMEOUT',
	'CONNECTION_CLOSED',
	'CONNECTION_ENDED',
	'CONNECTION_DESTROYED'
]);

/**
 * PostgreSQL SQLSTATEs: 08xxx connection exceptions; 57P01–57P03 the server shuts down, crashed or
 * is starting; 3D000 the database does not exist (dropped); 53300 too many connections.
 */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '3D000', '53300']);

/** The embedded database after it was closed (shutdown) or crashed. */
const PGLITE_CLOSED = /PGlite is closed/i;

function isUnavailableItself(e: unknown): boolean {
	if (!e || typeof e !== 'object') return false;
	const code = (e as { code?: unknown }).code;
	if (typeof code === 'string' && (CONNECTION_CODES.has(code) || UNAVAILABLE_STATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
	const message = (e as { message?: unknown }).message;
	return typeof message === 'string' && PGLITE_CLOSED.test(message);
}

/** True when `error`, or an error it wraps (Drizzle's `cause`, an AggregateError's `errors`), says the database is unavailable. */
export function isDatabaseUnavailable(error: unknown): boolean {
	const seen = new Set<unknown>();
	const queue: unknown[] = [error];
	while (queue.length) {
		const e = queue.shift();
		if (!e || typeof e !== 'object' || seen.has(e)) continue;
		seen.add(e);
		if (isUnavailableItself(e)) return true;
		queue.push((e as { cause?: unknown }).cause);
		const inner = (e as { errors?: unknown }).errors;
		if (Array.isArray(inner)) queue.push(...inner);
	}
	return false;
}
