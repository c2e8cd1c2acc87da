import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { DomainError } from '#lib/server/errors.ts';
import { requireMember } from '#lib/server/organisations/guard.ts';
import { organisationResults } from '#lib/server/assessment/results.ts';
import { addGoal, addMeasure, getPlan, MEASURE_STATUSES, setMeasureStatus } from '#lib/server/assessment/plan.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const { db } = app().database;
	const { membership } = await requireMember(db, locals);
	const [view, plan] = await Promise.all([organisationResults(db, membership.organisationId), getPlan(db, membership.organisationId)]);
	return { membership, instrument: view.instrument, priorities: view.priorities, plan };
};

const goal = z.object({ dimensionKey: z.string().min(1), text: z.string().trim().min(2).max(500) });
const measure = z.object({
	goalId: z.coerce.number().int().positive(),
	text: z.string().trim().min(2).max(500),
	owner: z.string().trim().max(200).default(''),
	dueDate: z.union([z.literal(''), z.iso.date()]).transform((v) => v || null)
});
const status = z.object({ measureId: z.coerce.number().int().positive(), status: z.enum(MEASURE_STATUSES) });

export const actions: Actions = {
	goal: async ({ locals, request }) => {
		const { db } = app().database;
		const { userId, email, membership } = await requireMember(db, locals);
		const parsed = goal.safeParse(Object.fromEntries(await request.formData()));
		const instrument = (await organisationResults(db, membership.organisationId)).instrument;
		if (!parsed.success || !instrument.dimensions.some((d) => d.key === parsed.data.dimensionKey)) return fail(400, { goalInvalid: true });
		await addGoal(db, { id: userId, email }, membership.organisationId, parsed.data, new Date());
		redirect(303, localizeHref('/verein/plan?gespeichert'));
	},
	measure: async ({ locals, request }) => {
		const { db } = app().database;
		const { userId, email, membership } = await requireMember(db, locals);
		const parsed = measure.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { measureInvalid: true });
		try {
			await addMeasure(db, { id: userId, email }, membership.organisationId, parsed.data.goalId, parsed.data, new Date());
		} catch (e) {
			if (e instanceof DomainError) return fail(404, { measureInvalid: true });
			throw e;
		}
		redirect(303, localizeHref('/verein/plan?gespeichert'));
	},
	status: async ({ locals, request }) => {
		const { db } = app().database;
		const { userId, email, membership } = await requireMember(db, locals);
		const parsed = status.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { statusInvalid: true });
		try {
			await setMeasureStatus(db, { id: userId, email }, membership.organisationId, parsed.data.measureId, parsed.data.status, new Date());
		} catch (e) {
			if (e instanceof DomainError) return fail(404, { statusInvalid: true });
			throw e;
		}
		redirect(303, localizeHref('/verein/plan?gespeichert'));
	}
};
