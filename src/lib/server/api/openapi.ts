/**
 * The OpenAPI 3.1 description of `/api/v1`, generated from the operations themselves: every
 * `src/routes/api/v1/**\/+server.ts` whose exports are `apiHandler`s is found here (no list to keep),
 * its path taken from the route file (`[slug]` → `{slug}`), and each spec's zod schemas rendered by
 * zod-openapi (the same schemas that validate the requests). Problems (400/401/403/404/429/503)
 * are added per operation from what it declares.
 */
import { createDocument } from 'zod-openapi';
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import type { ApiRequestHandler, HttpMethod } from './handler.ts';
import { langParam, Problem } from './schemas.ts';

const routes = import.meta.glob('/src/routes/api/v1/**/+server.ts');

export interface ApiRoute {
	/** The OpenAPI path below the server URL: `/projects/{slug}`. */
	path: string;
	/** The route's exports that are operations, by method. */
	handlers: Partial<Record<HttpMethod, ApiRequestHandler>>;
}

/** `/src/routes/api/v1/projects/[slug]/+server.ts` → `/projects/{slug}`; rest parameters and route groups are no operation paths. */
export function routePathOf(file: string): string | null {
	const parts = file.replace(/^\/src\/routes\/api\/v1/, '').replace(/\/\+server\.ts$/, '').split('/').filter(Boolean);
	if (parts.some((p) => p.startsWith('[...'))) return null;
	return '/' + parts.filter((p) => !/^\(.*\)$/.test(p)).map((p) => (p.startsWith('[') ? `{${p.slice(1, -1).replace(/=.*$/, '')}}` : p)).join('/');
}

let loaded: Promise<ApiRoute[]> | null = null;

/** Every API route with its operations (loaded once). */
export function apiRoutes(): Promise<ApiRoute[]> {
	loaded ??= Promise.all(
		Object.entries(routes).map(async ([file, load]) => {
			const path = routePathOf(file);
			if (path === null) return null;
			const mod = (await load()) as Record<string, unknown>;
			const handlers: ApiRoute['handlers'] = {};
			for (const [name, value] of Object.entries(mod)) {
				if (typeof value === 'function' && 'operation' in value) handlers[name as HttpMethod] = value as ApiRequestHandler;
			}
			return Object.keys(handlers).length ? { path, handlers } : null;
		})
	).then((all) => all.filter((r): r is ApiRoute => r !== null).sort((a, b) => a.path.localeCompare(b.path)));
	return loaded;
}

const problemContent = (description: string) => ({ description, content: { 'application/problem+json': { schema: Problem } } });

const rateHeaders = {
	RateLimit: { description: 'Requests left and seconds until the window resets (IETF draft): `"address";r=299;t=60`.', schema: { type: 'string' as const } },
	'RateLimit-Policy': { description: 'The limit: `"address";q=300;w=60`.', schema: { type: 'string' as const } }
};

function operationObject(handler: ApiRequestHandler): ZodOpenApiOperationObject {
	const spec = handler.operation;
	const publicRead = spec.auth === 'public' && spec.method === 'GET';
	const responses: ZodOpenApiOperationObject['responses'] = {};
	for (const [status, r] of Object.entries(spec.responses)) {
		responses[status as `2${string}`] = {
			description: r.description,
			headers: publicRead
				? { ...rateHeaders, ETag: { description: 'Send as If-None-Match: an unchanged answer is 304.', schema: { type: 'string' } }, 'Cache-Control': { schema: { type: 'string', example: 'public, max-age=60, s-maxage=60, stale-while-revalidate=60' } } }
				: rateHeaders,
			...(r.schema ? { content: { 'application/json': { schema: r.schema, ...(r.example !== undefined ? { example: r.example } : {}) } } } : {})
		};
	}
	if (publicRead) responses['304'] = { description: 'Not modified (If-None-Match matched the ETag).' };
	responses['400'] = problemContent('Invalid query, body or cursor; `errors` lists the fields.');
	if (spec.auth !== 'public') {
		responses['401'] = problemContent('No valid token (Authorization: Bearer).');
		responses['403'] = problemContent(`The token lacks the scope \`${spec.auth.scope}\`.`);
	}
	if (spec.params) responses['404'] = problemContent('Not found, or not public.');
	if (spec.body) responses['415'] = problemContent('The body is not application/json.');
	if (spec.method !== 'GET') responses['409'] = problemContent('Refused by a rule of the domain (`code`: registration_closed, slot_taken, booking_limit …), in the request language.');
	responses['429'] = { ...problemContent('Too many requests; see Retry-After.'), headers: { 'Retry-After': { schema: { type: 'integer' } }, ...rateHeaders } };
	responses['503'] = { ...problemContent('The database is unavailable; see Retry-After.'), headers: { 'Retry-After': { schema: { type: 'integer' } } } };
	const query = (spec.query ?? z.object({})).extend({ lang: langParam });
	return {
		operationId: spec.operationId,
		summary: spec.summary,
		...(spec.description ? { description: spec.description } : {}),
		...(spec.tags ? { tags: spec.tags } : {}),
		security: spec.auth === 'public' ? [] : [{ bearer: [spec.auth.scope] }],
		requestParams: { query, ...(spec.params ? { path: spec.params } : {}) },
		...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: spec.body } } } } : {}),
		responses
	};
}

const DESCRIPTION = `The open programme of the platform and, with a token, its registrations.

- **Public reads** need no token: published projects, their programme items with sessions, free places and consultation tracks, the archive. Never who registered, never meeting links.
- **Language**: \`?lang=de|en|tr|ar|ru|uk\` or \`Accept-Language\`; every translatable text is \`{ value, lang, fallback }\`, \`fallback: true\` where the German original stands in.
- **Lists** answer \`{ data, next_cursor }\`; pass \`next_cursor\` as \`cursor\` for the next page. Cursors are stable (keyset) and opaque.
- **Caching**: public reads carry an ETag (send If-None-Match for 304) and \`Cache-Control: public, max-age=60, s-maxage=60, stale-while-revalidate=60\`; CORS \`*\`.
- **Errors** are \`application/problem+json\` (RFC 9457) with a stable \`code\` and per-field \`errors\`, in the requested language.
- **Rate limits** per address (and per token) with \`RateLimit\` / \`RateLimit-Policy\` headers; over the limit 429 with \`Retry-After\`.`;

/** The whole document; `origin` is the platform's public origin (the server URL). */
export async function openApiDocument(origin: string) {
	const paths: ZodOpenApiPathsObject = {};
	for (const route of await apiRoutes()) {
		paths[route.path] = {};
		for (const [method, handler] of Object.entries(route.handlers)) (paths[route.path] as Record<string, unknown>)[method.toLowerCase()] = operationObject(handler);
	}
	return createDocument({
		openapi: '3.1.0',
		info: { title: 'Bildungsturbo API', version: '1.0.0', description: DESCRIPTION, license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' } },
		servers: [{ url: `${origin.replace(/\/$/, '')}/api/v1` }],
		components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A token created by an admin in the backoffice, with scopes.' } } },
		paths
	});
}
