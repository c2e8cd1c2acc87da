/**
 * Database outages: a request that fails because the database is down or unreachable answers 503
 * with a short page in the visitor's language and `Retry-After`, never a 500 (and, thanks to the
 * bounded connect timeout in db/client.ts, within about 5 s).
 *
 * Two paths lead here. An error thrown by a route (load, action, endpoint) reaches SvelteKit's
 * `handleError`, which calls `noteDatabaseError`; `handleOutage` then replaces the response. An
 * error thrown by a later `handle` (the session lookup) propagates through `handleOutage` itself.
 */
import type { RequestEvent } from '@sveltejs/kit';
import type { Handle } from '@sveltejs/kit/hooks';
import * as m from '../paraglide/messages.js';
import { getTextDirection, locales, type Locale } from '../paraglide/runtime.js';
import { isDatabaseUnavailable } from './db/unavailable.ts';

export const RETRY_AFTER_SECONDS = 60;

/** Requests (by their `locals`) whose route failed on an unavailable database. */
const failed = new WeakSet<object>();

function describe(error: unknown): string {
	return error instanceof Error ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}` : String(error);
}

/**
 * For the `handleError` hook: when `error` says the database is unavailable, notes it for
 * `handleOutage`, logs one line and returns the error body (status 503, the page's text); else null.
 */
export function noteDatabaseError(event: RequestEvent, error: unknown): { status: number; message: string } | null {
	if (!isDatabaseUnavailable(error)) return null;
	failed.add(event.locals);
	console.error(`Database unavailable (${event.request.method} ${event.url.pathname}): ${describe(error)}`);
	return { status: 503, message: m.unavailable_text({}, { locale: localeOf(event) }) };
}

function localeOf(event: RequestEvent): Locale {
	const locale = (event.locals as { locale?: string }).locale;
	return (locales as readonly string[]).includes(locale ?? '') ? (locale as Locale) : 'de';
}

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The 503 answer: a plain page that needs neither the database nor any other file. */
export function unavailableResponse(locale: Locale): Response {
	const title = escape(m.unavailable_title({}, { locale }));
	const text = escape(m.unavailable_text({}, { locale }));
	const html =
		`<!doctype html>\n<html lang="${locale}" dir="${getTextDirection(locale)}">\n<head>\n<meta charset="utf-8">\n` +
		`<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>${title}</title>\n` +
		`<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5}</style>\n` +
		`</head>\n<body>\n<main>\n<h1>${title}</h1>\n<p>${text}</p>\n</main>\n</body>\n</html>\n`;
	return new Response(html, {
		status: 503,
		headers: {
			'Content-Type': 'text/html; charset=utf-8',
			'Retry-After': String(RETRY_AFTER_SECONDS),
			'Cache-Control': 'no-store',
			'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
			'X-Content-Type-Options': 'nosniff'
		}
	});
}

/** A `handle` that answers 503 for a request that failed on an unavailable database. Place it right after the locale. */
export const handleOutage: Handle = async ({ event, resolve }) => {
	let response: Response;
	try {
		response = await resolve(event);
	} catch (error) {
		if (!isDatabaseUnavailable(error)) throw error;
		console.error(`Database unavailable (${event.request.method} ${event.url.pathname}): ${describe(error)}`);
		return unavailableResponse(localeOf(event));
	}
	if (!failed.has(event.locals)) return response;
	await response.body?.cancel().catch(() => {});
	return unavailableResponse(localeOf(event));
};
