import { error, fail, redirect } from '@sveltejs/kit';
import * as m from '#lib/paraglide/messages.js';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { requireMember } from '#lib/server/organisations/guard.ts';
import { myProgress, saveModule } from '#lib/server/assessment/check.ts';
import type { Answer } from '#lib/assessment/scoring.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const { db } = app().database;
	const { userId, membership } = await requireMember(db, locals);
	const progress = await myProgress(db, membership.organisationId, userId, new Date());
	const index = progress.instrument.dimensions.findIndex((d) => d.key === params.dimension);
	if (index < 0) error(404, m.error_not_found());
	return {
		instrument: progress.instrument,
		dimension: progress.instrument.dimensions[index],
		position: index + 1,
		answers: progress.answers
	};
};

export const actions: Actions = {
	/** One answer, saved the moment it is chosen (with JavaScript; see static/check-autosave.js). */
	answer: async ({ locals, params, request }) => {
		const { db } = app().database;
		const { userId, membership } = await requireMember(db, locals);
		const form = await request.formData();
		const { instrument } = await myProgress(db, membership.organisationId, userId, new Date());
		const statement = instrument.dimensions.find((d) => d.key === params.dimension)?.statements.find((s) => s.key === form.get('statement'));
		const value = String(form.get('value') ?? '');
		if (!statement || !/^([1-4]|skip)$/.test(value)) return fail(400, { invalid: true });
		await saveModule(db, membership.organisationId, userId, { [statement.key]: value === 'skip' ? null : (Number(value) as Answer) }, new Date());
		return { saved: statement.key };
	},
	/** The whole area (the button): unanswered statements count as "don't know / skip". */
	module: async ({ locals, params, request }) => {
		const { db } = app().database;
		const { userId, membership } = await requireMember(db, locals);
		const form = await request.formData();
		const progress = await myProgress(db, membership.organisationId, userId, new Date());
		const dimension = progress.instrument.dimensions.find((d) => d.key === params.dimension);
		if (!dimension) error(404, m.error_not_found());
		// Unanswered statements count as "don't know / skip": nothing blocks going on.
		const answers: Record<string, Answer> = {};
		for (const s of dimension.statements) {
			const value = String(form.get(s.key) ?? 'skip');
			answers[s.key] = /^[1-4]$/.test(value) ? (Number(value) as Answer) : null;
		}
		await saveModule(db, membership.organisationId, userId, answers, new Date());
		const after = await myProgress(db, membership.organisationId, userId, new Date());
		const next = after.instrument.dimensions.find((d) => !after.done.includes(d.key));
		redirect(303, localizeHref(next ? `/verein/check/${next.key}` : '/verein/ergebnis'));
	}
};
