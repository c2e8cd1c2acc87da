/**
 * A 404 answered by a hook, before any route runs (a consultant asking for a backoffice page): a
 * short page in the visitor's language with a way back to their own area. Built without the
 * database or any other file, as the outage page is (outage.ts).
 */
import * as m from '../../paraglide/messages.js';
import { getTextDirection, localizeHref, type Locale } from '../../paraglide/runtime.js';

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** `home`: an unlocalised path (e.g. `/beratung`), linked in `locale`. */
export function notFoundResponse(locale: Locale, home: string, homeLabel: string): Response {
	const title = escape(m.error_title({ status: 404 }, { locale }));
	const text = escape(m.error_not_found({}, { locale }));
	const href = escape(localizeHref(home, { locale }));
	const html =
		`<!doctype html>\n<html lang="${locale}" dir="${getTextDirection(locale)}">\n<head>\n<meta charset="utf-8">\n` +
		`<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="robots" content="noindex">\n<title>${title}</title>\n` +
		`<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a;background:#fff}a{color:#0b5394}</style>\n` +
		`</head>\n<body>\n<main>\n<h1>${title}</h1>\n<p>${text}</p>\n<p><a href="${href}">${escape(homeLabel)}</a></p>\n</main>\n</body>\n</html>\n`;
	return new Response(html, {
		status: 404,
		headers: {
			'Content-Type': 'text/html; charset=utf-8',
			'Cache-Control': 'no-store',
			'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
			'X-Content-Type-Options': 'nosniff'
		}
	});
}
