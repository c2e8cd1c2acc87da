import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { acceptTeamInvitation, invitationForToken } from '#lib/server/team/invitations.ts';
import type { Actions, PageServerLoad } from './$types';

/** The invitation link of a team member (team/invitations.ts): set the first password. Reached signed out. */
export const load: PageServerLoad = async ({ params, setHeaders }) => {
	setHeaders({ 'Referrer-Policy': 'same-origin' });
	const invitation = await invitationForToken(app().database.db, app().auth, params.token, new Date());
	return { invitation: invitation && { name: invitation.name, email: invitation.email } };
};

export const actions: Actions = {
	default: async ({ params, request }) => {
		const form = await request.formData();
		const password = String(form.get('password') ?? '');
		const repeat = String(form.get('repeat') ?? '');
		// Passwords are never sent back to the page; only which field is wrong.
		if (password.length < 10) return fail(400, { error: { field: 'password', key: 'team_err_password_short' } });
		if (password.length > 128) return fail(400, { error: { field: 'password', key: 'team_err_password_long' } });
		if (password !== repeat) return fail(400, { error: { field: 'repeat', key: 'team_err_password_mismatch' } });
		const { database, auth } = app();
		const outcome = await acceptTeamInvitation(database.db, auth, { token: params.token, password }, new Date());
		if (outcome.status === 'invalid') return fail(400, { error: { field: 'form', key: 'err_invitation_invalid' } });
		if (outcome.status !== 'accepted') return fail(400, { error: { field: 'password', key: outcome.status === 'password_too_short' ? 'team_err_password_short' : 'team_err_password_long' } });
		redirect(303, localizeHref('/admin/anmelden?passwort'));
	}
};
