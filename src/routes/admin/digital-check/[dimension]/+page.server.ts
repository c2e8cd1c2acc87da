import { error, fail, redirect } from '@sveltejs/kit';
import * as m from '#lib/paraglide/messages.js';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { LOCALES } from '#lib/i18n/locales.ts';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { currentInstrument, parseDimensionForm, reviseDimension } from '#lib/server/assessment/instrument.ts';
import { DomainError } from '#lib/server/errors.ts';
import { formValues, parseId } from '#lib/forms/parse.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	requireStaff(locals);
	const { content, version } = await currentInstrument(app().database.db);
	const dimension = content.dimensions.find((d) => d.key === params.dimension);
	if (!dimension) error(404, m.err_not_found());
	// The form's strings: `title.<language>` and `s.<statement key>.<language>`.
	const values: Record<string, string> = {};
	for (const l of LOCALES) {
		values[`title.${l}`] = dimension.title[l] ?? '';
		for (const s of dimension.statements) values[`s.${s.key}.${l}`] = s.text[l] ?? '';
	}
	values.baseVersion = String(version);
	return { dimension, values };
};

export const actions: Actions = {
	default: async ({ locals, params, request }) => {
		const actor = requireStaff(locals);
		const { db } = app().database;
		const { content } = await currentInstrument(db);
		if (!content.dimensions.some((d) => d.key === params.dimension)) error(404, m.err_not_found());
		const form = await request.formData();
		const parsed = parseDimensionForm(content, params.dimension, form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		let outcome: { version: number; changed: boolean };
		try {
			outcome = await reviseDimension(db, actor, params.dimension, parsed.data, new Date(), parseId(form.get('baseVersion')) ?? undefined);
		} catch (e) {
			if (!(e instanceof DomainError) || e.code !== 'stale') throw e;
			// Keep what was typed; the next save, knowing the newer version, may replace it.
			return fail(409, { errors: { form: { key: 'err_stale', params: e.params } }, values: { ...formValues(form), baseVersion: String(e.params.version) } });
		}
		const { version, changed } = outcome;
		redirect(303, localizeHref(changed ? `/admin/digital-check?version=${version}#dim-${params.dimension}` : '/admin/digital-check?unveraendert'));
	}
};
