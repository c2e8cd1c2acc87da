import { describe, expect, it } from 'vitest';
import { apiReference, typeLabel } from './reference.ts';
import { openApiForTests } from './testing.ts';

describe('the API reference page model', () => {
	it('reads operations, parameters, answers and schemas from the document', async () => {
		const { doc } = await openApiForTests();
		const ref = apiReference(doc);
		expect(ref.server).toBe('http://bildungsturbo.test/api/v1');
		const items = ref.operations.find((o) => o.id === 'listProjectItems')!;
		expect(items).toMatchObject({ method: 'GET', path: '/projects/{slug}/items', scope: null });
		expect(items.parameters.find((p) => p.name === 'format')).toMatchObject({ in: 'query', type: 'in_person | online | hybrid', required: false });
		expect(items.parameters.find((p) => p.name === 'slug')).toMatchObject({ in: 'path', required: true });
		expect(items.responses.find((r) => r.status === '200')).toMatchObject({ contentType: 'application/json', ref: 'ItemList' });
		expect(items.responses.find((r) => r.status === '400')).toMatchObject({ contentType: 'application/problem+json', ref: 'Problem' });
		const item = ref.schemas.find((s) => s.name === 'Item')!;
		expect(item.properties.find((p) => p.name === 'sessions')).toMatchObject({ type: 'Session[]', ref: 'Session', required: true });
		expect(item.properties.find((p) => p.name === 'state_note')?.type).toBe('Text | null');
		expect(ref.schemas.find((s) => s.name === 'Problem')!.example).toContain('invalid_request');
		expect(ref.descriptionHtml).toContain('<strong>Public reads</strong>');
	});

	it('labels types: formats, arrays, enums, nullable references', () => {
		expect(typeLabel({ type: 'string', format: 'date' }).type).toBe('string (date)');
		expect(typeLabel({ type: ['integer', 'null'] }).type).toBe('integer | null');
		expect(typeLabel({ type: 'array', items: { $ref: '#/components/schemas/Item' } })).toEqual({ type: 'Item[]', ref: 'Item' });
		expect(typeLabel({ anyOf: [{ $ref: '#/components/schemas/Text' }, { type: 'null' }] })).toEqual({ type: 'Text | null', ref: 'Text' });
	});
});
