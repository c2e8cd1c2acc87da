import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { registrationEnv } from '#lib/server/app.ts';
import { sendParticipantLink } from '#lib/server/registration/links.ts';
import { parseLinkRequestForm } from '#lib/registration/forms.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ setHeaders }) => {
	setHeaders({ 'Cache-Control': 'no-store' });
	return {};
};

export const actions: Actions = {
	// The same answer whether or not the address is known: only the mailbox's owner learns it.
	default: async ({ request, locals, getClientAddress }) => {
		const parsed = parseLinkRequestForm(await request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const wait = await sendParticipantLink(registrationEnv(), parsed.data.email, locals.locale, getClientAddress());
		if (wait > 0) return fail(429, { errors: { form: { key: 'me_link_err_rate_limited', params: { seconds: wait } } }, values: { email: parsed.data.email } });
		redirect(303, localizeHref('/teilnahme?gesendet'));
	}
};
