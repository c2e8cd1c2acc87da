import { error } from '@sveltejs/kit';
import * as m from '#lib/paraglide/messages.js';
import { localise } from '#lib/content/translatable.ts';
import { app } from '#lib/server/app.ts';
import { readResultValue, registrationResult } from '#lib/server/registration/result-link.ts';
import type { PageServerLoad } from './$types';

// The registration form's answer (a 303 from the item page's action): below /anmeldung, so never
// stored by a browser or a cache (hooks: no-store), and never in the page cache (not a public path).
export const load: PageServerLoad = async ({ params, locals }) => {
	const { secret, database } = app();
	const id = readResultValue(secret, params.token, new Date());
	const result = id === null ? null : await registrationResult(database.db, id);
	// 410 Gone: the error page then shows the sentence (its 404 text would say the page never existed).
	if (!result) error(410, m.reg_result_gone());
	return {
		email: result.email,
		waitlisted: result.waitlisted,
		itemTitle: localise(result.itemTitle, locals.locale),
		itemPath: `/projekte/${result.projectSlug}/${result.itemId}`
	};
};
