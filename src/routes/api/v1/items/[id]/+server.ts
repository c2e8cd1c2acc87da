import { apiHandler } from '#lib/server/api/handler.ts';
import { orNotFound } from '#lib/server/api/problem.ts';
import { apiItem } from '#lib/server/api/public-reads.ts';
import { IdParams, Item } from '#lib/server/api/public-schemas.ts';

export const GET = apiHandler(
	{
		method: 'GET',
		operationId: 'getItem',
		summary: 'A programme item',
		description: 'An item of a published project, with sessions, places left and tracks.',
		tags: ['Programme'],
		auth: 'public',
		params: IdParams,
		responses: { 200: { description: 'The item.', schema: Item } }
	},
	async ({ db, params, locale, origin, now }) => orNotFound(await apiItem(db, params.id, locale, origin, now))
);
