import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit/hooks';
import { redirect } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '#lib/paraglide/server.js';
import { getTextDirection, deLocalizeUrl, localizeHref } from '#lib/paraglide/runtime.js';
import { app, startApp } from '#lib/server/app.ts';
import * as m from '#lib/paraglide/messages.js';
import { isConsultant, isStaff } from '#lib/server/auth/guard.ts';
import { isUnder, mustNotStore, routePath } from '#lib/server/http/paths.ts';
import { notFoundResponse } from '#lib/server/http/not-found.ts';
import { handleInput } from '#lib/server/input-guard.ts';
import { handleApi } from '#lib/server/api/hook.ts';
import { handleOutage, noteDatabaseError } from '#lib/server/outage.ts';
import { handleCompression } from '#lib/server/http/compression.ts';
import { pageCacheHandle, sharedPageCache } from '#lib/server/http/page-cache.ts';
import { nextPublicChange, readPublicVersion } from '#lib/server/programme/public-version.ts';

/** Migrate, load the demo into an empty database and create the first admin, before any request. */
export const init: ServerInit = async () => {
	await startApp();
};

const handleLocale: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ locale }) => {
		event.locals.locale = locale;
		return resolve(event, {
			transformPageChunk: ({ html }) =>
				html.replace('%paraglide.lang%', locale).replace('%paraglide.dir%', getTextDirection(locale))
		});
	});

/**
 * Reads the session; guards the backoffice and the consultants' area. Services check permissions again.
 * A consultant gets 404 for every backoffice path but the sign-in (their door is /beratung).
 */
const handleSession: Handle = async ({ event, resolve }) => {
	const found = await app().auth.api.getSession({ headers: event.request.headers });
	const role = (found?.user as { role?: string } | undefined)?.role ?? '';
	const signInMethod = (found?.session as { signInMethod?: string } | undefined)?.signInMethod ?? 'other';
	// A deactivated account's sessions are deleted with the deactivation; one made in that very moment counts for nothing.
	const deactivated = Boolean((found?.user as { deactivatedAt?: unknown } | undefined)?.deactivatedAt);
	event.locals.user = found && !deactivated ? { id: found.user.id, email: found.user.email, name: found.user.name, role, signInMethod } : null;
	// Decoded as the router decodes it: `/%61dmin` is guarded like `/admin`.
	const path = routePath(deLocalizeUrl(event.url).pathname);
	const back = () => encodeURIComponent(event.url.pathname + event.url.search);
	if (path.startsWith('/admin') && path !== '/admin/anmelden' && !path.startsWith('/admin/anmelden/')) {
		if (isConsultant(event.locals.user)) return notFoundResponse(event.locals.locale, '/beratung', m.team_door_home_link({}, { locale: event.locals.locale }));
		if (!isStaff(event.locals.user)) redirect(303, localizeHref(`/admin/anmelden?weiter=${back()}`));
	}
	// Consultants sign in at the team's sign-in; other accounts get 404 there (requireConsultant).
	// The consultant's calendar feed is read by calendar apps without a session; its secret token is the key.
	if (isUnder(path, '/beratung') && !path.startsWith('/beratung/kalender/') && !event.locals.user) redirect(303, localizeHref(`/admin/anmelden?weiter=${back()}`));
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
	const signedIn = event.locals.user !== null;
	if (mustNotStore({ path, method: event.request.method, signedIn, setsCookie: response.headers.has('set-cookie') })) response.headers.set('Cache-Control', 'no-store');
	return response;
};

/** Public pages and feeds rendered once per programme version (src/lib/server/http/page-cache.ts). */
const handlePublicPages: Handle = pageCacheHandle(() =>
	sharedPageCache(() => {
		const { db, listen } = app().database;
		return {
			readVersion: () => readPublicVersion(db),
			nextChange: (now) => nextPublicChange(db, now),
			// The triggers NOTIFY at commit: a change on another instance shows at once, not within a second.
			subscribe: (onChange) => void listen('public_version', onChange).catch((e) => console.error('page cache: LISTEN failed, polling only', e))
		};
	})
);

// handlePublicPages answers public pages from the page cache before any session lookup (never with a cookie).
// handleInput refuses malformed paths, queries and bodies before any session lookup or route.
// handleOutage answers 503 (a short page, Retry-After) for whatever fails on an unavailable database.
// handleApi answers CORS preflight below /api/v1 and turns every error there into problem+json (server/api/hook.ts).
// handleCompression compresses the app's text answers (brotli, else gzip); stored pages come compressed.
export const handle: Handle = sequence(handleCompression, handleLocale, handleApi, handleOutage, handlePublicPages, handleInput, handleSession);

/** A database outage becomes a 503 (src/lib/server/outage.ts); other unexpected errors are logged as SvelteKit would. */
export const handleError: HandleServerError = ({ error, event, kind }) => {
	const outage = noteDatabaseError(event, error);
	if (outage) return outage;
	if (kind === 'unknown') console.error(error);
};
