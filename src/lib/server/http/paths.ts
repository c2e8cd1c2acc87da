/**
 * Request paths as the router sees them, for the guards and headers in src/hooks.server.ts. Pure.
 */

/**
 * The path the router matches: percent-escapes decoded the way SvelteKit decodes them (`%25` and
 * reserved characters such as `%2F` stay), repeated slashes collapsed. So `/%61dmin` is `/admin`.
 * A malformed escape leaves the path as it is (SvelteKit refuses such a request before any hook).
 */
export function routePath(pathname: string): string {
	let decoded: string;
	try {
		decoded = pathname.split('%25').map(decodeURI).join('%25');
	} catch {
		decoded = pathname;
	}
	return decoded.replace(/\/{2,}/g, '/');
}

/** `path` is `prefix` or below it (`/admin`, `/admin/…`; not `/administration`). */
export function isUnder(path: string, prefix: string): boolean {
	return path === prefix || path.startsWith(`${prefix}/`);
}

/** Areas whose pages show a session's or a person's data: the backoffice, consultants, associations, participants. */
const PRIVATE_AREAS = ['/admin', '/beratung', '/verein', '/teilnahme', '/anmeldung', '/zertifikat'];

/**
 * Whether a response must not be kept by browsers or shared caches: a private area, any answer to
 * a form (it may repeat what was typed), a signed-in visitor's page, or a response setting a cookie.
 */
export function mustNotStore(opts: { path: string; method: string; signedIn: boolean; setsCookie: boolean }): boolean {
	if (PRIVATE_AREAS.some((area) => isUnder(opts.path, area))) return true;
	if (opts.method !== 'GET' && opts.method !== 'HEAD') return true;
	return opts.signedIn || opts.setsCookie;
}
