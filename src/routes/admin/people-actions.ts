import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import type { Actor } from '#lib/server/audit/record.ts';
import { DomainError } from '#lib/server/errors.ts';
import { removeMember, setMemberRole, type Membership } from '#lib/server/organisations/members.ts';
import { inviteToOrganisation, withdrawInvitation } from '#lib/server/organisations/invitations.ts';
import { parseInviteForm } from '#lib/organisations/invite.ts';
import { formValues, idParam, refusal } from './outcome.ts';

/** Who manages whose people on a page: the team (any organisation) or an organisation's admin (their own). */
export interface PeopleScope {
	actor: Actor;
	organisationId: number;
	byMemberOf?: Membership;
	/** The page to return to. */
	page: string;
}

/**
 * The `role` and `remove` actions behind PeopleTable.svelte, `invite` (InviteForm.svelte) and
 * `withdraw` (InvitationsTable.svelte), for the team's and the admin's page alike: one path for both.
 */
export function peopleActions<E extends RequestEvent>(scope: (event: E) => Promise<PeopleScope>) {
	async function run(event: E, change: (s: PeopleScope, form: FormData) => Promise<void>) {
		const s = await scope(event);
		const form = await event.request.formData();
		try {
			await change(s, form);
		} catch (e) {
			if (e instanceof DomainError && e.code === 'last_admin') return fail(409, { peopleError: 'err_last_admin' });
			return refusal(e);
		}
		redirect(303, localizeHref(`${s.page}?gespeichert#personen`));
	}
	const userId = (form: FormData) => String(form.get('userId') ?? '');
	return {
		role: (event: E) =>
			run(event, async (s, form) => {
				const role = form.get('role');
				if (role !== 'org_admin' && role !== 'member') throw new DomainError('not_found');
				await setMemberRole(app().database.db, s.actor, { organisationId: s.organisationId, userId: userId(form), role, byMemberOf: s.byMemberOf }, new Date());
			}),
		remove: (event: E) =>
			run(event, async (s, form) => {
				// Removing asks first; a post without the confirmation goes back to the question.
				if (form.get('confirm') !== 'yes') redirect(303, localizeHref(`${s.page}?entfernen=${encodeURIComponent(userId(form))}#entfernen`));
				await removeMember(app().database.db, s.actor, { organisationId: s.organisationId, userId: userId(form), byMemberOf: s.byMemberOf }, new Date());
			}),
		/**
		 * An invitation (an offer the person accepts or declines), then its mail: the sign-in link,
		 * which app.ts sends as the invitation's mail. Errors go next to their field, keeping the input.
		 */
		invite: async (event: E) => {
			const s = await scope(event);
			// Members may not invite: refused before the form is even read.
			if (s.byMemberOf && s.byMemberOf.role !== 'org_admin') return refusal(new DomainError('not_found'));
			const form = await event.request.formData();
			const parsed = parseInviteForm(form);
			if (!parsed.ok) return fail(400, { invite: { errors: parsed.errors, values: parsed.values } });
			const { auth, database } = app();
			try {
				const { email } = await inviteToOrganisation(database.db, s.actor, { organisationId: s.organisationId, ...parsed.data, byMemberOf: s.byMemberOf }, new Date());
				await auth.api.signInMagicLink({ body: { email, callbackURL: '/verein/einladung', metadata: { locale: parsed.data.language } }, headers: event.request.headers });
			} catch (e) {
				if (e instanceof DomainError && e.code !== 'not_found') {
					const errors = { [e.field ?? 'form']: { key: `err_${e.code}`, params: e.params } };
					return fail(e.code.startsWith('invite_limit') ? 429 : 409, { invite: { errors, values: formValues(form) } });
				}
				return refusal(e);
			}
			redirect(303, localizeHref(`${s.page}?eingeladen#einladen`));
		},
		withdraw: (event: E) =>
			run(event, async (s, form) => {
				const invitationId = idParam(String(form.get('invitationId') ?? ''));
				await withdrawInvitation(app().database.db, s.actor, { organisationId: s.organisationId, invitationId, byMemberOf: s.byMemberOf }, new Date());
			})
	};
}
