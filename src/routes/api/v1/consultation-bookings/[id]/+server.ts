import { apiHandler } from '#lib/server/api/handler.ts';
import { IdParams } from '#lib/server/api/public-schemas.ts';
import { writer } from '#lib/server/api/token-actor.ts';
import { ConsultationBookingEnvelope, readBookingViaApi } from '#lib/server/api/consultations.ts';

export const GET = apiHandler(
	{
		method: 'GET',
		operationId: 'getConsultationBooking',
		summary: 'One consultation booking',
		description: 'The booking (any state) as its consultation series’ list shows it; what booking webhooks link to.',
		tags: ['Consultations'],
		auth: { scope: 'consultations:read' },
		params: IdParams,
		responses: { 200: { description: 'The booking.', schema: ConsultationBookingEnvelope } }
	},
	({ db, params, actor }) => readBookingViaApi(db, writer(actor), params.id)
);
