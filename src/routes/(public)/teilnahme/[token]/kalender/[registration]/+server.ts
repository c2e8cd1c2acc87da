import { error } from '@sveltejs/kit';
import * as m from '#lib/paraglide/messages.js';
import { parseId } from '#lib/forms/parse.ts';
import { app } from '#lib/server/app.ts';
import { DomainError } from '#lib/server/errors.ts';
import { resolveParticipantLink } from '#lib/server/registration/links.ts';
import { registrationCalendar } from '#lib/server/registration/participant-calendar.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	const { config, database } = app();
	const email = await resolveParticipantLink(database.db, params.token, new Date());
	const id = parseId(params.registration.replace(/\.ics$/, ''));
	if (!email || id === null) error(404, m.me_invalid());
	try {
		const ics = await registrationCalendar(database.db, id, email, config.publicOrigin);
		return new Response(ics, {
			headers: { 'Content-Type': 'text/calendar; charset=utf-8', 'Content-Disposition': `attachment; filename="termine-${id}.ics"`, 'Cache-Control': 'no-store' }
		});
	} catch (e) {
		if (e instanceof DomainError) error(404, m.error_not_found());
		throw e;
	}
};
