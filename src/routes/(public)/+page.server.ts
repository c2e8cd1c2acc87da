import { app } from '#lib/server/app.ts';
import * as programme from '#lib/server/programme/public.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const now = new Date();
	const { db } = app().database;
	const [{ current, archived }, upcoming] = await Promise.all([
		programme.listPublicProjects(db, locals.locale, now),
		programme.listUpcomingSessions(db, locals.locale, now)
	]);
	return { current, recentArchive: archived.slice(0, 3), upcoming };
};
