import { apiHandler } from '#lib/server/api/handler.ts';
import { orNotFound } from '#lib/server/api/problem.ts';
import { apiProject } from '#lib/server/api/public-reads.ts';
import { Project, SlugParams } from '#lib/server/api/public-schemas.ts';

export const GET = apiHandler(
	{
		method: 'GET',
		operationId: 'getProject',
		summary: 'A published project',
		description: 'Current or archived; a draft is 404.',
		tags: ['Programme'],
		auth: 'public',
		params: SlugParams,
		responses: { 200: { description: 'The project.', schema: Project } }
	},
	async ({ db, params, locale, origin, now }) => orNotFound(await apiProject(db, params.slug, locale, origin, now))
);
