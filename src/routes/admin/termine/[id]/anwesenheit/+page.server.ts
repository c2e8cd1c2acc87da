import { redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { attendanceSheet, markAttendance } from '#lib/server/registration/attendance.ts';
import { idParam, refusal } from '../../../outcome.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	requireStaff(locals);
	try {
		const sheet = await attendanceSheet(app().database.db, idParam(params.id));
		return { session: { id: sheet.session.id, startsAt: sheet.session.startsAt, endsAt: sheet.session.endsAt }, item: { id: sheet.item.id, title: sheet.item.title.de ?? '' }, people: sheet.people };
	} catch (e) {
		throw refusal(e);
	}
};

export const actions: Actions = {
	default: async ({ locals, params, request }) => {
		const actor = requireStaff(locals);
		const form = await request.formData();
		const registrationId = idParam(form.get('registrationId'));
		try {
			await markAttendance(app().database.db, actor, idParam(params.id), registrationId, form.get('present') === 'yes', new Date());
		} catch (e) {
			return refusal(e);
		}
		// Back to the same person in the list, so marking on a phone needs no scrolling.
		redirect(303, localizeHref(`/admin/termine/${params.id}/anwesenheit#p-${registrationId}`));
	}
};
