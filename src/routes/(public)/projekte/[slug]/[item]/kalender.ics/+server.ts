import { error } from '@sveltejs/kit';
import { app } from '#lib/server/app.ts';
import { getVisibleProjectTree } from '#lib/server/programme/public.ts';
import { itemCalendar } from '#lib/server/programme/calendar.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, locals }) => {
	const tree = await getVisibleProjectTree(app().database.db, params.slug);
	const item = tree?.items.find((i) => String(i.id) === params.item);
	if (!tree || !item) error(404, 'Not found');
	return new Response(itemCalendar(tree, item, locals.locale, app().config.publicOrigin), {
		headers: {
			'Content-Type': 'text/calendar; charset=utf-8',
			'Content-Disposition': `attachment; filename="${tree.slug}-${item.id}.ics"`,
			'Cache-Control': 'no-cache'
		}
	});
};
