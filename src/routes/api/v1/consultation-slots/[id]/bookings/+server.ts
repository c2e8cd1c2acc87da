import { apiHandler } from '#lib/server/api/handler.ts';
import { IdParams } from '#lib/server/api/public-schemas.ts';
import { writer } from '#lib/server/api/token-actor.ts';
import { BookingBody, bookViaApi, ConsultationBookingCreated } from '#lib/server/api/consultations.ts';

export const POST = apiHandler(
	{
		method: 'POST',
		operationId: 'bookConsultationSlot',
		summary: 'Book a slot on an association’s behalf',
		description:
			'As the team books in the backoffice: the intake as in the booking form, one association per place whatever runs in parallel (409 `slot_taken`, `already_booked`, `slot_not_bookable`), the confirmation mail with a calendar file to each attendee.',
		tags: ['Consultations'],
		auth: { scope: 'consultations:write' },
		params: IdParams,
		body: BookingBody,
		responses: { 201: { description: 'Booked.', schema: ConsultationBookingCreated } }
	},
	({ db, now, origin, params, body, actor }) => bookViaApi({ db, now, origin }, writer(actor), params.id, body)
);
