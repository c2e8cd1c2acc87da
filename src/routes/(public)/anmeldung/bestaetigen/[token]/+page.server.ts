import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { registrationEnv } from '#lib/server/app.ts';
import { DomainError } from '#lib/server/errors.ts';
import { confirmFromMail } from '#lib/server/registration/commands.ts';
import type { Actions, PageServerLoad } from './$types';

// Confirming is a POST behind a button: mail scanners that open links must not confirm for people.
export const load: PageServerLoad = () => ({});

export const actions: Actions = {
	default: async ({ params }) => {
		const env = registrationEnv();
		let pageToken: string;
		try {
			pageToken = (await confirmFromMail(env, params.token)).pageToken;
		} catch (e) {
			if (e instanceof DomainError) return fail(400, { invalid: true });
			throw e;
		}
		redirect(303, localizeHref(`/teilnahme/${pageToken}?bestaetigt`));
	}
};
