/**
 * The API against the built app, as a new user tries it: `curl /api/v1/projects` lists the demo's
 * projects; caching, CORS, problems and the OpenAPI document over real HTTP (compression,
 * hooks, the input guard); the reference page in the backoffice.
 */
import { describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { axeViolations, baseUrl, newPage, signIn } from './fixtures.ts';
import { expectMatchesOpenApi } from '../../src/lib/server/api/testing.ts';

const api = (path: string, init?: RequestInit) => fetch(`${baseUrl()}/api/v1${path}`, init);

describe('the API on the built app', () => {
	it('lists the demo projects, compressed, cacheable, with an ETag that answers 304', async () => {
		const res = await api('/projects', { headers: { 'accept-encoding': 'br, gzip' } });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect(res.headers.get('cache-control')).toBe('public, max-age=60, s-maxage=60, stale-while-revalidate=60');
		expect(res.headers.get('access-control-allow-origin')).toBe('*');
		expect(res.headers.get('ratelimit-policy')).toMatch(/^"address";q=\d+;w=60$/);
		const body = await res.json();
		await expectMatchesOpenApi('GET', '/api/v1/projects', 200, body);
		// The demo's three projects: the current one and the seed's two, past.
		expect(body.data.map((p: { slug: string }) => p.slug)).toEqual(expect.arrayContaining(['digit-ready-i', 'digit-ready-ii', 'digit-ready-iii']));
		const etag = res.headers.get('etag')!;
		expect(etag).toBeTruthy();
		const again = await api('/projects', { headers: { 'accept-encoding': 'br, gzip', 'if-none-match': etag } });
		expect(again.status).toBe(304);
		const archive = await (await api('/archive')).json();
		expect(archive.data.map((p: { slug: string }) => p.slug)).toEqual(expect.arrayContaining(['digit-ready-i', 'digit-ready-ii']));
		const items = await api('/projects/digit-ready-iii/items?lang=en&limit=100');
		const list = await items.json();
		await expectMatchesOpenApi('GET', '/api/v1/projects/digit-ready-iii/items', 200, list);
		expect(list.data[0].url).toMatch(new RegExp(`/en/projekte/digit-ready-iii/${list.data[0].id}$`));
	});

	it('serves a valid OpenAPI 3.1 document naming its own origin', async () => {
		const res = await api('/openapi.json');
		expect(res.status).toBe(200);
		const doc = await res.json();
		const result = await new Validator().validate(doc);
		expect(result.errors ?? []).toEqual([]);
		expect(doc.openapi).toBe('3.1.0');
		expect(doc.paths['/projects/{slug}/items'].get.operationId).toBe('listProjectItems');
	});

	it('answers problems, never HTML: unknown path, missing method, bad query, malformed path, preflight', async () => {
		const missing = await api('/gibt-es-nicht', { headers: { 'accept-language': 'en' } });
		expect(missing.status).toBe(404);
		expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
		expect(await missing.json()).toMatchObject({ status: 404, code: 'not_found', title: 'Not found' });
		// No body, no content type, no Origin: SvelteKit's form CSRF check would refuse it; the API has no cookies to protect.
		const method = await api('/projects', { method: 'DELETE' });
		expect(method.status).toBe(405);
		expect((await method.json()).code).toBe('method_not_allowed');
		const bad = await api('/projects/digit-ready-iii/items?from=morgen');
		expect(bad.status).toBe(400);
		const problem = await bad.json();
		await expectMatchesOpenApi('GET', '/api/v1/projects/digit-ready-iii/items', 400, problem);
		expect(problem.errors[0]).toMatchObject({ field: 'from', code: 'invalid_format' });
		const nul = await api('/projects?city=%00');
		expect(nul.status).toBe(400);
		expect(nul.headers.get('content-type')).toMatch(/^application\/problem\+json/);
		const form = await api('/projects', { method: 'POST', body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://elsewhere.example' } });
		expect(form.status).toBeGreaterThanOrEqual(400);
		expect(form.headers.get('content-type')).toMatch(/^application\/problem\+json/);
		const preflight = await api('/projects', { method: 'OPTIONS', headers: { origin: 'https://verein.example', 'access-control-request-method': 'GET' } });
		expect(preflight.status).toBe(204);
		expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
	});

	it('shows the reference in the backoffice to the team only', async () => {
		const anonymous = await fetch(`${baseUrl()}/admin/api`, { redirect: 'manual' });
		expect(anonymous.status).toBe(303);
		const { page, context } = await newPage({ javaScript: true });
		await signIn(page);
		await page.goto('/admin/api');
		expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('API-Referenz');
		expect(await page.locator('#op-listProjectItems').innerText()).toContain('GET /projects/{slug}/items');
		expect(await page.locator('#schema-Item').innerText()).toContain('register_url');
		expect(await page.getByRole('link', { name: 'API', exact: true }).count()).toBeGreaterThan(0);
		expect(await axeViolations(page)).toEqual([]);
		await context.close();
	});
});
