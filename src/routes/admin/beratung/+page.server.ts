import { redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { createOffer } from '#lib/server/consultation/setup.ts';
import { consultationItems } from '#lib/server/consultation/pages-team.ts';
import { idParam, refusal } from '../outcome.ts';
import type { Actions, PageServerLoad } from './$types';

/** The consultation-series items with their offer. */
export const load: PageServerLoad = async ({ locals }) => {
	const actor = requireStaff(locals);
	return { items: await consultationItems(app().database.db, { kind: 'team', actor }) };
};

export const actions: Actions = {
	/** Creates the offer of an item that has none, then opens it. */
	create: async ({ locals, request }) => {
		const actor = requireStaff(locals);
		const itemId = idParam((await request.formData()).get('itemId'));
		try {
			await createOffer(app().database.db, { kind: 'team', actor }, { itemId }, new Date());
		} catch (e) {
			return refusal(e);
		}
		redirect(303, localizeHref(`/admin/beratung/${itemId}?angelegt`));
	}
};
