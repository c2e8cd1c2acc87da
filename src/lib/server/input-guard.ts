/**
 * The request-level input check every request passes before any route runs (a `Handle` in
 * src/hooks.server.ts). It refuses what no form or link of the site can produce, so nothing of
 * the kind reaches a route, a service or the database:
 * - path and query: NUL bytes, broken percent-encoding or invalid UTF-8, over-long values → 400;
 * - POST and the other writing methods: `?/default` (SvelteKit reserves the name and would answer 500) → 400;
 *   a body that is not urlencoded or multipart form data → 415,
 *   one that does not parse (broken multipart, cut off) → 400, over the size limit → 413,
 *   a NUL byte in any field name or value → 400;
 *   below /api/v1 only the size (the API checks its JSON bodies itself, and answers problem+json).
 * Field-level rules (lengths, numbers, dates) stay with each form's zod schema; this layer only
 * guarantees those schemas see well-formed text.
 */
import type { Handle } from '@sveltejs/kit/hooks';
import * as m from '#lib/paraglide/messages.js';
import { isApiPath } from './api/hook.ts';

/** Bodies beyond this are refused (adapter-node's default BODY_SIZE_LIMIT, also enforced for chunked bodies). */
export const MAX_BODY_BYTES = 512 * 1024;
/**
 * The larger bodies: a handbook chapter's image upload (`?/bild`, at most 2 MB: handbook/rules.ts)
 * and a programme item's material (`?/material`, at most 2 MB: programme/materials.ts), each with
 * its form. scripts/server.js raises adapter-node's limit to 3 MB so that they get here at all.
 */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024 + 64 * 1024;
const UPLOAD_PATH = /^(?:\/[a-z]{2})?\/admin\/handbuch\/[0-9]{1,10}\/kapitel\/[0-9]{1,10}$/;

const MATERIAL_PATH = /^(?:\/[a-z]{2})?\/admin\/programmpunkte\/[0-9]{1,10}$/;

function bodyLimit(url: URL): number {
	if (UPLOAD_PATH.test(url.pathname) && url.searchParams.has('/bild')) return MAX_UPLOAD_BYTES;
	return MATERIAL_PATH.test(url.pathname) && url.searchParams.has('/material') ? MAX_UPLOAD_BYTES : MAX_BODY_BYTES;
}
/** Longest path, and longest query name or value, any link of the site needs (signed tokens are far shorter). */
export const MAX_PATH_CHARS = 2048;
export const MAX_QUERY_CHARS = 2048;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/** Decodes one percent-encoded part; null when it is not valid UTF-8 or holds a NUL. */
function decodeStrict(part: string): string | null {
	try {
		const text = decodeURIComponent(part.replace(/\+/g, ' '));
		return text.includes('\0') ? null : text;
	} catch {
		return null;
	}
}

/** Why the URL cannot be served, or null. Pure: works on the raw (still encoded) path and query. */
export function urlProblem(url: URL): 'bad_path' | 'bad_query' | null {
	if (url.pathname.length > MAX_PATH_CHARS || url.pathname.split('/').some((s) => decodeStrict(s) === null)) return 'bad_path';
	const query = url.search.slice(1);
	if (!query) return null;
	for (const pair of query.split('&')) {
		const i = pair.indexOf('=');
		for (const part of i < 0 ? [pair] : [pair.slice(0, i), pair.slice(i + 1)]) {
			if (part.length > MAX_QUERY_CHARS || decodeStrict(part) === null) return 'bad_query';
		}
	}
	return null;
}

/**
 * Whether a writing request names the action `default` (`?/default`): SvelteKit takes the first
 * query name starting with `/` as the action and throws (a 500) for this reserved one; forms post
 * to the bare URL for a default action.
 */
export function reservedActionName(method: string, url: URL): boolean {
	if (SAFE_METHODS.has(method)) return false;
	for (const name of url.searchParams.keys()) if (name.startsWith('/')) return name === '/default';
	return false;
}

/** Why the body of a writing request cannot be served (status + reason), or null. Reads a clone. */
export async function bodyProblem(request: Request): Promise<{ status: 400 | 413 | 415 } | null> {
	if (SAFE_METHODS.has(request.method)) return null;
	// The JSON API validates its own bodies (media type, JSON, schema: server/api/handler.ts); only the size is checked here.
	if (isApiPath(new URL(request.url).pathname)) return Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES ? { status: 413 } : null;
	const type = (request.headers.get('content-type') ?? '').split(';', 1)[0].trim().toLowerCase();
	if (!FORM_TYPES.includes(type)) return { status: 415 };
	if (Number(request.headers.get('content-length') ?? 0) > bodyLimit(new URL(request.url))) return { status: 413 };
	let form: FormData;
	try {
		form = await request.clone().formData();
	} catch {
		return { status: 400 };
	}
	for (const [name, value] of form.entries()) {
		if (name.includes('\0') || (typeof value === 'string' && value.includes('\0'))) return { status: 400 };
	}
	return null;
}

/** A refusal as a short plain-text page in the visitor's language (it never reaches a route). */
function refuse(status: 400 | 413 | 415, message: string): Response {
	return new Response(`${message}\n`, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
}

/** The Handle: a refused request ends here; everything else goes on unchanged. */
export const handleInput: Handle = async ({ event, resolve }) => {
	if (urlProblem(event.url) || reservedActionName(event.request.method, event.url)) return refuse(400, m.err_request_invalid());
	const problem = await bodyProblem(event.request);
	if (problem) return refuse(problem.status, problem.status === 415 ? m.err_request_not_form() : problem.status === 413 ? m.err_request_too_large() : m.err_request_invalid());
	return resolve(event);
};
