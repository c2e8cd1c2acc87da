import { describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { openApiDocument, routePathOf } from './openapi.ts';
import { openApiForTests, templateOf } from './testing.ts';

describe('the OpenAPI document', () => {
	it('is a valid OpenAPI 3.1 document (official schema, via @seriousme/openapi-schema-validator)', async () => {
		const doc = await openApiDocument('https://programm.example.org');
		const validator = new Validator();
		const result = await validator.validate(doc as unknown as Parameters<Validator["validate"]>[0]);
		expect(result.errors ?? []).toEqual([]);
		expect(result.valid).toBe(true);
		expect(validator.version).toBe('3.1');
		expect(doc.servers).toEqual([{ url: 'https://programm.example.org/api/v1' }]);
	});

	it('describes the public reads, with their parameters, problems and shared components', async () => {
		const { doc } = await openApiForTests();
		for (const path of ['/projects', '/projects/{slug}', '/projects/{slug}/items', '/items/{id}', '/archive']) expect(doc.paths?.[path]?.get, path).toBeDefined();
		const items = doc.paths!['/projects/{slug}/items']!.get!;
		const names = (items.parameters as { name: string; in: string }[]).map((p) => `${p.in}:${p.name}`);
		expect(names).toEqual(expect.arrayContaining(['path:slug', 'query:from', 'query:to', 'query:city', 'query:format', 'query:kind', 'query:language', 'query:cursor', 'query:limit', 'query:lang']));
		expect(Object.keys(items.responses!)).toEqual(expect.arrayContaining(['200', '304', '400', '404', '429', '503']));
		expect(Object.keys(doc.components?.schemas ?? {})).toEqual(expect.arrayContaining(['Project', 'Item', 'Session', 'Track', 'Text', 'Problem', 'ItemList']));
		expect(doc.paths!['/projects']!.get!.security).toEqual([]);
	});

	it('names paths after the route files, and matches request paths to them (literal segments first)', () => {
		expect(routePathOf('/src/routes/api/v1/projects/[slug]/items/+server.ts')).toBe('/projects/{slug}/items');
		expect(routePathOf('/src/routes/api/v1/(public)/archive/+server.ts')).toBe('/archive');
		expect(routePathOf('/src/routes/api/v1/[...rest]/+server.ts')).toBeNull();
		expect(templateOf(['/items/{id}', '/items/search', '/projects/{slug}'], '/api/v1/items/search?x=1')).toBe('/items/search');
		expect(templateOf(['/items/{id}', '/items/search'], '/api/v1/items/12')).toBe('/items/{id}');
		expect(templateOf(['/items/{id}'], '/api/v1/projects')).toBeNull();
	});
});
