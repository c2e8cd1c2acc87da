import { app } from '#lib/server/app.ts';
import { parsePage } from '#lib/forms/parse.ts';
import * as programme from '#lib/server/programme/public.ts';
import type { PageServerLoad } from './$types';

// One page of past projects (?seite=; a bad or too high value shows the nearest page, never an error).
export const load: PageServerLoad = async ({ locals, url }) =>
	programme.archivePage(app().database.db, locals.locale, new Date(), parsePage(url.searchParams.get('seite')));
