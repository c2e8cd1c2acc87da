import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import * as m from '#lib/paraglide/messages.js';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { isAdmin, isTeamRole, requireAdmin, requireStaff } from '#lib/server/auth/guard.ts';
import { DomainError } from '#lib/server/errors.ts';
import { deactivateTeamMember, listTeam, reactivateTeamMember, setTeamRole } from '#lib/server/team/accounts.ts';
import { inviteTeamMember, resendTeamInvitation } from '#lib/server/team/invitations.ts';
import { parseTeamInviteForm } from '#lib/team/invite.ts';
import { formValues } from '#lib/forms/parse.ts';
import type { Actions, PageServerLoad } from './$types';

/** The team's accounts. Staff see the list; only admins get the forms (and the actions check again). */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireStaff(locals);
	const accounts = await listTeam(app().database.db, new Date());
	const canManage = isAdmin(locals.user);
	// `?deaktivieren=<id>`: the question before a deactivation (no JavaScript needed).
	const asked = url.searchParams.get('deaktivieren');
	const confirm = canManage ? (accounts.find((a) => a.id === asked && a.status !== 'deactivated') ?? null) : null;
	return { accounts, canManage, me: actor.id, confirm: confirm && { id: confirm.id, name: confirm.name } };
};

/** An account id from the form: a better-auth/UUID id is short and plain; anything else cannot exist. */
function accountId(form: FormData): string {
	const id = String(form.get('userId') ?? '');
	if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) error(404, m.err_not_found());
	return id;
}

/** A change to one account; domain refusals become a message above the list. */
async function change(event: RequestEvent, run: (form: FormData) => Promise<void>, done = 'gespeichert') {
	requireAdmin(event.locals);
	const form = await event.request.formData();
	try {
		await run(form);
	} catch (e) {
		if (!(e instanceof DomainError)) throw e;
		if (e.code === 'not_found') error(404, m.err_not_found());
		if (e.code === 'last_admin') return fail(409, { teamError: 'team_err_last_admin' });
		if (e.code === 'forbidden') return fail(403, { teamError: 'err_forbidden' });
		if (e.code.startsWith('invite_limit')) return fail(429, { teamError: `err_${e.code}`, teamErrorParams: e.params });
		return fail(400, { teamError: `err_${e.code}` });
	}
	redirect(303, localizeHref(`/admin/team?${done}#konten`));
}

export const actions: Actions = {
	invite: async ({ locals, request }) => {
		const actor = requireAdmin(locals);
		const form = await request.formData();
		const parsed = parseTeamInviteForm(form);
		if (!parsed.ok) return fail(400, { invite: { errors: parsed.errors, values: parsed.values } });
		try {
			await inviteTeamMember(app().database.db, app().auth, actor, parsed.data, new Date());
		} catch (e) {
			if (!(e instanceof DomainError)) throw e;
			const status = e.code === 'forbidden' ? 403 : e.code.startsWith('invite_limit') ? 429 : 409;
			return fail(status, { invite: { errors: { [e.field ?? 'form']: { key: `err_${e.code}`, params: e.params } }, values: formValues(form) } });
		}
		redirect(303, localizeHref('/admin/team?eingeladen#konten'));
	},
	role: (event) =>
		change(event, async (form) => {
			const role = String(form.get('role') ?? '');
			if (!isTeamRole(role)) throw new DomainError('choice');
			await setTeamRole(app().database.db, requireAdmin(event.locals), { userId: accountId(form), role }, new Date());
		}),
	/** Deactivating asks first: a post without `confirm=yes` goes back to the question. */
	deactivate: (event) =>
		change(event, async (form) => {
			const userId = accountId(form);
			if (form.get('confirm') !== 'yes') redirect(303, localizeHref(`/admin/team?deaktivieren=${encodeURIComponent(userId)}#deaktivieren`));
			await deactivateTeamMember(app().database.db, requireAdmin(event.locals), userId, new Date());
		}),
	/** A new invitation link for someone who has not set a password yet (the last one lost or expired). */
	resend: (event) =>
		change(event, async (form) => {
			await resendTeamInvitation(app().database.db, app().auth, requireAdmin(event.locals), accountId(form), new Date());
		}, 'eingeladen'),
	reactivate: (event) =>
		change(event, async (form) => {
			await reactivateTeamMember(app().database.db, requireAdmin(event.locals), accountId(form), new Date());
		})
};
