import { error, redirect } from '@sveltejs/kit';
import { localizeHref } from '../../paraglide/runtime.js';
import * as m from '../../paraglide/messages.js';
import type { Db } from '../db/client.ts';
import { membershipOf, type Membership } from './members.ts';
import { invitationsFor } from './invitations.ts';

/**
 * The signed-in member and their organisation. Everything under /verein is scoped by this
 * membership; no route takes an organisation id from the address. Somebody with no membership
 * yet but an open invitation is sent to the offer.
 */
export async function requireMember(db: Db, locals: App.Locals): Promise<{ userId: string; email: string; membership: Membership }> {
	if (!locals.user) redirect(303, localizeHref('/verein/anmelden'));
	const membership = await membershipOf(db, locals.user.id);
	if (!membership) {
		if ((await invitationsFor(db, locals.user.email, new Date())).length) redirect(303, localizeHref('/verein/einladung'));
		error(403, m.org_no_membership());
	}
	return { userId: locals.user.id, email: locals.user.email, membership };
}
