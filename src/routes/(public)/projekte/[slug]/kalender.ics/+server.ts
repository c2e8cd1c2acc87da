import { error } from '@sveltejs/kit';
import { app } from '#lib/server/app.ts';
import { getVisibleProjectTree } from '#lib/server/programme/public.ts';
import { projectCalendar } from '#lib/server/programme/calendar.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, locals }) => {
	const tree = await getVisibleProjectTree(app().database.db, params.slug);
	if (!tree) error(404, 'Not found');
	return new Response(projectCalendar(tree, locals.locale, app().config.publicOrigin), {
		headers: {
			'Content-Type': 'text/calendar; charset=utf-8',
			'Content-Disposition': `inline; filename="${tree.slug}.ics"`,
			'Cache-Control': 'public, max-age=300'
		}
	});
};
