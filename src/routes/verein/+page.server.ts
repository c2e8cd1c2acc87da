import { app } from '#lib/server/app.ts';
import { requireMember } from '#lib/server/organisations/guard.ts';
import { myProgress } from '#lib/server/assessment/check.ts';
import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { inviteMember, listMembers } from '#lib/server/organisations/members.ts';
import { DomainError } from '#lib/server/errors.ts';
import { peopleActions } from '../admin/people-actions.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const { db } = app().database;
	const { userId, membership } = await requireMember(db, locals);
	const progress = await myProgress(db, membership.organisationId, userId, new Date());
	const next = progress.instrument.dimensions.find((d) => !progress.done.includes(d.key))?.key ?? null;
	// The admin sees and manages who is in, of their own association only.
	const members = membership.role === 'org_admin' ? await listMembers(db, membership.organisationId) : [];
	return { membership, members, done: progress.done.length, total: progress.instrument.dimensions.length, next, round: progress.round.number };
};

export const actions: Actions = {
	...peopleActions(async ({ locals }) => {
		const { userId, email, membership } = await requireMember(app().database.db, locals);
		return { actor: { id: userId, email }, organisationId: membership.organisationId, byMemberOf: membership, page: '/verein' };
	}),
	/** An association admin invites a member of their own association. */
	invite: async ({ locals, request }) => {
		const { db } = app().database;
		const { userId, email, membership } = await requireMember(db, locals);
		if (membership.role !== 'org_admin') return fail(403, { forbidden: true });
		const raw = Object.fromEntries((await request.formData()).entries()) as Record<string, string>;
		const parsed = z.object({ email: z.email(), name: z.string().trim().max(200).default('') }).safeParse(raw);
		if (!parsed.success) return fail(400, { inviteInvalid: true, values: raw });
		try {
			const invited = await inviteMember(db, { id: userId, email }, { organisationId: membership.organisationId, email: parsed.data.email, name: parsed.data.name, role: 'member', byMemberOf: membership }, new Date());
			await app().auth.api.signInMagicLink({ body: { email: invited.email, callbackURL: '/verein' }, headers: request.headers });
		} catch (e) {
			if (e instanceof DomainError) return fail(403, { forbidden: true });
			throw e;
		}
		redirect(303, localizeHref('/verein?eingeladen'));
	}
};
