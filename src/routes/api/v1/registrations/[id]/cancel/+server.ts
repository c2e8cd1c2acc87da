import { apiHandler } from '#lib/server/api/handler.ts';
import { IdParams } from '#lib/server/api/public-schemas.ts';
import { writer } from '#lib/server/api/token-actor.ts';
import { cancelRegistrationViaApi, RegistrationEnvelope } from '#lib/server/api/registrations.ts';

export const POST = apiHandler(
	{
		method: 'POST',
		operationId: 'cancelRegistration',
		summary: 'Cancel a registration',
		description: 'As the team cancels: the person gets the cancellation mail and the freed place goes to the waiting list. A cancelled registration stays cancelled (200, unchanged).',
		tags: ['Registrations'],
		auth: { scope: 'registrations:write' },
		params: IdParams,
		responses: { 200: { description: 'The registration, now cancelled.', schema: RegistrationEnvelope } }
	},
	(ctx) => cancelRegistrationViaApi(ctx, writer(ctx.actor), ctx.params.id)
);
