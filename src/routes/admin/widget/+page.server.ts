import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { widgetSnippetPage } from '#lib/server/widget/snippet.ts';
import { readSnippetQuery } from '#lib/widget/snippet.ts';
import type { PageServerLoad } from './$types';

/** The snippet generator: a GET form; the page shows the embed code for what it asks (no client JS). */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireStaff(locals);
	const query = readSnippetQuery(url.searchParams);
	const { config, database } = app();
	const page = await widgetSnippetPage(database.db, query, { origin: config.publicOrigin, locale: locals.locale, now: new Date() });
	return { ...page, query, origin: config.publicOrigin };
};
