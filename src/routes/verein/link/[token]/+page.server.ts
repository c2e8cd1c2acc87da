import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import type { Actions, PageServerLoad } from './$types';

// Signing in is a POST behind a button: mail scanners that open links must not use up the token.
export const load: PageServerLoad = () => ({});

export const actions: Actions = {
	default: async ({ params, request, url }) => {
		const response = await app()
			.auth.api.magicLinkVerify({ query: { token: params.token, callbackURL: '/verein', errorCallbackURL: '/verein/anmelden' }, headers: request.headers, asResponse: true })
			.catch(() => null);
		const location = response?.headers.get('location') ?? '';
		if (!response || location.includes('error=')) return fail(400, { invalid: true });
		// An invitation's link (`?einladung`) opens the offer; a plain sign-in link the association's page.
		redirect(303, localizeHref(url.searchParams.has('einladung') ? '/verein/einladung' : '/verein'));
	}
};
