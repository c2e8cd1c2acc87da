import { error, fail } from '@sveltejs/kit';
import * as m from '#lib/paraglide/messages.js';
import { localise } from '#lib/content/translatable.ts';
import { localDate } from '#lib/programme/dates.ts';
import { app } from '#lib/server/app.ts';
import { DomainError } from '#lib/server/errors.ts';
import { roomByLink } from '#lib/server/consultation/room-link.ts';
import { readRoomConfig, roomJoinUrl } from '#lib/server/consultation/rooms.ts';
import type { Actions, PageServerLoad } from './$types';

/** The room behind an attendee's personal link, or a 404 that says nothing about who booked. */
async function resolve(token: string, now: Date) {
	try {
		return await roomByLink(app().database.db, token, now);
	} catch (e) {
		if (e instanceof DomainError && e.code === 'not_found') error(404, m.err_not_found());
		throw e;
	}
}

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	setHeaders({ 'Cache-Control': 'no-store' });
	const r = await resolve(params.token, new Date());
	// The page shows when and what, never the room's address: entering is a POST (no mail scanner opens a BBB meeting).
	return { name: r.attendee.name, startsAt: r.slot.startsAt, endsAt: r.slot.endsAt, trackTitle: r.trackTitle, opensAt: r.opensAt, state: r.state, canEnter: r.room !== null };
};

export const actions: Actions = {
	default: async ({ params }) => {
		const now = new Date();
		const r = await resolve(params.token, now);
		if (!r.room) return fail(409, { error: r.state === 'over' ? 'over' : 'early' });
		let url: string;
		try {
			const meetingName = `${localise(r.trackTitle, 'de').text} ${localDate(r.slot.startsAt)}`;
			url = await roomJoinUrl(readRoomConfig(), { room: r.room, meetingName, person: { name: r.attendee.name, email: r.attendee.email }, until: r.slot.endsAt, now });
		} catch (e) {
			if (e instanceof DomainError && e.code === 'room_unavailable') return fail(503, { error: 'unavailable' });
			throw e;
		}
		// The address as a link on the page, not a redirect: CSP form-action keeps form posts on this site.
		return { joinUrl: url };
	}
};
