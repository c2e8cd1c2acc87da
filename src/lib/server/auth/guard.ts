import { error } from '@sveltejs/kit';
import { deLocalizeHref } from '../../paraglide/runtime.js';
import type { Actor } from '../audit/record.ts';
import { isUnder } from '../http/paths.ts';

/** Roles of the programme team that reach the backoffice. Other accounts never reach /admin. */
export const STAFF_ROLES = ['admin', 'staff'] as const;

/**
 * Every role of a team account (team/accounts.ts). All sign in with a password at /admin/anmelden;
 * a consultant's door is /beratung, and the backoffice answers them 404.
 */
export const TEAM_ROLES = ['admin', 'staff', 'consultant'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export function isStaffRole(role: string): boolean {
	return (STAFF_ROLES as readonly string[]).includes(role);
}

/** An account that signs in with a password (never with a sign-in link). */
export function isTeamRole(role: string): role is TeamRole {
	return (TEAM_ROLES as readonly string[]).includes(role);
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

/** A staff member with the role admin: they manage the team's accounts (and personal data). */
export function isAdmin(user: App.Locals['user']): boolean {
	return isStaff(user) && user!.role === 'admin';
}

/** A consultant signed in with their password. */
export function isConsultant(user: App.Locals['user']): boolean {
	return user !== null && user.role === 'consultant' && STAFF_SIGN_IN.includes(user.signInMethod);
}

/**
 * The signed-in staff member, or an error: 401 signed out, 404 for a consultant (the backoffice
 * does not exist for them), 403 for other accounts. The hook already redirects; routes rely on this too.
 */
export function requireStaff(locals: App.Locals): Actor {
	if (!locals.user) error(401, 'Bitte melden Sie sich an.');
	if (isConsultant(locals.user)) error(404, 'Nicht gefunden.');
	if (!isStaff(locals.user)) error(403, 'Dafür fehlt Ihnen die Berechtigung.');
	return { id: locals.user.id, email: locals.user.email };
}

/** As requireStaff, and the role admin, else 403. Services check the role again under their lock. */
export function requireAdmin(locals: App.Locals): Actor {
	const actor = requireStaff(locals);
	if (!isAdmin(locals.user)) error(403, 'Dafür fehlt Ihnen die Berechtigung.');
	return actor;
}

/** The signed-in consultant, or 401 signed out, 404 for every other account (staff included). */
export function requireConsultant(locals: App.Locals): Actor {
	if (!locals.user) error(401, 'Bitte melden Sie sich an.');
	if (!isConsultant(locals.user)) error(404, 'Nicht gefunden.');
	return { id: locals.user.id, email: locals.user.email };
}

/** Where a team account starts (unlocalised): a consultant at /beratung, staff at /admin. */
export function homeOf(role: string): '/beratung' | '/admin' {
	return role === 'consultant' ? '/beratung' : '/admin';
}

/**
 * Where a sign-in ends: `next` (an already checked same-site path, possibly localised) when it lies
 * in the account's own area, else its home. `localize` turns the home into the page's language.
 */
export function landingPath(role: string, next: string | null, localize: (path: string) => string): string {
	const home = homeOf(role);
	if (next && isUnder(deLocalizeHref(next).split(/[?#]/)[0], home)) return next;
	return localize(home);
}
