import { app } from '#lib/server/app.ts';
import { requireMember } from '#lib/server/organisations/guard.ts';
import { myProgress } from '#lib/server/assessment/check.ts';
import { listMembers } from '#lib/server/organisations/members.ts';
import { invitationsFor, listInvitations } from '#lib/server/organisations/invitations.ts';
import { peopleActions } from '../admin/people-actions.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const { db } = app().database;
	const now = new Date();
	const { userId, email, membership } = await requireMember(db, locals);
	const progress = await myProgress(db, membership.organisationId, userId, now);
	const next = progress.instrument.dimensions.find((d) => !progress.done.includes(d.key))?.key ?? null;
	// The admin sees and manages who is in, and who is invited, of their own association only.
	const admin = membership.role === 'org_admin';
	const [members, invitations, offers] = await Promise.all([
		admin ? listMembers(db, membership.organisationId) : [],
		admin ? listInvitations(db, membership.organisationId, now) : [],
		invitationsFor(db, email, now)
	]);
	return { membership, members, invitations, openOffers: offers.length, done: progress.done.length, total: progress.instrument.dimensions.length, next, round: progress.round.number };
};

export const actions: Actions = {
	// role, remove, invite, withdraw: the same actions as the team's page, scoped to the own association.
	...peopleActions(async ({ locals }) => {
		const { userId, email, membership } = await requireMember(app().database.db, locals);
		return { actor: { id: userId, email }, organisationId: membership.organisationId, byMemberOf: membership, page: '/verein' };
	})
};
