import { apiHandler } from '#lib/server/api/handler.ts';
import { apiProjects } from '#lib/server/api/public-reads.ts';
import { ProjectList, ProjectQuery } from '#lib/server/api/public-schemas.ts';

export const GET = apiHandler(
	{
		method: 'GET',
		operationId: 'listProjects',
		summary: 'Published projects',
		description: 'Every published project, newest runtime first: current ones (runtime not over) and past ones (`archived: true`, also listed by /archive). `when=current` or `when=past` picks one kind.',
		tags: ['Programme'],
		auth: 'public',
		query: ProjectQuery,
		responses: { 200: { description: 'A page of projects.', schema: ProjectList } }
	},
	({ db, query, locale, origin, now }) => apiProjects(db, query, locale, origin, now)
);
