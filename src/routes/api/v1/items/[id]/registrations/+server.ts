import { apiHandler, reply } from '#lib/server/api/handler.ts';
import { IdParams } from '#lib/server/api/public-schemas.ts';
import { writer } from '#lib/server/api/token-actor.ts';
import { createRegistration, listRegistrations, RegistrationBody, RegistrationEnvelope, RegistrationList, RegistrationListQuery } from '#lib/server/api/registrations.ts';

export const GET = apiHandler(
	{
		method: 'GET',
		operationId: 'listRegistrations',
		summary: 'Registrations of a programme item',
		description: 'In the order people registered (the order the waiting list moves up in), optionally one status or one session.',
		tags: ['Registrations'],
		auth: { scope: 'registrations:read' },
		params: IdParams,
		query: RegistrationListQuery,
		responses: { 200: { description: 'A page of registrations.', schema: RegistrationList } }
	},
	({ db, params, query }) => listRegistrations(db, params.id, query)
);

export const POST = apiHandler(
	{
		method: 'POST',
		operationId: 'createRegistration',
		summary: 'Register a person on their behalf',
		description:
			'As the public registration form: the same fields and rules, a place if one is free (else the waiting list), and the same confirmation mail to the person, who confirms by its link (double opt-in). The person must have agreed to the privacy notice (`consent.privacy`). The same person again for the same item or session answers 200 with the existing registration.',
		tags: ['Registrations'],
		auth: { scope: 'registrations:write' },
		params: IdParams,
		body: RegistrationBody,
		responses: {
			201: { description: 'Registered: held (place kept until the email is confirmed) or waitlisted.', schema: RegistrationEnvelope },
			200: { description: 'Already registered: the existing registration, unchanged.', schema: RegistrationEnvelope }
		}
	},
	async (ctx) => {
		const out = await createRegistration(ctx, writer(ctx.actor), ctx.params.id, ctx.body);
		return reply(out.status, out.body);
	}
);
