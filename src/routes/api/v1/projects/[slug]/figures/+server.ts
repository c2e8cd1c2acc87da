import { apiHandler } from '#lib/server/api/handler.ts';
import { SlugParams } from '#lib/server/api/public-schemas.ts';
import { Figures, FiguresQuery, figuresViaApi } from '#lib/server/api/figures.ts';

export const GET = apiHandler(
	{
		method: 'GET',
		operationId: 'getProjectFigures',
		summary: 'Funder figures of a project',
		description: 'The same figures as the funder report and its exports (reports/figures.ts), for a period (`from` and `to`, Berlin days) or the whole runtime. Counts only.',
		tags: ['Figures'],
		auth: { scope: 'figures:read' },
		params: SlugParams,
		query: FiguresQuery,
		responses: { 200: { description: 'The figures.', schema: Figures } }
	},
	({ db, params, query, locale, now }) => figuresViaApi(db, params.slug, query, locale, now)
);
