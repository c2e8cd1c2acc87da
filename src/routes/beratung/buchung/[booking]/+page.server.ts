import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { DateTime } from 'luxon';
import * as m from '#lib/paraglide/messages.js';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { requireConsultant } from '#lib/server/auth/guard.ts';
import { DomainError } from '#lib/server/errors.ts';
import type { Who } from '#lib/server/consultation/access.ts';
import { bookingForAdvisor, joinRoom } from '#lib/server/consultation/queries.ts';
import { addNextSteps, notesOf, recordAttendance, saveNotes } from '#lib/server/consultation/followup.ts';
import { joinOpensMinutes } from '#lib/server/consultation/pages-consultant.ts';
import { readRoomConfig, roomJoinUrl } from '#lib/server/consultation/rooms.ts';
import { joinWindowOpen } from '#lib/consultation/rules.ts';
import { parseNextStepsForm } from '#lib/consultation/team-forms.ts';
import { localise } from '#lib/content/translatable.ts';
import { formValues } from '#lib/forms/parse.ts';
import { ZONE } from '#lib/programme/time.ts';
import { idParam } from '../../../admin/outcome.ts';
import type { Actions, PageServerLoad } from './$types';

const notFound = () => error(404, m.err_not_found());

/** The booking, for the slot's consultant only (anyone else: 404, as the services say `not_found`). */
async function advisorView(locals: App.Locals, param: string) {
	const actor = requireConsultant(locals);
	const who: Who = { kind: 'consultant', actor };
	const id = idParam(param);
	try {
		return { who, actor, id, view: await bookingForAdvisor(app().database.db, who, id) };
	} catch (e) {
		if (e instanceof DomainError && e.code === 'not_found') notFound();
		throw e;
	}
}

export const load: PageServerLoad = async ({ locals, params }) => {
	const { who, id, view } = await advisorView(locals, params.booking);
	const db = app().database.db;
	const now = new Date();
	const opens = await joinOpensMinutes(db, view.track.offerId);
	const { booking, slot, track, organisation, results, nextSteps } = view;
	return {
		booking: { id: booking.id, state: booking.state, topic: booking.topic, dimensionKey: booking.dimensionKey, language: booking.language, needs: booking.needs, attendees: booking.attendees, attendanceRecordedAt: booking.attendanceRecordedAt },
		slot: { startsAt: slot.startsAt, endsAt: slot.endsAt, status: slot.status, roomProvider: slot.roomProvider },
		trackTitle: track.title,
		organisation: { name: organisation.name, legalForm: organisation.legalForm, city: organisation.city, federalState: organisation.federalState, memberCount: organisation.memberCount, fieldsOfActivity: organisation.fieldsOfActivity, languages: organisation.languages },
		// The check's areas (for names and the next steps' plan area), whether or not the association has answered.
		areas: results.instrument.dimensions.map((d) => ({ key: d.key, title: d.title })),
		results: results.latest ? { latest: results.latest, targets: results.targets, priorities: results.priorities } : null,
		nextSteps: nextSteps.map((s) => ({ bookingId: s.bookingId, text: s.measure.text, owner: s.measure.owner, dueDate: s.measure.dueDate, dimensionKey: s.dimensionKey })),
		notes: (await notesOf(db, who, id))?.text ?? '',
		join: { open: joinWindowOpen(slot.startsAt, slot.endsAt, opens, now), from: new Date(slot.startsAt.getTime() - opens * 60_000), ended: slot.endsAt <= now },
		started: slot.startsAt <= now
	};
};

async function posted(event: RequestEvent) {
	const { who, actor, id, view } = await advisorView(event.locals, event.params.booking ?? '');
	const form = await event.request.formData();
	return { who, actor, id, view, form, values: formValues(form), here: localizeHref(`/beratung/buchung/${id}`) };
}

function domainFail(e: unknown, section: string, values: Record<string, string>, field = 'form') {
	if (!(e instanceof DomainError)) throw e;
	if (e.code === 'not_found' && !e.field) notFound();
	const index = typeof e.params?.index === 'number' ? e.params.index : 0;
	const name = section === 'steps' && e.field && e.field !== 'dimensionKey' ? `steps.${index}.${e.field === 'dueDate' ? 'due' : e.field}` : (e.field ?? field);
	return fail(400, { section, errors: { [name]: { key: `err_${e.code}`, params: e.params } }, values });
}

export const actions: Actions = {
	join: async (event) => {
		const { who, actor, id, view } = await posted(event);
		const name = event.locals.user?.name || actor.email;
		const now = new Date();
		let url: string;
		try {
			const room = await joinRoom(app().database.db, who, id, now);
			const meetingName = `${localise(view.track.title, 'de').text} ${DateTime.fromJSDate(view.slot.startsAt, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm')}`;
			url = await roomJoinUrl(readRoomConfig(), { room, meetingName, person: { name, email: actor.email }, until: view.slot.endsAt, now });
		} catch (e) {
			if (e instanceof DomainError && e.code === 'not_found') return fail(409, { section: 'join', errors: { form: { key: 'consadm_join_closed' } }, values: {} });
			if (e instanceof DomainError) return fail(503, { section: 'join', errors: { form: { key: `err_${e.code}` } }, values: {} });
			throw e;
		}
		// The address as a link on the page, not a redirect: CSP form-action keeps form posts on this site.
		return { joinUrl: url };
	},
	attendance: async (event) => {
		const { who, id, form, values, here } = await posted(event);
		const present = form.getAll('present').map(String);
		const noShow = form.get('noShow') === 'on';
		if (!present.length && !noShow) return fail(400, { section: 'attendance', errors: { present: { key: 'consadm_err_attendance' } }, values });
		try {
			await recordAttendance(app().database.db, who, id, noShow ? [] : present, new Date());
		} catch (e) {
			return domainFail(e, 'attendance', values, 'present');
		}
		redirect(303, `${here}?gespeichert#anwesenheit`);
	},
	notes: async (event) => {
		const { who, id, form, values, here } = await posted(event);
		try {
			await saveNotes(app().database.db, who, id, String(form.get('notes') ?? ''), new Date());
		} catch (e) {
			return domainFail(e, 'notes', values, 'notes');
		}
		redirect(303, `${here}?gespeichert#notizen`);
	},
	steps: async (event) => {
		const { who, id, form, values, here } = await posted(event);
		const parsed = parseNextStepsForm(form);
		if (!parsed.ok) return fail(400, { section: 'steps', errors: parsed.errors, values: parsed.values });
		try {
			const area = String(form.get('dimensionKey') ?? '').trim() || null;
			await addNextSteps(app().database.db, who, id, parsed.data.map((s) => ({ ...s, dimensionKey: area })), new Date());
		} catch (e) {
			return domainFail(e, 'steps', values);
		}
		redirect(303, `${here}?gespeichert#schritte`);
	}
};
