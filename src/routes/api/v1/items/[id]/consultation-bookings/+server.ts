import { apiHandler } from '#lib/server/api/handler.ts';
import { IdParams } from '#lib/server/api/public-schemas.ts';
import { writer } from '#lib/server/api/token-actor.ts';
import { ConsultationBookingList, listBookingsViaApi } from '#lib/server/api/consultations.ts';

export const GET = apiHandler(
	{
		method: 'GET',
		operationId: 'listConsultationBookings',
		summary: 'Bookings of a consultation series',
		description: 'Every booking of the item’s slots (all states), by slot time. 404 when the item has no consultation offer.',
		tags: ['Consultations'],
		auth: { scope: 'consultations:read' },
		params: IdParams,
		responses: { 200: { description: 'The bookings.', schema: ConsultationBookingList } }
	},
	({ db, params, actor }) => listBookingsViaApi(db, writer(actor), params.id)
);
