import { error } from '@sveltejs/kit';
import * as m from '#lib/paraglide/messages.js';
import { app } from '#lib/server/app.ts';
import { publicHandbookFile } from '#lib/server/handbook/files.ts';
import type { PageServerLoad } from './$types';

/** The handbook's PDF or EPUB is being made (or could not be): says so and goes back to the file by itself. */
export const load: PageServerLoad = async ({ params, locals, setHeaders }) => {
	const format = params.format === 'pdf' || params.format === 'epub' ? params.format : null;
	if (!format) error(404, m.error_not_found());
	const result = await publicHandbookFile(app().database.db, params.slug, locals.locale, format, new Date(), { waitMs: 0 });
	if (!result) error(404, m.error_not_found());
	setHeaders({ 'cache-control': 'no-store' });
	return { slug: params.slug, format, state: result.state, fileName: result.state === 'ready' ? result.file.fileName : result.fileName };
};
