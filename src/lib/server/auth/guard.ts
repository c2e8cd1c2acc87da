import { error } from '@sveltejs/kit';
import type { Actor } from '../audit/record.ts';

/** Roles of the programme team. Other accounts (organisation members) never reach /admin. */
export const STAFF_ROLES = ['admin', 'staff'] as const;

export function isStaffRole(role: string): boolean {
	return (STAFF_ROLES as readonly string[]).includes(role);
}

/** How a session was made. Only the first two are a staff sign-in. */
export type SignInMethod = 'password' | 'two-factor' | 'magic-link' | 'other';
const STAFF_SIGN_IN: readonly string[] = ['password', 'two-factor'];

/** The sign-in method of a session made by the better-auth endpoint at `path`. */
export function signInMethodOf(path: string | undefined): SignInMethod {
	if (path === '/sign-in/email') return 'password';
	if (path === '/two-factor/verify-totp' || path === '/two-factor/verify-backup-code') return 'two-factor';
	if (path === '/magic-link/verify') return 'magic-link';
	return 'other';
}

/** A staff account whose session was made with the password (a sign-in link never counts). */
export function isStaff(user: App.Locals['user']): boolean {
	return user !== null && isStaffRole(user.role) && STAFF_SIGN_IN.includes(user.signInMethod);
}

/** The signed-in staff member, or a 401/403. The hook already redirects; routes rely on this too. */
export function requireStaff(locals: App.Locals): Actor {
	if (!locals.user) error(401, 'Bitte melden Sie sich an.');
	if (!isStaff(locals.user)) error(403, 'Dafür fehlt Ihnen die Berechtigung.');
	return { id: locals.user.id, email: locals.user.email };
}
