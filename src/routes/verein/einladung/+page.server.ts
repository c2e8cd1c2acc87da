import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { DomainError } from '#lib/server/errors.ts';
import { parseId } from '#lib/forms/parse.ts';
import { acceptInvitation, declineInvitation, invitationsFor, inviterLabel } from '#lib/server/organisations/invitations.ts';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** The signed-in person's own offers: looked up by their account's address, never by an id alone. */
function signedIn(locals: App.Locals) {
	if (!locals.user) redirect(303, localizeHref('/verein/anmelden'));
	return { userId: locals.user.id, email: locals.user.email };
}

export const load: PageServerLoad = async ({ locals }) => {
	const account = signedIn(locals);
	const offers = await invitationsFor(app().database.db, account.email, new Date());
	return { offers: offers.map((o) => ({ id: o.id, organisationName: o.organisationName, inviter: inviterLabel(o, locals.locale), role: o.role, expiresAt: o.expiresAt })) };
};

/** Runs an answer to one offer; an offer no longer open (or not this person's) is a clear message. */
async function answer<T>(event: RequestEvent, run: (account: { userId: string; email: string }, id: number) => Promise<T>) {
	const account = signedIn(event.locals);
	const id = parseId((await event.request.formData()).get('invitationId'));
	if (id === null) return { gone: true as const };
	try {
		return { done: await run(account, id) };
	} catch (e) {
		if (e instanceof DomainError && e.code === 'not_found') return { gone: true as const };
		throw e;
	}
}

export const actions: Actions = {
	accept: async (event) => {
		const outcome = await answer(event, (account, id) => acceptInvitation(app().database.db, account, id, new Date()));
		if ('gone' in outcome) return fail(409, { gone: true });
		redirect(303, localizeHref('/verein'));
	},
	decline: async (event) => {
		const outcome = await answer(event, (account, id) => declineInvitation(app().database.db, account, id, new Date()));
		if ('gone' in outcome) return fail(409, { gone: true });
		return { declined: outcome.done.organisationName };
	}
};
