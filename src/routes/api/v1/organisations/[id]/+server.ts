import { apiHandler } from '#lib/server/api/handler.ts';
import { IdParams } from '#lib/server/api/public-schemas.ts';
import { OrganisationEnvelope, readOrganisation } from '#lib/server/api/organisations.ts';

export const GET = apiHandler(
	{
		method: 'GET',
		operationId: 'getOrganisation',
		summary: 'One organisation',
		tags: ['Organisations'],
		auth: { scope: 'organisations:read' },
		params: IdParams,
		responses: { 200: { description: 'The organisation with its profile.', schema: OrganisationEnvelope } }
	},
	({ db, params }) => readOrganisation(db, params.id)
);
