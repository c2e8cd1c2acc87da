import { apiHandler } from '#lib/server/api/handler.ts';
import { IdParams } from '#lib/server/api/public-schemas.ts';
import { writer } from '#lib/server/api/token-actor.ts';
import { cancelViaApi } from '#lib/server/api/consultations.ts';

export const POST = apiHandler(
	{
		method: 'POST',
		operationId: 'cancelConsultationBooking',
		summary: 'Cancel a consultation booking',
		description: 'As the team cancels: the attendees get the cancellation mail and the freed place is offered to the track’s waiting list. A booking no longer booked is 404.',
		tags: ['Consultations'],
		auth: { scope: 'consultations:write' },
		params: IdParams,
		responses: { 204: { description: 'Cancelled.' } }
	},
	async ({ db, now, origin, params, actor }) => {
		await cancelViaApi({ db, now, origin }, writer(actor), params.id);
	}
);
