import { app } from '#lib/server/app.ts';
import { requireMember } from '#lib/server/organisations/guard.ts';
import { associationHome } from '#lib/server/organisations/home.ts';
import { consultationTask } from '#lib/server/consultation/pages-verein.ts';
import { localDate } from '#lib/programme/dates.ts';
import { listMembers } from '#lib/server/organisations/members.ts';
import { invitationsFor, listInvitations } from '#lib/server/organisations/invitations.ts';
import { peopleActions } from '../admin/people-actions.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const { db } = app().database;
	const now = new Date();
	const { userId, email, membership } = await requireMember(db, locals);
	// The admin sees and manages who is in, and who is invited, of their own association only.
	const admin = membership.role === 'org_admin';
	const [home, consultation, members, invitations, offers] = await Promise.all([
		associationHome(db, membership.organisationId, userId, now, localDate(now)),
		consultationTask(db, { kind: 'association', actor: { id: userId, email }, organisationId: membership.organisationId }, now),
		admin ? listMembers(db, membership.organisationId) : [],
		admin ? listInvitations(db, membership.organisationId, now) : [],
		invitationsFor(db, email, now)
	]);
	return { membership, home, consultation, members, invitations, openOffers: offers.length };
};

export const actions: Actions = {
	// role, remove, invite, withdraw: the same actions as the team's page, scoped to the own association.
	...peopleActions(async ({ locals }) => {
		const { userId, email, membership } = await requireMember(app().database.db, locals);
		return { actor: { id: userId, email }, organisationId: membership.organisationId, byMemberOf: membership, page: '/verein' };
	})
};
