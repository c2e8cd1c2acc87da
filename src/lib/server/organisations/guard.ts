import { error, redirect } from '@sveltejs/kit';
import { localizeHref } from '../../paraglide/runtime.js';
import * as m from '../../paraglide/messages.js';
import type { Db } from '../db/client.ts';
import { membershipOf, type Membership } from './members.ts';

/**
 * The signed-in member and their organisation. Everything under /verein is scoped by this
 * membership; no route takes an organisation id from the address.
 */
export async function requireMember(db: Db, locals: App.Locals): Promise<{ userId: string; email: string; membership: Membership }> {
	if (!locals.user) redirect(303, localizeHref('/verein/anmelden'));
	const membership = await membershipOf(db, locals.user.id);
	if (!membership) error(403, m.org_no_membership());
	return { userId: locals.user.id, email: locals.user.email, membership };
}
