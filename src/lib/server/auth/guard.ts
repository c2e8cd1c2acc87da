import { error } from '@sveltejs/kit';
import type { Actor } from '../audit/record.ts';

/** The signed-in staff member, or a 401. The hook already redirects; services rely on this too. */
export function requireStaff(locals: App.Locals): Actor {
	if (!locals.user) error(401, 'Bitte melden Sie sich an.');
	return { id: locals.user.id, email: locals.user.email };
}
