/**
 * Registration rules shared by the services and the participant page (so the page offers only
 * what the service allows).
 */

const ACTIVE = ['held', 'awaiting_approval', 'confirmed', 'waitlisted'];

/**
 * A participant may cancel an active registration while at least one of its sessions is still
 * ahead (dropping out of the rest of a series is fine); once all have started it is history.
 * A registration without any session yet can be cancelled.
 */
export function participantMayCancel(status: string, sessionStarts: Date[], now: Date): boolean {
	if (!ACTIVE.includes(status)) return false;
	return sessionStarts.length === 0 || sessionStarts.some((d) => d.getTime() > now.getTime());
}
