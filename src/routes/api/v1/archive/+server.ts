import { apiHandler } from '#lib/server/api/handler.ts';
import { apiArchive } from '#lib/server/api/public-reads.ts';
import { ProjectList, ProjectQuery } from '#lib/server/api/public-schemas.ts';

export const GET = apiHandler(
	{
		method: 'GET',
		operationId: 'listArchive',
		summary: 'The archive: past projects',
		description: 'Projects whose runtime is over or that were archived, newest first.',
		tags: ['Programme'],
		auth: 'public',
		query: ProjectQuery,
		responses: { 200: { description: 'A page of past projects.', schema: ProjectList } }
	},
	({ db, query, locale, origin, now }) => apiArchive(db, query, locale, origin, now)
);
