import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { parseId } from '#lib/forms/parse.ts';
import { parseIntakeForm } from '#lib/consultation/rules.ts';
import { DomainError } from '#lib/server/errors.ts';
import { bookSlot } from '#lib/server/consultation/booking.ts';
import { intakeDefaults } from '#lib/server/consultation/queries.ts';
import { joinWaitlist } from '#lib/server/consultation/waitlist.ts';
import { slotToBook } from '#lib/server/consultation/pages-verein.ts';
import { member, notFound, nulError, serviceError, typedValues } from '../../context.ts';
import type { Actions, PageServerLoad } from './$types';

async function slotOf(params: { slot: string }, locals: App.Locals) {
	const ctx = await member(locals);
	const id = parseId(params.slot);
	if (!id) notFound();
	try {
		return { ...ctx, slot: await slotToBook(ctx.db, ctx.who, id, ctx.now) };
	} catch (e) {
		if (e instanceof DomainError && e.code === 'not_found') notFound();
		throw e;
	}
}

export const load: PageServerLoad = async ({ params, locals }) => {
	const { who, db, slot, name, email } = await slotOf(params, locals);
	return { slot, intake: await intakeDefaults(db, who), me: { name, email } };
};

export const actions: Actions = {
	book: async ({ params, locals, request }) => {
		const { who, env, slot } = await slotOf(params, locals);
		const form = await request.formData();
		const nul = nulError(form);
		if (nul) return fail(400, { errors: nul, values: typedValues(form) });
		const parsed = parseIntakeForm(form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const values = typedValues(form);
		let bookingId: number;
		try {
			bookingId = (await bookSlot(env, who, { slotId: slot.id, intake: parsed.data })).id;
		} catch (e) {
			const errors = serviceError(e);
			return fail(409, { errors, values, taken: e instanceof DomainError && e.code === 'slot_taken' });
		}
		redirect(303, `${localizeHref(`/verein/beratung/${bookingId}`)}?gebucht#ergebnis`);
	},
	waitlist: async ({ params, locals, request }) => {
		const { who, env, slot } = await slotOf(params, locals);
		const form = await request.formData();
		const nul = nulError(form);
		if (nul) return fail(400, { waitErrors: nul, waitValues: { contactName: '', contactEmail: '' }, taken: true });
		const contactName = String(form.get('contactName') ?? '');
		const contactEmail = String(form.get('contactEmail') ?? '');
		try {
			await joinWaitlist(env, who, { trackId: slot.trackId, contactName, contactEmail, language: locals.locale });
		} catch (e) {
			const errors = serviceError(e);
			if (errors.contactName || errors.contactEmail) {
				if (errors.contactName) errors.contactName = { key: 'err_required' };
				if (errors.contactEmail) errors.contactEmail = { key: 'reg_err_email' };
			}
			return fail(400, { waitErrors: errors, waitValues: { contactName, contactEmail }, taken: true });
		}
		redirect(303, `${localizeHref('/verein/beratung')}?warteliste#ergebnis`);
	}
};
