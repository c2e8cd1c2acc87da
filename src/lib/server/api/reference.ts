/**
 * The backoffice's API reference (/admin/api), read from the OpenAPI document itself: operations
 * with their parameters, body, answers and examples, and every shared schema as a table of its
 * properties. Pure: what the page shows is only what the document says.
 */
import { renderMarkdown } from '../content/markdown.ts';

type Json = Record<string, unknown>;
export interface RefProperty {
	name: string;
	type: string;
	/** The schema a `$ref` names (linked on the page). */
	ref: string | null;
	required: boolean;
	description: string;
}
export interface RefSchema {
	name: string;
	description: string;
	properties: RefProperty[];
	example: string | null;
}
export interface RefOperation {
	id: string;
	method: string;
	path: string;
	summary: string;
	description: string;
	/** null: public; else the scope a token needs. */
	scope: string | null;
	tags: string[];
	parameters: (RefProperty & { in: string })[];
	body: { type: string; ref: string | null } | null;
	responses: { status: string; description: string; type: string; ref: string | null; contentType: string | null }[];
	example: string | null;
}

const refName = (ref: unknown) => (typeof ref === 'string' ? ref.replace(/^#\/components\/schemas\//, '') : null);

/** A schema as a short type: `string (date)`, `Item[]`, `open | waitlist`, `Text | null`. */
export function typeLabel(schema: Json | undefined): { type: string; ref: string | null } {
	if (!schema) return { type: '', ref: null };
	if (schema.$ref) return { type: refName(schema.$ref)!, ref: refName(schema.$ref) };
	const alternatives = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
	if (alternatives) {
		const parts = alternatives.map((s) => typeLabel(s));
		return { type: parts.map((p) => p.type).join(' | '), ref: parts.find((p) => p.ref)?.ref ?? null };
	}
	if (Array.isArray(schema.enum)) return { type: schema.enum.map(String).join(' | '), ref: null };
	const types = (Array.isArray(schema.type) ? schema.type : [schema.type]).filter(Boolean) as string[];
	const label = types
		.map((t) => {
			if (t === 'array') {
				const inner = typeLabel(schema.items as Json);
				return `${inner.type.includes(' ') ? `(${inner.type})` : inner.type}[]`;
			}
			return schema.format && t !== 'null' ? `${t} (${schema.format})` : t;
		})
		.join(' | ');
	const ref = types.includes('array') ? typeLabel(schema.items as Json).ref : null;
	return { type: label || 'object', ref };
}

function properties(schema: Json): RefProperty[] {
	const required = new Set((schema.required as string[] | undefined) ?? []);
	return Object.entries((schema.properties as Record<string, Json>) ?? {}).map(([name, s]) => ({ name, ...typeLabel(s), required: required.has(name), description: String(s.description ?? '') }));
}

const pretty = (value: unknown) => (value === undefined ? null : JSON.stringify(value, null, 2));

export function apiReference(document: object) {
	const doc = document as Json;
	const info = (doc.info ?? {}) as Json;
	const operations: RefOperation[] = [];
	for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Record<string, Json>>)) {
		for (const [method, op] of Object.entries(item)) {
			const security = (op.security as Record<string, string[]>[] | undefined) ?? [];
			const body = ((op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined)?.['application/json'];
			const responses = Object.entries((op.responses ?? {}) as Record<string, Json>).map(([status, r]) => {
				const [contentType, media] = Object.entries((r.content ?? {}) as Record<string, Json>)[0] ?? [null, null];
				return { status, description: String(r.description ?? ''), contentType, ...typeLabel(media?.schema as Json | undefined) };
			});
			const success = Object.entries((op.responses ?? {}) as Record<string, Json>).find(([s]) => s.startsWith('2'))?.[1];
			const media = (success?.content as Record<string, Json> | undefined)?.['application/json'];
			operations.push({
				id: String(op.operationId ?? `${method}-${path}`),
				method: method.toUpperCase(),
				path,
				summary: String(op.summary ?? ''),
				description: String(op.description ?? ''),
				scope: security.length ? (Object.values(security[0])[0]?.[0] ?? '') : null,
				tags: (op.tags as string[] | undefined) ?? [],
				parameters: ((op.parameters as Json[] | undefined) ?? []).map((p) => ({ name: String(p.name), in: String(p.in), ...typeLabel(p.schema as Json), required: Boolean(p.required), description: String(p.description ?? (p.schema as Json | undefined)?.description ?? '') })),
				body: body ? typeLabel(body.schema as Json) : null,
				responses,
				example: pretty(media?.example)
			});
		}
	}
	const schemas: RefSchema[] = Object.entries(((doc.components as Json | undefined)?.schemas ?? {}) as Record<string, Json>).map(([name, s]) => ({
		name,
		description: String(s.description ?? ''),
		properties: properties(s),
		example: pretty(s.example ?? (Array.isArray(s.examples) ? s.examples[0] : undefined))
	}));
	return {
		title: String(info.title ?? ''),
		version: String(info.version ?? ''),
		descriptionHtml: renderMarkdown(String(info.description ?? '')),
		server: String(((doc.servers as Json[] | undefined)?.[0]?.url as string | undefined) ?? ''),
		operations,
		schemas
	};
}
