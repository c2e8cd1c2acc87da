import { fail, redirect } from '@sveltejs/kit';
import { DateTime } from 'luxon';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import * as backoffice from '#lib/server/programme/backoffice.ts';
import * as commands from '#lib/server/programme/commands.ts';
import { parseSessionForm } from '#lib/programme/forms.ts';
import { ZONE } from '#lib/programme/time.ts';
import { formValues, idParam, refusal } from '../../outcome.ts';
import type { Actions, PageServerLoad } from './$types';

const berlin = (d: Date) => DateTime.fromJSDate(d, { zone: ZONE });

export const load: PageServerLoad = async ({ locals, params }) => {
	requireStaff(locals);
	let found;
	try {
		found = await backoffice.getSessionForStaff(app().database.db, idParam(params.id));
	} catch (e) {
		throw refusal(e);
	}
	const { session: s, item, meetings } = found;
	return {
		session: { id: s.id, startsAt: s.startsAt },
		item: { id: item.id, title: item.title.de ?? '' },
		meetings,
		values: {
			date: berlin(s.startsAt).toISODate()!,
			startTime: berlin(s.startsAt).toFormat('HH:mm'),
			endTime: berlin(s.endsAt).toFormat('HH:mm'),
			city: s.city,
			address: s.address,
			track: s.track,
			meetingId: s.meetingId === null ? '' : String(s.meetingId),
			capacity: s.capacity === null ? '' : String(s.capacity)
		}
	};
};

export const actions: Actions = {
	save: async ({ request, locals, params }) => {
		const actor = requireStaff(locals);
		const form = await request.formData();
		const parsed = parseSessionForm(form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		let itemId: number;
		try {
			itemId = (await commands.updateSession(app().database.db, actor, idParam(params.id), parsed.data, new Date())).itemId;
		} catch (e) {
			return refusal(e, formValues(form));
		}
		redirect(303, localizeHref(`/admin/programmpunkte/${itemId}?gespeichert`));
	},
	delete: async ({ locals, params }) => {
		const actor = requireStaff(locals);
		let itemId: number;
		try {
			itemId = (await commands.deleteSession(app().database.db, actor, idParam(params.id), new Date())).itemId;
		} catch (e) {
			return refusal(e);
		}
		redirect(303, localizeHref(`/admin/programmpunkte/${itemId}?geloescht`));
	}
};
