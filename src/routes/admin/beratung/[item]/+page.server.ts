import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import * as m from '#lib/paraglide/messages.js';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { DomainError } from '#lib/server/errors.ts';
import type { Env, Who } from '#lib/server/consultation/access.ts';
import { addSlot, addTrack, generateSlots, previewSlots, setTrackConsultants, updateTrackRules } from '#lib/server/consultation/setup.ts';
import { offerOverview } from '#lib/server/consultation/overview.ts';
import { bookSlot, cancelSlot, moveBooking, swapConsultant } from '#lib/server/consultation/booking.ts';
import { consultationItem, checkAreas, organisationChoices, possibleConsultants } from '#lib/server/consultation/pages-team.ts';
import { parseRulesForm, parseSingleSlotForm, parseSlotOptions, parseTrackForm } from '#lib/consultation/team-forms.ts';
import { parseIntakeForm } from '#lib/consultation/rules.ts';
import { parseSeriesForm } from '#lib/programme/forms.ts';
import { atLocalTime } from '#lib/programme/series.ts';
import { formValues } from '#lib/forms/parse.ts';
import { idParam } from '../../outcome.ts';
import type { Actions, PageServerLoad } from './$types';

const team = (locals: App.Locals): Who => ({ kind: 'team', actor: requireStaff(locals) });
const env = (): Env => ({ db: app().database.db, now: new Date(), origin: app().config.publicOrigin });

/** The offer of one consultation-series item: tracks, rules, consultants, slots with bookings, actions. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const who = team(locals);
	const db = app().database.db;
	const itemId = idParam(params.item);
	const item = await consultationItem(db, who, itemId);
	if (!item) error(404, m.err_not_found());
	let overview;
	try {
		overview = await offerOverview(db, who, itemId);
	} catch (e) {
		if (e instanceof DomainError && e.code === 'not_found') redirect(303, localizeHref('/admin/beratung'));
		throw e;
	}
	const slots = overview.tracks.flatMap((t) => t.slots);
	const slotParam = (name: string) => {
		const id = Number(url.searchParams.get(name));
		return slots.find((s) => s.slot.id === id && s.slot.status !== 'cancelled') ?? null;
	};
	const cancelAsked = slotParam('absagen');
	// One track's forms at a time (`?bereich=<id>`), the new-track form on `?neu` or while there is none: field ids stay unique.
	const selected = Number(url.searchParams.get('bereich')) || null;
	const bookAsked = slotParam('buchen');
	return {
		item,
		overview,
		consultants: await possibleConsultants(db, who),
		organisations: bookAsked ? await organisationChoices(db, who) : [],
		areas: bookAsked ? await checkAreas(db, who) : [],
		cancelAsked: cancelAsked && { id: cancelAsked.slot.id, startsAt: cancelAsked.slot.startsAt, endsAt: cancelAsked.slot.endsAt, bookings: cancelAsked.bookings.filter((b) => b.state === 'booked').length },
		selected,
		adding: url.searchParams.has('neu') || overview.tracks.length === 0,
		bookAsked: bookAsked && { id: bookAsked.slot.id, startsAt: bookAsked.slot.startsAt, endsAt: bookAsked.slot.endsAt }
	};
};

const back = (itemId: number, hash: string, query = 'gespeichert', trackId?: number) =>
	redirect(303, localizeHref(`/admin/beratung/${itemId}?${trackId ? `bereich=${trackId}&` : ''}${query}#${hash}`));

/** A domain refusal as a failure of the form `form` (its field, else the form), 404 for not_found. */
function refused(e: unknown, form: string, values: Record<string, string>, extra: Record<string, unknown> = {}) {
	if (!(e instanceof DomainError)) throw e;
	if (e.code === 'not_found' && !e.field) error(404, m.err_not_found());
	const field = e.field ?? 'form';
	return fail(e.code === 'slot_taken' ? 409 : 400, { form, errors: { [field]: { key: `err_${e.code === 'not_found' ? 'choice' : e.code}`, params: e.params } }, values, ...extra });
}

async function posted(event: RequestEvent) {
	const who = team(event.locals);
	const itemId = idParam(event.params.item);
	const form = await event.request.formData();
	return { who, itemId, form, values: formValues(form) };
}

const trackOf = (form: FormData) => idParam(form.get('trackId'));

export const actions: Actions = {
	addTrack: async (event) => {
		const { who, itemId, form, values } = await posted(event);
		const parsed = parseTrackForm(form);
		if (!parsed.ok) return fail(400, { form: 'track', errors: parsed.errors, values: parsed.values });
		const overview = await offerOverview(app().database.db, who, itemId);
		try {
			await addTrack(app().database.db, who, { offerId: overview.offer.id, title: parsed.data.title, rules: parsed.data.rules }, new Date());
		} catch (e) {
			return refused(e, 'track', values);
		}
		back(itemId, 'bereiche', 'angelegt');
	},
	rules: async (event) => {
		const { who, itemId, form, values } = await posted(event);
		const trackId = trackOf(form);
		const parsed = parseRulesForm(form);
		if (!parsed.ok) return fail(400, { form: `rules-${trackId}`, errors: parsed.errors, values: parsed.values });
		try {
			await updateTrackRules(app().database.db, who, trackId, parsed.data, new Date());
		} catch (e) {
			return refused(e, `rules-${trackId}`, values);
		}
		back(itemId, `bereich-${trackId}`, 'gespeichert', trackId);
	},
	consultants: async (event) => {
		const { who, itemId, form, values } = await posted(event);
		const trackId = trackOf(form);
		const ids = form.getAll('consultantIds').map(String).filter((id) => /^[A-Za-z0-9_-]{1,64}$/.test(id));
		try {
			await setTrackConsultants(app().database.db, who, trackId, ids, new Date());
		} catch (e) {
			return refused(e, `consultants-${trackId}`, values);
		}
		back(itemId, `bereich-${trackId}`, 'gespeichert', trackId);
	},
	preview: async (event) => {
		const { form, values } = await posted(event);
		const trackId = trackOf(form);
		const rule = parseSeriesForm(form);
		const options = parseSlotOptions(form);
		const errors = { ...(rule.ok ? {} : rule.errors), ...(options.ok ? {} : options.errors) };
		if (!rule.ok || !options.ok) return fail(400, { form: `series-${trackId}`, errors, values });
		try {
			return { form: `series-${trackId}`, values, preview: previewSlots(rule.data.rule) };
		} catch (e) {
			return refused(e, `series-${trackId}`, values);
		}
	},
	generate: async (event) => {
		const { who, itemId, form, values } = await posted(event);
		const trackId = trackOf(form);
		const rule = parseSeriesForm(form);
		const options = parseSlotOptions(form);
		if (!rule.ok || !options.ok) return fail(400, { form: `series-${trackId}`, errors: { ...(rule.ok ? {} : rule.errors), ...(options.ok ? {} : options.errors) }, values });
		let count = 0;
		try {
			count = (await generateSlots(app().database.db, who, { trackId, rule: rule.data.rule, ...options.data }, new Date())).length;
		} catch (e) {
			return refused(e, `series-${trackId}`, values);
		}
		back(itemId, `termine-${trackId}`, `erzeugt=${count}`);
	},
	slot: async (event) => {
		const { who, itemId, form: raw } = await posted(event);
		// The single-slot form's room fields are named `one-…` (the series form above has the bare names).
		const form = new FormData();
		for (const [k, v] of raw) form.append(k.replace(/^one-/, ''), v);
		const values = formValues(form);
		const trackId = trackOf(form);
		const parsed = parseSingleSlotForm(form);
		if (!parsed.ok) return fail(400, { form: `slot-${trackId}`, errors: parsed.errors, values: parsed.values });
		const { date, start, end, ...rest } = parsed.data;
		try {
			await addSlot(app().database.db, who, { trackId, startsAt: atLocalTime(date, start), endsAt: atLocalTime(date, end), ...rest }, new Date());
		} catch (e) {
			return refused(e, `slot-${trackId}`, values);
		}
		back(itemId, `termine-${trackId}`, 'angelegt');
	},
	book: async (event) => {
		const { who, itemId, form, values } = await posted(event);
		const slotId = idParam(form.get('slotId'));
		const organisationId = Number(form.get('organisationId'));
		const parsed = parseIntakeForm(form);
		const errors = { ...(parsed.ok ? {} : parsed.errors), ...(Number.isInteger(organisationId) && organisationId > 0 ? {} : { organisationId: { key: 'err_choice' } }) };
		if (!parsed.ok || Object.keys(errors).length) return fail(400, { form: 'book', errors, values });
		try {
			await bookSlot(env(), who, { slotId, organisationId, intake: parsed.data });
		} catch (e) {
			return refused(e, 'book', values);
		}
		back(itemId, `slot-${slotId}`);
	},
	move: async (event) => {
		const { who, itemId, form, values } = await posted(event);
		const bookingId = idParam(form.get('bookingId'));
		const to = Number(form.get('toSlotId'));
		if (!Number.isInteger(to) || to <= 0) return fail(400, { form: `move-${bookingId}`, errors: { toSlotId: { key: 'err_choice' } }, values });
		try {
			await moveBooking(env(), who, bookingId, to);
		} catch (e) {
			return refused(e, `move-${bookingId}`, values);
		}
		back(itemId, `slot-${to}`);
	},
	swap: async (event) => {
		const { who, itemId, form, values } = await posted(event);
		const slotId = idParam(form.get('slotId'));
		const consultantId = String(form.get('consultantId') ?? '');
		if (!/^[A-Za-z0-9_-]{1,64}$/.test(consultantId)) return fail(400, { form: `swap-${slotId}`, errors: { consultantId: { key: 'err_choice' } }, values });
		try {
			await swapConsultant(env(), who, slotId, consultantId);
		} catch (e) {
			return refused(e, `swap-${slotId}`, values);
		}
		back(itemId, `slot-${slotId}`);
	},
	cancelSlot: async (event) => {
		const { who, itemId, form } = await posted(event);
		const slotId = idParam(form.get('slotId'));
		if (form.get('confirm') !== 'yes') redirect(303, localizeHref(`/admin/beratung/${itemId}?absagen=${slotId}#bestaetigen`));
		try {
			await cancelSlot(env(), who, slotId);
		} catch (e) {
			if (e instanceof DomainError && e.code === 'not_found') error(404, m.err_not_found());
			throw e;
		}
		back(itemId, `slot-${slotId}`, 'geloescht');
	}
};
