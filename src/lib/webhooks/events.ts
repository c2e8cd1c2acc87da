/**
 * The webhook event types, what each carries, and the API resource each links to. Pure: the
 * backoffice form offers these types, the services emit them (server/webhooks/events.ts).
 *
 * A payload holds ids and a link, never personal data (no names, no addresses): a receiver that
 * needs more asks the API with a token whose scope allows it.
 */

/** Each event type with the ids its `data` holds. */
export interface EventData {
	'registration.created': { registration_id: number; item_id: number; session_id: number | null };
	'registration.confirmed': { registration_id: number; item_id: number; session_id: number | null };
	'registration.cancelled': { registration_id: number; item_id: number; session_id: number | null };
	'registration.moved_up': { registration_id: number; item_id: number; session_id: number | null };
	'attendance.recorded': { registration_id: number; item_id: number; session_id: number };
	'session.changed': { session_id: number; item_id: number };
	'session.cancelled': { session_id: number; item_id: number };
	'project.published': { project_id: number; project_slug: string };
	'consultation_booking.booked': { booking_id: number; slot_id: number; organisation_id: number };
	'consultation_booking.changed': { booking_id: number; slot_id: number; organisation_id: number };
	'consultation_booking.cancelled': { booking_id: number; slot_id: number; organisation_id: number };
}

export type EventType = keyof EventData;

export const EVENT_TYPES: EventType[] = [
	'registration.created',
	'registration.confirmed',
	'registration.cancelled',
	'registration.moved_up',
	'attendance.recorded',
	'session.changed',
	'session.cancelled',
	'project.published',
	'consultation_booking.booked',
	'consultation_booking.changed',
	'consultation_booking.cancelled'
];

export function isEventType(value: string): value is EventType {
	return (EVENT_TYPES as string[]).includes(value);
}

/**
 * The path of the API resource an event is about (`url` in the payload, after the public origin):
 * registrations and attendance → the registration, sessions → their item (which lists its
 * sessions), a project → the project, a consultation booking → the booking.
 */
export function resourcePath(type: string, data: Record<string, unknown>): string {
	const seg = (v: unknown) => encodeURIComponent(String(v));
	if (type.startsWith('registration.') || type === 'attendance.recorded') return `/api/v1/registrations/${seg(data.registration_id)}`;
	if (type.startsWith('session.')) return `/api/v1/items/${seg(data.item_id)}`;
	if (type === 'project.published') return `/api/v1/projects/${seg(data.project_slug)}`;
	if (type.startsWith('consultation_booking.')) return `/api/v1/consultation-bookings/${seg(data.booking_id)}`;
	return '/api/v1';
}
