import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { atLocalTime } from '#lib/programme/series.ts';
import { parseId } from '#lib/forms/parse.ts';
import { listOpenSlots, type SlotFilter } from '#lib/server/consultation/queries.ts';
import { associationBookings, associationWaitlist, bookableSeries } from '#lib/server/consultation/pages-verein.ts';
import { leaveWaitlist } from '#lib/server/consultation/waitlist.ts';
import { fieldError, member, serviceError } from './context.ts';
import type { Actions, PageServerLoad } from './$types';

/** The filters from the address (?strang=, ?berater=, ?ab=YYYY-MM-DD); a bad value is no filter. */
function filterOf(url: URL): { filter: SlotFilter; values: { strang: string; berater: string; ab: string } } {
	const trackId = parseId(url.searchParams.get('strang')) ?? undefined;
	const berater = url.searchParams.get('berater')?.trim() ?? '';
	const consultantId = /^[A-Za-z0-9_-]{1,64}$/.test(berater) ? berater : undefined;
	const ab = url.searchParams.get('ab')?.trim() ?? '';
	const valid = /^20\d{2}-\d{2}-\d{2}$/.test(ab) && !Number.isNaN(new Date(`${ab}T00:00:00Z`).getTime()) && new Date(`${ab}T00:00:00Z`).toISOString().startsWith(ab);
	const from = valid ? atLocalTime(ab, '00:00') : undefined;
	return { filter: { trackId, consultantId, from }, values: { strang: trackId ? String(trackId) : '', berater: consultantId ?? '', ab: valid ? ab : '' } };
}

export const load: PageServerLoad = async ({ locals, url }) => {
	const { who, db, now } = await member(locals);
	const { filter, values } = filterOf(url);
	const series = await bookableSeries(db, now);
	// The choices of the filter come from all open slots; a track or consultant not among them is no filter.
	const all = await Promise.all(series.map((s) => listOpenSlots(db, who, s.itemId, {}, now)));
	const tracks = all.flat().map((t) => t.track.id);
	const consultants = all.flat().flatMap((t) => t.consultants.map((c) => c.id));
	if (filter.trackId && !tracks.includes(filter.trackId)) (filter.trackId = undefined), (values.strang = '');
	if (filter.consultantId && !consultants.includes(filter.consultantId)) (filter.consultantId = undefined), (values.berater = '');
	const [bookings, waitlist, offers] = await Promise.all([
		associationBookings(db, who, now),
		associationWaitlist(db, who, now),
		Promise.all(
			series.map(async (s, i) => ({
				...s,
				tracks: all[i].map((t) => ({ id: t.track.id, title: t.track.title })),
				consultants: all[i].flatMap((t) => t.consultants),
				shown: filter.trackId || filter.consultantId || filter.from ? await listOpenSlots(db, who, s.itemId, filter, now) : all[i]
			}))
		)
	]);
	return { bookings, waitlist, offers, filter: values };
};

export const actions: Actions = {
	leave: async ({ locals, request }) => {
		const { who, env } = await member(locals);
		const entryId = parseId((await request.formData()).get('entryId'));
		if (!entryId) return fail(400, { errors: fieldError('form', 'err_choice') });
		try {
			await leaveWaitlist(env, who, entryId);
		} catch (e) {
			return fail(400, { errors: serviceError(e) });
		}
		redirect(303, `${localizeHref('/verein/beratung')}?verlassen#ergebnis`);
	}
};
