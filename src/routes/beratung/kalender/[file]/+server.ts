import { error } from '@sveltejs/kit';
import * as m from '#lib/paraglide/messages.js';
import { app } from '#lib/server/app.ts';
import { DomainError } from '#lib/server/errors.ts';
import { consultantFeed } from '#lib/server/consultation/feed.ts';
import type { RequestHandler } from './$types';

/** A consultant's secret calendar feed (`<token>.ics`), read by calendar apps without a session. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const token = params.file.endsWith('.ics') ? params.file.slice(0, -4) : '';
	let body: string;
	try {
		body = await consultantFeed(app().database.db, token, app().config.publicOrigin, locals.locale, new Date());
	} catch (e) {
		if (e instanceof DomainError && e.code === 'not_found') error(404, m.err_not_found());
		throw e;
	}
	return new Response(body, { headers: { 'Content-Type': 'text/calendar; charset=utf-8', 'Cache-Control': 'private, no-store', 'Referrer-Policy': 'no-referrer' } });
};
