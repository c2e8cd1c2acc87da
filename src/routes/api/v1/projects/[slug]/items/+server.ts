import { apiHandler } from '#lib/server/api/handler.ts';
import { orNotFound } from '#lib/server/api/problem.ts';
import { apiProjectItems } from '#lib/server/api/public-reads.ts';
import { ItemList, ItemQuery, SlugParams } from '#lib/server/api/public-schemas.ts';

export const GET = apiHandler(
	{
		method: 'GET',
		operationId: 'listProjectItems',
		summary: 'A project\'s programme items',
		description: 'In the order of the project page, each with its sessions, places left, consultation tracks and the links to its page and registration form. Never who registered, never meeting links.',
		tags: ['Programme'],
		auth: 'public',
		params: SlugParams,
		query: ItemQuery,
		responses: { 200: { description: 'A page of items.', schema: ItemList } }
	},
	async ({ db, params, query, locale, origin, now }) => orNotFound(await apiProjectItems(db, params.slug, query, locale, origin, now))
);
