import { apiHandler, reply } from '#lib/server/api/handler.ts';
import { writer } from '#lib/server/api/token-actor.ts';
import { createOrganisationViaApi, listOrganisationsViaApi, OrganisationBody, OrganisationEnvelope, OrganisationList, OrganisationQuery } from '#lib/server/api/organisations.ts';

export const GET = apiHandler(
	{
		method: 'GET',
		operationId: 'listOrganisations',
		summary: 'Organisations',
		description: 'Every organisation with its profile, oldest first.',
		tags: ['Organisations'],
		auth: { scope: 'organisations:read' },
		query: OrganisationQuery,
		responses: { 200: { description: 'A page of organisations.', schema: OrganisationList } }
	},
	({ db, query }) => listOrganisationsViaApi(db, query)
);

export const POST = apiHandler(
	{
		method: 'POST',
		operationId: 'createOrganisation',
		summary: 'Create an organisation',
		description: 'As the team creates one in the backoffice: confirmed at once, the name unique regardless of case (409 `name_taken` as a field error), optionally into a project’s cohort.',
		tags: ['Organisations'],
		auth: { scope: 'organisations:write' },
		body: OrganisationBody,
		responses: { 201: { description: 'The new organisation.', schema: OrganisationEnvelope } }
	},
	async ({ db, body, actor, now }) => reply(201, await createOrganisationViaApi(db, writer(actor), body, now))
);
