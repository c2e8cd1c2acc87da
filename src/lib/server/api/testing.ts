/**
 * For tests of the API (every helper's): `callApi` answers a request through the operation's own
 * handler on a test database, and checks the answer against the OpenAPI document with
 * `expectMatchesOpenApi` — so every tested response matches the description. Use both in every
 * API test:
 *
 *   const res = await callApi(db, 'GET', '/api/v1/projects?limit=1');
 *   expect(res.status).toBe(200);
 *
 * `expectMatchesOpenApi(method, path, status, body)` alone checks a body got elsewhere (a built
 * server's answer). Validation: ajv (JSON Schema 2020-12, as OpenAPI 3.1 uses) with formats.
 */
import { expect } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Db } from '../db/client.ts';
import { API_PREFIX } from './hook.ts';
import type { ApiEnv, HttpMethod } from './handler.ts';
import { apiRoutes, openApiDocument } from './openapi.ts';

export const TEST_ORIGIN = 'http://bildungsturbo.test';
export const TEST_SECRET = 'test-secret-for-keyed-hashes-0123456789';

type Doc = Awaited<ReturnType<typeof openApiDocument>>;
let state: Promise<{ doc: Doc; ajv: Ajv2020 }> | null = null;

/** The document and a validator holding it (built once per test file). */
export function openApiForTests() {
	state ??= openApiDocument(TEST_ORIGIN).then((doc) => {
		const ajv = new Ajv2020({ strict: false, allErrors: true });
		(addFormats as unknown as (a: Ajv2020) => void)(ajv);
		ajv.addSchema(doc as object, 'openapi');
		return { doc, ajv };
	});
	return state;
}

/** The document's path template for a request path (`/api/v1/projects/x?lang=en` → `/projects/{slug}`), or null. */
export function templateOf(paths: string[], requestPath: string): string | null {
	const bare = requestPath.split('?')[0].replace(new RegExp(`^${API_PREFIX}`), '') || '/';
	const segments = bare.split('/');
	const matches = paths.filter((t) => {
		const parts = t.split('/');
		return parts.length === segments.length && parts.every((p, i) => /^\{.+\}$/.test(p) || p === segments[i]);
	});
	// A literal segment wins over a parameter (`/projects/search` before `/projects/{slug}`).
	matches.sort((a, b) => (b.match(/\{/g)?.length ?? 0) - (a.match(/\{/g)?.length ?? 0)).reverse();
	return matches[0] ?? null;
}

const pointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Asserts that `body` is what the OpenAPI document promises for `method path` answering `status`:
 * the status is documented, and the body validates against its JSON (or problem+json) schema.
 */
export async function expectMatchesOpenApi(method: string, path: string, status: number, body: unknown): Promise<void> {
	const { doc, ajv } = await openApiForTests();
	const paths = Object.keys(doc.paths ?? {});
	const template = templateOf(paths, path);
	expect(template, `${path} is not described in the OpenAPI document`).not.toBeNull();
	const operation = (doc.paths![template!] as Record<string, { responses?: Record<string, { content?: Record<string, unknown> }> }>)[method.toLowerCase()];
	expect(operation, `${method} ${template} is not described`).toBeDefined();
	const response = operation.responses?.[String(status)] ?? operation.responses?.default;
	expect(response, `${method} ${template} does not describe status ${status}`).toBeDefined();
	if (status === 304 || status === 204) return;
	const type = Object.keys(response!.content ?? {})[0];
	expect(type, `${method} ${template} ${status} describes no body`).toBeDefined();
	const ref = `openapi#/paths/${pointer(template!)}/${method.toLowerCase()}/responses/${status in (operation.responses ?? {}) ? status : 'default'}/content/${pointer(type!)}/schema`;
	const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
	const valid = validate(body);
	expect(valid ? [] : validate.errors, `${method} ${path} ${status}: the body does not match the OpenAPI description`).toEqual([]);
}

export interface ApiCall {
	status: number;
	headers: Headers;
	/** The parsed JSON body (null when there is none). */
	body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * Calls the API operation for `method path` on `db` (its route module's own handler), then checks
 * the answer against the OpenAPI document. `headers` as a client would send them.
 */
export async function callApi(
	db: Db,
	method: HttpMethod,
	path: string,
	opts: { headers?: Record<string, string>; body?: unknown; rawBody?: string; now?: Date; clientAddress?: string } = {}
): Promise<ApiCall> {
	const routes = await apiRoutes();
	const template = templateOf(routes.map((r) => r.path), path);
	expect(template, `no API route for ${path}`).not.toBeNull();
	const route = routes.find((r) => r.path === template)!;
	const handler = route.handlers[method];
	expect(handler, `${method} ${template} is no operation`).toBeDefined();
	const segments = path.split('?')[0].replace(API_PREFIX, '').split('/');
	const params: Record<string, string> = {};
	template!.split('/').forEach((p, i) => {
		if (/^\{.+\}$/.test(p)) params[p.slice(1, -1)] = decodeURIComponent(segments[i]);
	});
	const headers = new Headers(opts.headers);
	let body: string | undefined = opts.rawBody;
	if (opts.body !== undefined) {
		body = JSON.stringify(opts.body);
		if (!headers.has('content-type')) headers.set('content-type', 'application/json');
	}
	const request = new Request(`${TEST_ORIGIN}${path}`, { method, headers, body });
	const env: ApiEnv = { db, now: opts.now ?? new Date(), params, clientAddress: opts.clientAddress ?? '203.0.113.7', origin: TEST_ORIGIN, secret: TEST_SECRET };
	const response = await handler!.respond(request, env);
	const text = await response.text();
	const parsed = text ? JSON.parse(text) : null;
	await expectMatchesOpenApi(method, path, response.status, parsed);
	return { status: response.status, headers: response.headers, body: parsed };
}
