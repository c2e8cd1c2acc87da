/** A rule of the domain said no. `code` is stable; the page turns it into a message (`err_<code>`). */
export class DomainError extends Error {
	constructor(
		readonly code:
			| 'not_found'
			| 'slug_taken'
			| 'name_taken'
			| 'last_admin'
			| 'publish_blocked'
			| 'meeting_not_in_item'
			| 'registration_closed'
			| 'session_not_bookable'
			| 'full'
			| 'confirm_invalid'
			| 'not_eligible',
		readonly field?: string,
		readonly params: Record<string, string | number> = {}
	) {
		super(code);
	}
}
