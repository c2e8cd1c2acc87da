/**
 * The API's one way to write an operation: `apiHandler(spec, fn)` returns the SvelteKit
 * `RequestHandler` a `src/routes/api/v1/**\/+server.ts` exports. The spec's zod schemas validate
 * the path parameters, the query and the JSON body, and the same schemas describe the operation in
 * the OpenAPI document (openapi.ts collects every route's spec). Around `fn` it does, in order:
 * language (`?lang`, Accept-Language), authentication (`auth.ts`) and scope, the rate limit
 * (per token, else per address, with RateLimit headers; 429 + Retry-After), input validation
 * (400 problems with per-field errors; a bad path parameter is 404), then the answer: JSON with
 * ETag and 304, `Cache-Control: public, max-age=60, s-maxage=60, stale-while-revalidate=60` and
 * CORS `*` on public reads; `private, no-store` on everything a token reads or any write. Any
 * failure becomes a problem (problem.ts): DomainError → 404/403/409, database outage → 503 with
 * Retry-After, anything else → 500 (logged), never an HTML page. Every answer to a valid token
 * leaves one use row (token-use.ts) with its status.
 */
import { createHash } from 'node:crypto';
import type { RequestEvent, RequestHandler } from '@sveltejs/kit';
import { z } from 'zod';
import * as m from '../../paraglide/messages.js';
import type { Locale } from '../../i18n/locales.ts';
import { langParam } from './schemas.ts';
import type { Db } from '../db/client.ts';
import { isDatabaseUnavailable } from '../db/unavailable.ts';
import { DomainError } from '../errors.ts';
import { matchesEtag } from '../http/encoding.ts';
import { RETRY_AFTER_SECONDS } from '../outage.ts';
import { app } from '../app.ts';
import { authenticate, hasScope, type ApiActor } from './auth.ts';
import { requestLocale } from './locale.ts';
import { ApiProblem, fieldCode, problem, problemResponse, type FieldProblem } from './problem.ts';
import { countApiRequest } from './rate-limit.ts';
import { recordTokenUse } from './token-use.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type AnyObject = z.ZodObject<z.ZodRawShape>;

export interface ResponseSpec {
	description: string;
	/** The JSON body's schema (absent: no body, e.g. 204). */
	schema?: z.ZodType;
	example?: unknown;
}

export interface OperationSpec<Q extends AnyObject | undefined = undefined, P extends AnyObject | undefined = undefined, B extends z.ZodType | undefined = undefined> {
	method: HttpMethod;
	operationId: string;
	summary: string;
	description?: string;
	tags?: string[];
	/** `public`: no token; `{ scope }`: a token holding that scope (`registrations:write`). */
	auth: 'public' | { scope: string };
	query?: Q;
	params?: P;
	body?: B;
	/** Success answers by status (problems are added to the description by the framework). */
	responses: Record<number, ResponseSpec>;
}

type Out<T> = T extends z.ZodType ? z.output<T> : undefined;

/** What an operation's function gets: validated input, the language, the caller and the services' environment. */
export interface ApiContext<Q, P, B> {
	query: Out<Q>;
	params: Out<P>;
	body: Out<B>;
	locale: Locale;
	db: Db;
	now: Date;
	/** The platform's public origin (links to pages and resources), never a request's host. */
	origin: string;
	/** Secret for keyed hashes (registration/limits.ts). */
	secret: string;
	/** The token's actor; null on public operations. */
	actor: ApiActor | null;
	/** The client's address (rate limits, registration holds). */
	clientAddress: string;
	request: Request;
	url: URL;
}

/** A reply with a status other than the operation's first success, or extra headers. */
export class ApiReply {
	constructor(
		readonly status: number,
		readonly body: unknown,
		readonly headers: Record<string, string> = {}
	) {}
}
export const reply = (status: number, body?: unknown, headers?: Record<string, string>) => new ApiReply(status, body, headers);

/** The environment of one request (from the running app, or a test's database). */
export interface ApiEnv {
	db: Db;
	now: Date;
	params: Record<string, string>;
	clientAddress: string;
	origin: string;
	secret: string;
}

export type ApiRequestHandler = RequestHandler & {
	operation: OperationSpec<AnyObject | undefined, AnyObject | undefined, z.ZodType | undefined>;
	/** Answers a request in a given environment (what the RequestHandler does with the running app; tests call it on their database). */
	respond: (request: Request, env: ApiEnv) => Promise<Response>;
};

export const PUBLIC_CACHE_CONTROL = 'public, max-age=60, s-maxage=60, stale-while-revalidate=60';
const JSON_TYPE = 'application/json; charset=utf-8';

function issuesToFields(error: z.ZodError, prefix = ''): FieldProblem[] {
	return error.issues.map((issue) => {
		const path = issue.path.map(String);
		if (issue.code === 'unrecognized_keys') path.push(...(issue as { keys: string[] }).keys.slice(0, 1));
		return { field: prefix + path.join('.'), code: fieldCode(issue as { code: string; input?: unknown }) };
	});
}

/** The query as an object: each name's last value (a repeated name is not an error). */
function queryObject(url: URL): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of url.searchParams) out[k] = v;
	return out;
}

async function readBody(request: Request, schema: z.ZodType): Promise<unknown> {
	const type = (request.headers.get('content-type') ?? '').split(';', 1)[0].trim().toLowerCase();
	if (type !== 'application/json' && !type.endsWith('+json')) throw problem(415, 'unsupported_media_type');
	let data: unknown;
	try {
		data = JSON.parse(await request.text());
	} catch {
		throw problem(400, 'invalid_body', (locale) => m.api_problem_invalid_body({}, { locale }));
	}
	const parsed = schema.safeParse(data);
	if (!parsed.success) throw problem(400, 'invalid_request', undefined, issuesToFields(parsed.error));
	return parsed.data;
}

/** A DomainError as a problem: its code stays, its sentence is the page's (`err_<code>`) where there is one. */
function domainProblem(e: DomainError): ApiProblem {
	const status = e.code === 'not_found' ? 404 : e.code === 'forbidden' ? 403 : 409;
	const key = `err_${e.code}` as keyof typeof m;
	const message = m[key] as unknown as ((i: object, o: { locale: Locale }) => string) | undefined;
	return problem(status, e.code, typeof message === 'function' ? (locale) => message({}, { locale }) : undefined);
}

function etagOf(text: string): string {
	return `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;
}

export function apiHandler<Q extends AnyObject | undefined = undefined, P extends AnyObject | undefined = undefined, B extends z.ZodType | undefined = undefined>(
	spec: OperationSpec<Q, P, B>,
	fn: (ctx: ApiContext<Q, P, B>) => Promise<unknown>
): ApiRequestHandler {
	const isPublicRead = spec.auth === 'public' && spec.method === 'GET';
	const querySchema = (spec.query ?? z.object({})).extend({ lang: langParam });
	const successStatus = Number(Object.keys(spec.responses).find((s) => s.startsWith('2')) ?? 200);

	/** The answer, then one use row for a valid token (token-use.ts), whatever the status. */
	async function respond(request: Request, env: ApiEnv): Promise<Response> {
		const seen: { actor: ApiActor | null } = { actor: null };
		const response = await answer(request, env, seen);
		if (seen.actor) {
			const tokenId = Number(seen.actor.tokenId);
			await recordTokenUse(env.db, { tokenId, method: request.method, url: new URL(request.url), status: response.status, address: env.clientAddress, secret: env.secret }, env.now);
		}
		return response;
	}

	async function answer(request: Request, env: ApiEnv, seen: { actor: ApiActor | null }): Promise<Response> {
		const url = new URL(request.url);
		const locale = requestLocale(url, request.headers);
		let rateHeaders: Record<string, string> = {};
		try {
			let actor: ApiActor | null = null;
			if (spec.auth !== 'public') {
				// A refused token (unknown, expired, revoked: its own 401) counts against the address like a missing one.
				let refused: ApiProblem | null = null;
				try {
					actor = await authenticate(request, { db: env.db, now: env.now });
					seen.actor = actor;
				} catch (e) {
					if (!(e instanceof ApiProblem)) throw e;
					refused = e;
				}
				if (!actor) {
					const rate = await countApiRequest(env.db, { address: env.clientAddress, secret: env.secret }, env.now);
					rateHeaders = rate.headers;
					if (!rate.retryAfter && refused) throw refused;
					throw problem(rate.retryAfter ? 429 : 401, rate.retryAfter ? 'rate_limited' : 'unauthorized', rate.retryAfter ? (l) => m.api_problem_rate_limited({ seconds: rate.retryAfter }, { locale: l }) : undefined, undefined, rate.retryAfter ? { 'Retry-After': String(rate.retryAfter) } : { 'WWW-Authenticate': 'Bearer' });
				}
			}
			const rate = await countApiRequest(env.db, { tokenId: actor?.tokenId, address: env.clientAddress, secret: env.secret }, env.now);
			rateHeaders = rate.headers;
			if (rate.retryAfter) throw problem(429, 'rate_limited', (l) => m.api_problem_rate_limited({ seconds: rate.retryAfter }, { locale: l }), undefined, { 'Retry-After': String(rate.retryAfter) });
			if (actor && spec.auth !== 'public' && !hasScope(actor, spec.auth.scope)) {
				const scope = spec.auth.scope;
				throw problem(403, 'forbidden', (l) => m.api_problem_scope({ scope }, { locale: l }));
			}

			let params: unknown = undefined;
			if (spec.params) {
				const parsed = spec.params.safeParse(env.params);
				if (!parsed.success) throw problem(404, 'not_found');
				params = parsed.data;
			}
			const query = querySchema.safeParse(queryObject(url));
			if (!query.success) throw problem(400, 'invalid_request', undefined, issuesToFields(query.error));
			const body = spec.body ? await readBody(request, spec.body) : undefined;

			const result = await fn({
				query: query.data as Out<Q>,
				params: params as Out<P>,
				body: body as Out<B>,
				locale,
				db: env.db,
				now: env.now,
				origin: env.origin,
				secret: env.secret,
				actor,
				clientAddress: env.clientAddress,
				request,
				url
			});
			const out = result instanceof ApiReply ? result : new ApiReply(successStatus, result);
			const headers = new Headers({ ...rateHeaders, 'Content-Language': locale, Vary: 'Accept-Language', ...out.headers });
			if (out.body === undefined || out.status === 204) return new Response(null, { status: out.status, headers: withCache(headers, false) });
			const text = JSON.stringify(out.body);
			headers.set('Content-Type', JSON_TYPE);
			if (isPublicRead && out.status === 200) {
				const etag = etagOf(text);
				headers.set('ETag', etag);
				withCache(headers, true);
				if (matchesEtag(request.headers.get('if-none-match'), etag)) {
					headers.delete('Content-Type');
					return new Response(null, { status: 304, headers });
				}
				return new Response(text, { status: out.status, headers });
			}
			return new Response(text, { status: out.status, headers: withCache(headers, false) });
		} catch (e) {
			if (e instanceof ApiProblem) return problemResponse(e, locale, rateHeaders);
			if (e instanceof DomainError) return problemResponse(domainProblem(e), locale, rateHeaders);
			if (isDatabaseUnavailable(e)) {
				console.error(`Database unavailable (${request.method} ${url.pathname})`);
				return problemResponse(problem(503, 'unavailable', undefined, undefined, { 'Retry-After': String(RETRY_AFTER_SECONDS) }), locale);
			}
			console.error(e);
			return problemResponse(problem(500, 'internal_error'), locale, rateHeaders);
		}
	}

	function withCache(headers: Headers, shared: boolean): Headers {
		if (shared) {
			headers.set('Cache-Control', PUBLIC_CACHE_CONTROL);
			headers.set('Access-Control-Allow-Origin', '*');
			headers.set('Access-Control-Expose-Headers', 'ETag, RateLimit, RateLimit-Policy, Retry-After, Content-Language');
		} else {
			headers.set('Cache-Control', 'private, no-store');
			if (spec.auth === 'public') headers.set('Access-Control-Allow-Origin', '*');
		}
		return headers;
	}

	const handler = ((event: RequestEvent) => {
		const { config, database, secret } = app();
		let clientAddress = '';
		try {
			clientAddress = event.getClientAddress();
		} catch {
			clientAddress = 'unknown';
		}
		return respond(event.request, { db: database.db, now: new Date(), params: event.params as Record<string, string>, clientAddress, origin: config.publicOrigin, secret });
	}) as ApiRequestHandler;
	handler.operation = spec as ApiRequestHandler['operation'];
	handler.respond = respond;
	return handler;
}
