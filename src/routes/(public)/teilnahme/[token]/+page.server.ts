import { error, fail, redirect } from '@sveltejs/kit';
import * as m from '#lib/paraglide/messages.js';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { parseId } from '#lib/forms/parse.ts';
import { app, registrationEnv } from '#lib/server/app.ts';
import { DomainError } from '#lib/server/errors.ts';
import { resolveParticipantLink } from '#lib/server/registration/links.ts';
import { participantPage } from '#lib/server/registration/participant-page.ts';
import { cancelOwnRegistration, deleteParticipantData } from '#lib/server/registration/commands.ts';
import type { Actions, PageServerLoad } from './$types';

/** The person this link belongs to, or a 404 that says nothing about who exists. */
async function owner(token: string): Promise<string> {
	const email = await resolveParticipantLink(app().database.db, token, new Date());
	if (!email) error(404, m.me_invalid());
	return email;
}

/**
 * An expired, revoked or unknown link (also an old signed link) opens the same page: it offers a
 * new link by mail and says nothing about whether anyone is registered.
 */
export const load: PageServerLoad = async ({ params, setHeaders }) => {
	setHeaders({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
	const email = await resolveParticipantLink(app().database.db, params.token, new Date());
	if (!email) return { linkInvalid: true as const, registrations: [] };
	const { database, config } = app();
	return { linkInvalid: false as const, registrations: await participantPage(database.db, email, new Date(), config.certificateMinShare) };
};

export const actions: Actions = {
	cancel: async ({ params, request }) => {
		const email = await owner(params.token);
		const form = await request.formData();
		const id = parseId(form.get('id'));
		if (id === null) return fail(404, { notFound: true });
		// The page asks first; a post without the answer shows the question.
		if (form.get('confirm') !== 'yes') redirect(303, localizeHref(`/teilnahme/${params.token}?abmelden=${id}#r-${id}`));
		try {
			await cancelOwnRegistration(registrationEnv(), id, email);
		} catch (e) {
			if (e instanceof DomainError && e.code === 'cancel_too_late') return fail(400, { cancelTooLate: true });
			if (e instanceof DomainError) return fail(404, { notFound: true });
			throw e;
		}
		redirect(303, localizeHref(`/teilnahme/${params.token}?storniert`));
	},
	delete: async ({ params }) => {
		const email = await owner(params.token);
		await deleteParticipantData(registrationEnv(), email);
		redirect(303, localizeHref('/?daten-geloescht'));
	}
};
