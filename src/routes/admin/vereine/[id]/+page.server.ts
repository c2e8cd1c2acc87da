import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { organisationResults } from '#lib/server/assessment/results.ts';
import { inviteMember } from '#lib/server/organisations/members.ts';
import { startNextRound } from '#lib/server/assessment/check.ts';
import { addComment, getPlan } from '#lib/server/assessment/plan.ts';
import { idParam, refusal } from '../../outcome.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	requireStaff(locals);
	try {
		const id = idParam(params.id);
		const { db } = app().database;
		return { view: await organisationResults(db, id), plan: await getPlan(db, id) };
	} catch (e) {
		throw refusal(e);
	}
};

const invite = z.object({
	email: z.email({ error: 'reg_err_email' }),
	name: z.string().trim().max(200).default(''),
	role: z.enum(['member', 'org_admin'], { error: 'err_choice' })
});

export const actions: Actions = {
	comment: async ({ locals, params, request }) => {
		const actor = requireStaff(locals);
		const text = String((await request.formData()).get('text') ?? '').trim();
		if (text.length < 2 || text.length > 2000) return fail(400, { commentInvalid: true });
		await addComment(app().database.db, { ...actor, name: locals.user?.name ?? actor.email }, idParam(params.id), text, new Date());
		redirect(303, localizeHref(`/admin/vereine/${params.id}?gespeichert#plan`));
	},
	nextRound: async ({ locals, params }) => {
		const actor = requireStaff(locals);
		await startNextRound(app().database.db, actor, idParam(params.id), new Date());
		redirect(303, localizeHref(`/admin/vereine/${params.id}?gespeichert`));
	},
	invite: async ({ locals, params, request }) => {
		const actor = requireStaff(locals);
		const raw = Object.fromEntries((await request.formData()).entries());
		const parsed = invite.safeParse(raw);
		if (!parsed.success) return fail(400, { inviteError: parsed.error.issues[0].message, values: raw as Record<string, string> });
		const { auth, database } = app();
		try {
			const { email } = await inviteMember(database.db, actor, { organisationId: idParam(params.id), ...parsed.data }, new Date());
			await auth.api.signInMagicLink({ body: { email, callbackURL: '/verein' }, headers: request.headers });
		} catch (e) {
			return refusal(e);
		}
		redirect(303, localizeHref(`/admin/vereine/${params.id}?eingeladen`));
	}
};
