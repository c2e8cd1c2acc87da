import { apiHandler } from '#lib/server/api/handler.ts';
import { IdParams } from '#lib/server/api/public-schemas.ts';
import { readRegistration, RegistrationEnvelope } from '#lib/server/api/registrations.ts';

export const GET = apiHandler(
	{
		method: 'GET',
		operationId: 'getRegistration',
		summary: 'One registration',
		description: 'The registration as the item’s list shows it; what registration and attendance webhooks link to.',
		tags: ['Registrations'],
		auth: { scope: 'registrations:read' },
		params: IdParams,
		responses: { 200: { description: 'The registration.', schema: RegistrationEnvelope } }
	},
	({ db, params }) => readRegistration(db, params.id)
);
