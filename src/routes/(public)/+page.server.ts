import { app } from '#lib/server/app.ts';
import * as programme from '#lib/server/programme/public.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => programme.startPage(app().database.db, locals.locale, new Date());
