/**
 * The `/api/v1` door in src/hooks.server.ts: CORS preflight (OPTIONS) is answered here, and every
 * answer below `/api/v1` that is an error but not yet a problem — an unknown path (404), a method
 * the route lacks (405), the input guard's refusals (400/413/415), SvelteKit's own refusals, the
 * outage page (503) — becomes `application/problem+json` in the request's language, never HTML.
 * Place it before handleOutage, so it sees the outage answer.
 */
import type { Handle } from '@sveltejs/kit/hooks';
import { isUnder, routePath } from '../http/paths.ts';
import { requestLocale } from './locale.ts';
import { PROBLEM_TYPE, problem, problemResponse } from './problem.ts';

export const API_PREFIX = '/api/v1';

export function isApiPath(pathname: string): boolean {
	return isUnder(routePath(pathname), API_PREFIX);
}

const PREFLIGHT_HEADERS = {
	'Access-Control-Allow-Origin': '*',
	'Access-Control-Allow-Methods': 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
	'Access-Control-Allow-Headers': 'Authorization, Content-Type, If-None-Match, Accept-Language, Idempotency-Key',
	'Access-Control-Max-Age': '86400'
};

export const handleApi: Handle = async ({ event, resolve }) => {
	if (!isApiPath(event.url.pathname)) return resolve(event);
	if (event.request.method === 'OPTIONS') return new Response(null, { status: 204, headers: { ...PREFLIGHT_HEADERS, 'Cache-Control': 'public, max-age=86400' } });
	const response = await resolve(event);
	if (response.status < 400 || (response.headers.get('content-type') ?? '').startsWith(PROBLEM_TYPE)) return response;
	await response.body?.cancel().catch(() => {});
	const extra: Record<string, string> = {};
	const allow = response.headers.get('allow');
	if (allow) extra.Allow = allow;
	const retry = response.headers.get('retry-after');
	if (retry) extra['Retry-After'] = retry;
	return problemResponse(problem(response.status), requestLocale(event.url, event.request.headers), extra);
};
