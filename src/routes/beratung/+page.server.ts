import { app } from '#lib/server/app.ts';
import { requireConsultant } from '#lib/server/auth/guard.ts';
import { consultantSlots } from '#lib/server/consultation/queries.ts';
import { feedPath, issueConsultantFeed } from '#lib/server/consultation/feed.ts';
import type { Actions, PageServerLoad } from './$types';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The consultant's slots from today on (a year ahead), with the associations booked into them. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireConsultant(locals);
	const now = new Date();
	const rows = await consultantSlots(app().database.db, { kind: 'consultant', actor }, actor.id, { from: new Date(now.getTime() - DAY_MS), to: new Date(now.getTime() + 365 * DAY_MS) });
	return {
		slots: rows
			.filter(({ slot }) => slot.endsAt > now)
			.map(({ slot, track, bookings }) => ({ id: slot.id, startsAt: slot.startsAt, endsAt: slot.endsAt, track: track.title, organisations: bookings.map((b) => b.organisationName), bookings: bookings.map((b) => ({ id: b.id, name: b.organisationName })) })),
		// `?kalender`: the question before a new feed address (it ends the old one).
		feedAsked: url.searchParams.has('kalender')
	};
};

export const actions: Actions = {
	/** A new secret calendar address, shown once (only its hash is stored); the old one stops working. */
	feed: async ({ locals, request }) => {
		const actor = requireConsultant(locals);
		const form = await request.formData();
		if (form.get('confirm') !== 'yes') return { feedAsked: true };
		const token = await issueConsultantFeed(app().database.db, { kind: 'consultant', actor }, new Date());
		return { feedUrl: `${app().config.publicOrigin}${feedPath(token)}` };
	}
};
