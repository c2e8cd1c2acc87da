import { error } from '@sveltejs/kit';
import type { Actor } from '../audit/record.ts';

/** Roles of the programme team. Other accounts (organisation members, later) never reach /admin. */
export const STAFF_ROLES = ['admin', 'staff'] as const;

export function isStaff(user: App.Locals['user']): boolean {
	return user !== null && (STAFF_ROLES as readonly string[]).includes(user.role);
}

/** The signed-in staff member, or a 401/403. The hook already redirects; routes rely on this too. */
export function requireStaff(locals: App.Locals): Actor {
	if (!locals.user) error(401, 'Bitte melden Sie sich an.');
	if (!isStaff(locals.user)) error(403, 'Dafür fehlt Ihnen die Berechtigung.');
	return { id: locals.user.id, email: locals.user.email };
}
