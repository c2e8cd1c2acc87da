import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import * as backoffice from '#lib/server/programme/backoffice.ts';
import * as commands from '#lib/server/programme/commands.ts';
import { parseMeetingForm } from '#lib/programme/forms.ts';
import { formValues, idParam, refusal } from '../../outcome.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	requireStaff(locals);
	let found;
	try {
		found = await backoffice.getMeetingForStaff(app().database.db, idParam(params.id), new Date());
	} catch (e) {
		throw refusal(e);
	}
	const { meeting: mt, item, status } = found;
	return {
		meeting: { id: mt.id, provider: mt.provider, meetingCode: mt.meetingCode },
		item: { id: item.id, title: item.title.de ?? '' },
		status,
		values: { provider: mt.provider, meetingCode: mt.meetingCode, joinUrl: mt.joinUrl, passcode: mt.passcode, recurring: mt.recurring ? 'on' : '' }
	};
};

export const actions: Actions = {
	save: async ({ request, locals, params }) => {
		const actor = requireStaff(locals);
		const form = await request.formData();
		const parsed = parseMeetingForm(form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		let itemId: number;
		try {
			itemId = (await commands.updateMeeting(app().database.db, actor, idParam(params.id), parsed.data, new Date())).itemId;
		} catch (e) {
			return refusal(e, formValues(form));
		}
		redirect(303, localizeHref(`/admin/programmpunkte/${itemId}?gespeichert`));
	},
	delete: async ({ locals, params }) => {
		const actor = requireStaff(locals);
		let itemId: number;
		try {
			itemId = (await commands.deleteMeeting(app().database.db, actor, idParam(params.id), new Date())).itemId;
		} catch (e) {
			return refusal(e);
		}
		redirect(303, localizeHref(`/admin/programmpunkte/${itemId}?geloescht`));
	}
};
