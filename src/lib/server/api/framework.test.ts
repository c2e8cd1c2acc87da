import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { RequestEvent } from '@sveltejs/kit';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { bodyProblem } from '../input-guard.ts';
import { apiHandler, type ApiEnv } from './handler.ts';
import { handleApi } from './hook.ts';
import { acceptedLocale } from './locale.ts';
import { callApi, expectMatchesOpenApi, TEST_ORIGIN, TEST_SECRET } from './testing.ts';

let database: Database;
beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.close());

const env = (): ApiEnv => ({ db: database.db, now: new Date('2026-11-28T10:00:00Z'), params: {}, clientAddress: '192.0.2.1', origin: TEST_ORIGIN, secret: TEST_SECRET });

/** An operation only this test knows: a JSON body, a domain rule, a crash. */
const echo = apiHandler(
	{
		method: 'POST',
		operationId: 'echo',
		summary: 'test',
		auth: 'public',
		body: z.object({ name: z.string().min(2), places: z.number().int().max(5), person: z.object({ email: z.email() }) }),
		responses: { 201: { description: 'created', schema: z.object({ name: z.string() }) } }
	},
	async ({ body }) => {
		if (body.name === 'voll') throw new DomainError('full');
		if (body.name === 'kaputt') throw new Error('boom');
		return { name: body.name };
	}
);
const post = (body: string, type = 'application/json', lang = 'de') =>
	echo.respond(new Request(`${TEST_ORIGIN}/api/v1/echo`, { method: 'POST', body, headers: { 'content-type': type, 'accept-language': lang } }), env());

describe('apiHandler', () => {
	it('validates the JSON body: 415 for another type, 400 for broken JSON, per-field errors with paths, private no-store', async () => {
		const ok = await post(JSON.stringify({ name: 'Ada', places: 2, person: { email: 'ada@example.org' } }));
		expect(ok.status).toBe(201);
		expect(ok.headers.get('cache-control')).toBe('private, no-store');
		expect(await ok.json()).toEqual({ name: 'Ada' });
		const form = await post('name=Ada', 'application/x-www-form-urlencoded');
		expect(form.status).toBe(415);
		expect((await form.json()).code).toBe('unsupported_media_type');
		const broken = await post('{"name":', 'application/json', 'en');
		expect(await broken.json()).toMatchObject({ status: 400, code: 'invalid_body', detail: 'The request body is not valid JSON.' });
		const bad = await post(JSON.stringify({ name: 'A', places: 9, person: { email: 'nope' } }), 'application/json; charset=utf-8', 'ru');
		const problem = await bad.json();
		expect(bad.status).toBe(400);
		expect(problem.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual(['name:too_small', 'places:too_big', 'person.email:invalid_format']);
		expect(problem.title).toBe('Недопустимый запрос');
		const missing = await post('{}');
		expect((await missing.json()).errors[0]).toMatchObject({ field: 'name', code: 'required', message: 'Dieses Feld fehlt.' });
	});

	it('maps a DomainError to 409 with its code and the page\'s sentence, and anything else to a 500 problem (logged)', async () => {
		const full = await post(JSON.stringify({ name: 'voll', places: 1, person: { email: 'a@example.org' } }));
		expect(full.status).toBe(409);
		expect((await full.json()).code).toBe('full');
		const log = vi.spyOn(console, 'error').mockImplementation(() => {});
		const crash = await post(JSON.stringify({ name: 'kaputt', places: 1, person: { email: 'a@example.org' } }));
		expect(log).toHaveBeenCalled();
		log.mockRestore();
		expect(crash.status).toBe(500);
		expect(crash.headers.get('content-type')).toMatch(/^application\/problem\+json/);
		expect((await crash.json()).code).toBe('internal_error');
	});

	it('answers 503 with Retry-After as a problem when the database is gone', async () => {
		const gone = await openTestDatabase();
		await gone.close();
		const log = vi.spyOn(console, 'error').mockImplementation(() => {});
		const res = await callApi(gone.db, 'GET', '/api/v1/projects');
		log.mockRestore();
		expect(res.status).toBe(503);
		expect(res.headers.get('retry-after')).toBe('60');
		expect(res.body.code).toBe('unavailable');
	});

	it('reads the language from ?lang, else Accept-Language with q-values, else German', () => {
		expect(acceptedLocale('fr-FR, uk;q=0.8, en;q=0.9')).toBe('en');
		expect(acceptedLocale('de-AT')).toBe('de');
		expect(acceptedLocale('fr, *;q=0.1')).toBeNull();
		expect(acceptedLocale(null)).toBeNull();
	});
});

describe('the /api/v1 door in the hooks', () => {
	const event = (path: string, method = 'GET', headers: Record<string, string> = {}) => ({ url: new URL(`${TEST_ORIGIN}${path}`), request: new Request(`${TEST_ORIGIN}${path}`, { method, headers }) }) as unknown as RequestEvent;
	const run = (e: RequestEvent, answer: Response) => handleApi({ event: e, resolve: async () => answer });

	it('answers CORS preflight itself', async () => {
		const res = await run(event('/api/v1/projects', 'OPTIONS', { origin: 'https://verein.example', 'access-control-request-method': 'GET' }), new Response('never'));
		expect(res.status).toBe(204);
		expect(res.headers.get('access-control-allow-origin')).toBe('*');
		expect(res.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
	});

	it('turns HTML or text errors into problems in the request language: 404, 405 (Allow kept), 415, outage 503 (Retry-After kept)', async () => {
		const html = (status: number, headers: Record<string, string> = {}) => new Response('<!doctype html><p>Fehler</p>', { status, headers: { 'content-type': 'text/html', ...headers } });
		const notFound = await run(event('/api/v1/nichts', 'GET', { 'accept-language': 'uk' }), html(404));
		expect(notFound.headers.get('content-type')).toMatch(/^application\/problem\+json/);
		expect(await notFound.json()).toMatchObject({ status: 404, code: 'not_found', title: 'Не знайдено' });
		const method = await run(event('/api/v1/projects', 'DELETE'), html(405, { allow: 'GET, HEAD' }));
		expect(method.headers.get('allow')).toBe('GET, HEAD');
		expect((await method.json()).code).toBe('method_not_allowed');
		const outage = await run(event('/api/v1/projects?lang=tr'), html(503, { 'retry-after': '60' }));
		expect(outage.headers.get('retry-after')).toBe('60');
		expect((await outage.json()).title).toBe('Geçici olarak kullanılamıyor');
		const kept = new Response('{"status":404}', { status: 404, headers: { 'content-type': 'application/problem+json' } });
		expect(await run(event('/api/v1/items/1'), kept)).toBe(kept);
		const page = html(404);
		expect(await run(event('/projekte/x'), page)).toBe(page);
	});

	it('lets JSON bodies through the input guard below /api/v1 (size still checked); forms elsewhere as before', async () => {
		const json = (path: string, length = '20') => new Request(`${TEST_ORIGIN}${path}`, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json', 'content-length': length } });
		expect(await bodyProblem(json('/api/v1/items/1/registrations'))).toBeNull();
		expect(await bodyProblem(json('/api/v1/items/1/registrations', String(10 * 1024 * 1024)))).toEqual({ status: 413 });
		expect(await bodyProblem(json('/projekte/x/1'))).toEqual({ status: 415 });
	});

});

describe('expectMatchesOpenApi', () => {
	it('fails for a body, a status or a path the document does not describe', async () => {
		await expectMatchesOpenApi('GET', '/api/v1/projects?limit=1', 200, { data: [], next_cursor: null });
		await expect(expectMatchesOpenApi('GET', '/api/v1/projects', 200, { data: [{ slug: 1 }], next_cursor: null })).rejects.toThrow(/does not match/);
		await expect(expectMatchesOpenApi('GET', '/api/v1/projects', 400, { status: 400 })).rejects.toThrow(/does not match/);
		await expect(expectMatchesOpenApi('GET', '/api/v1/projects', 418, {})).rejects.toThrow(/does not describe status 418/);
		await expect(expectMatchesOpenApi('GET', '/api/v1/nirgends', 200, {})).rejects.toThrow(/not described/);
	});
});
