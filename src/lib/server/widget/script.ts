/**
 * Serves the programme widget's one script (built from src/widget/ by src/widget/build.ts).
 * `/widget.js` is what snippets embed: cached a day (then revalidated by its ETag, served stale for
 * a week meanwhile), so a fix reaches every host site within a day without editing their pages.
 * `/widget.js?v=<version>` is the same bytes cached for a year (immutable), e.g. with `integrity`.
 * The existing compression (http/compression.ts) sends it brotli- or gzip-compressed.
 */
import { createHash } from 'node:crypto';
import script from 'virtual:bildungsturbo-widget';
import { matchesEtag } from '../http/encoding.ts';

export const WIDGET_SCRIPT = script;
/** Changes with every change of the script (its code or its strings). */
export const WIDGET_VERSION = createHash('sha256').update(script).digest('base64url').slice(0, 16);
const ETAG = `"w-${WIDGET_VERSION}"`;

const CACHE_PLAIN = 'public, max-age=86400, stale-while-revalidate=604800';
const CACHE_VERSIONED = 'public, max-age=31536000, immutable';

/** The script's answer for a GET/HEAD of /widget.js: 200 with the script, or 304 for a current ETag. */
export function widgetScriptResponse(request: Request, url: URL): Response {
	const headers = new Headers({
		'content-type': 'text/javascript; charset=utf-8',
		'cache-control': url.searchParams.get('v') === WIDGET_VERSION ? CACHE_VERSIONED : CACHE_PLAIN,
		etag: ETAG,
		// Readable by any site (a host may load it with crossorigin/integrity); it holds no data.
		'access-control-allow-origin': '*',
		'cross-origin-resource-policy': 'cross-origin',
		vary: 'Accept-Encoding'
	});
	if (matchesEtag(request.headers.get('if-none-match'), ETAG)) return new Response(null, { status: 304, headers });
	return new Response(script, { status: 200, headers });
}

/** The script's address on `origin`, as a snippet embeds it. */
export function widgetScriptUrl(origin: string): string {
	return `${origin}/widget.js`;
}
