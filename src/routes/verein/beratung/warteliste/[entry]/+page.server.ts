import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { parseId } from '#lib/forms/parse.ts';
import { parseIntakeForm } from '#lib/consultation/rules.ts';
import { DomainError } from '#lib/server/errors.ts';
import { intakeDefaults } from '#lib/server/consultation/queries.ts';
import { acceptOffer, leaveWaitlist } from '#lib/server/consultation/waitlist.ts';
import { associationWaitlistEntry } from '#lib/server/consultation/pages-verein.ts';
import { member, notFound, nulError, serviceError, typedValues } from '../../context.ts';
import type { Actions, PageServerLoad } from './$types';

async function entryOf(params: { entry: string }, locals: App.Locals) {
	const ctx = await member(locals);
	const id = parseId(params.entry);
	if (!id) notFound();
	try {
		return { ...ctx, entry: await associationWaitlistEntry(ctx.db, ctx.who, id, ctx.now) };
	} catch (e) {
		if (e instanceof DomainError && e.code === 'not_found') notFound();
		throw e;
	}
}

export const load: PageServerLoad = async ({ params, locals }) => {
	const { who, db, entry, name, email } = await entryOf(params, locals);
	return { entry, intake: await intakeDefaults(db, who), me: { name, email } };
};

export const actions: Actions = {
	accept: async ({ params, locals, request }) => {
		const { who, env, entry } = await entryOf(params, locals);
		const form = await request.formData();
		const nul = nulError(form);
		if (nul) return fail(400, { errors: nul, values: typedValues(form) });
		const parsed = parseIntakeForm(form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const values = typedValues(form);
		let bookingId: number;
		try {
			bookingId = (await acceptOffer(env, who, entry.id, parsed.data)).id;
		} catch (e) {
			return fail(409, { errors: serviceError(e), values });
		}
		redirect(303, `${localizeHref(`/verein/beratung/${bookingId}`)}?gebucht#ergebnis`);
	},
	leave: async ({ params, locals }) => {
		const { who, env, entry } = await entryOf(params, locals);
		try {
			await leaveWaitlist(env, who, entry.id);
		} catch (e) {
			return fail(409, { errors: serviceError(e) });
		}
		redirect(303, `${localizeHref('/verein/beratung')}?verlassen#ergebnis`);
	}
};
