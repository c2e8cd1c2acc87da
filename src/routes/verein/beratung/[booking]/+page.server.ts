import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { parseId } from '#lib/forms/parse.ts';
import { localise } from '#lib/content/translatable.ts';
import { localDate } from '#lib/programme/dates.ts';
import { DomainError } from '#lib/server/errors.ts';
import { cancelBooking, moveBooking } from '#lib/server/consultation/booking.ts';
import { joinRoom, listOpenSlots } from '#lib/server/consultation/queries.ts';
import { readRoomConfig, roomJoinUrl } from '#lib/server/consultation/rooms.ts';
import { associationBooking } from '#lib/server/consultation/pages-verein.ts';
import { fieldError, member, notFound, serviceError } from '../context.ts';
import type { Actions, PageServerLoad } from './$types';

async function bookingOf(params: { booking: string }, locals: App.Locals) {
	const ctx = await member(locals);
	const id = parseId(params.booking);
	if (!id) notFound();
	try {
		return { ...ctx, booking: await associationBooking(ctx.db, ctx.who, id, ctx.now) };
	} catch (e) {
		if (e instanceof DomainError && e.code === 'not_found') notFound();
		throw e;
	}
}

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const { who, db, now, booking } = await bookingOf(params, locals);
	const moving = booking.mayChange && (url.searchParams.has('verschieben') || url.searchParams.has('nach'));
	const slots = moving ? ((await listOpenSlots(db, who, booking.itemId, { trackId: booking.trackId }, now))[0]?.slots ?? []) : [];
	const to = parseId(url.searchParams.get('nach'));
	return {
		booking,
		moveSlots: slots,
		moveTo: to ? (slots.find((s) => s.id === to) ?? null) : null,
		cancelling: booking.mayChange && url.searchParams.has('absagen')
	};
};

export const actions: Actions = {
	cancel: async ({ params, locals, request }) => {
		const { who, env, booking } = await bookingOf(params, locals);
		if ((await request.formData()).get('confirm') !== 'yes') return fail(400, { errors: fieldError('form', 'cons_err_confirm') });
		try {
			await cancelBooking(env, who, booking.id);
		} catch (e) {
			return fail(409, { errors: serviceError(e) });
		}
		redirect(303, `${localizeHref('/verein/beratung')}?abgesagt#ergebnis`);
	},
	move: async ({ params, locals, request }) => {
		const { who, env, booking } = await bookingOf(params, locals);
		const form = await request.formData();
		const to = parseId(form.get('slotId'));
		if (!to) return fail(400, { errors: fieldError('slotId', 'err_choice') });
		if (form.get('confirm') !== 'yes') redirect(303, `${localizeHref(`/verein/beratung/${booking.id}`)}?nach=${to}#bestaetigen`);
		try {
			await moveBooking(env, who, booking.id, to);
		} catch (e) {
			return fail(409, { errors: serviceError(e) });
		}
		redirect(303, `${localizeHref(`/verein/beratung/${booking.id}`)}?verschoben#ergebnis`);
	},
	join: async ({ params, locals }) => {
		const { who, db, now, booking, name, email } = await bookingOf(params, locals);
		let url: string;
		try {
			const room = await joinRoom(db, who, booking.id, now);
			const meetingName = `${localise(booking.trackTitle, 'de').text} ${localDate(booking.startsAt)}`;
			url = await roomJoinUrl(readRoomConfig(), { room, meetingName, person: { name: name || email, email }, until: booking.endsAt, now });
		} catch (e) {
			// Outside the join window the room is `not_found` for everybody: here that is "not open yet".
			if (e instanceof DomainError && e.code === 'not_found') return fail(409, { errors: fieldError('form', 'cons_err_join_closed') });
			return fail(503, { errors: serviceError(e) });
		}
		// The address as a link on the page, not a redirect: CSP form-action keeps form posts on this site.
		return { joinUrl: url };
	}
};
