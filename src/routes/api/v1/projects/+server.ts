import { apiHandler } from '#lib/server/api/handler.ts';
import { apiProjects } from '#lib/server/api/public-reads.ts';
import { ProjectList, ProjectQuery } from '#lib/server/api/public-schemas.ts';

export const GET = apiHandler(
	{
		method: 'GET',
		operationId: 'listProjects',
		summary: 'Current published projects',
		description: 'Projects whose runtime is not over, newest first. Past ones are in /archive.',
		tags: ['Programme'],
		auth: 'public',
		query: ProjectQuery,
		responses: { 200: { description: 'A page of projects.', schema: ProjectList } }
	},
	({ db, query, locale, origin, now }) => apiProjects(db, query, locale, origin, now)
);
