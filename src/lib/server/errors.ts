/** A rule of the domain said no. `code` is stable; the page turns it into a message (`err_<code>`). */
export class DomainError extends Error {
	constructor(
		readonly code:
			| 'not_found'
			| 'slug_taken'
			| 'name_taken'
			| 'last_admin'
			| 'choice'
			| 'stale'
			| 'publish_blocked'
			| 'change_blocked'
			| 'session_has_registrations'
			| 'meeting_not_in_item'
			| 'registration_closed'
			| 'session_not_bookable'
			| 'full'
			| 'confirm_invalid'
			| 'too_many_unconfirmed'
			| 'cancel_too_late'
			| 'not_eligible'
			| 'certificate_too_early'
			| 'already_member'
			| 'invite_limit_recipient'
			| 'invite_limit_organisation'
			// team accounts (src/lib/server/team)
			| 'forbidden'
			| 'account_exists'
			// consultations (src/lib/server/consultation)
			| 'not_consultation_series'
			| 'slot_not_bookable'
			| 'slot_taken'
			| 'booking_limit'
			| 'change_too_late'
			| 'already_booked'
			| 'already_waiting'
			| 'offer_expired'
			| 'not_consultant'
			| 'attendance_too_early'
			| 'room_unavailable'
			// handbook (src/lib/server/handbook)
			| 'image_invalid'
			| 'image_too_large'
			| 'step_not_allowed'
			// item materials (src/lib/server/programme/materials.ts)
			| 'material_invalid'
			| 'material_too_large'
			| 'material_title',
		readonly field?: string,
		readonly params: Record<string, string | number> = {}
	) {
		super(code);
	}
}

/** PostgreSQL's unique_violation (23505), as postgres.js and PGlite report it, also wrapped by Drizzle. */
export function isUniqueViolation(e: unknown): boolean {
	for (let cause = e, depth = 0; cause && depth < 4; cause = (cause as { cause?: unknown }).cause, depth++) {
		if ((cause as { code?: unknown }).code === '23505') return true;
	}
	return false;
}
