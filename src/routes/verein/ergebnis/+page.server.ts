import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { requireMember } from '#lib/server/organisations/guard.ts';
import { organisationResults } from '#lib/server/assessment/results.ts';
import { setTargets } from '#lib/server/assessment/check.ts';
import { itemsForDimensions } from '#lib/server/programme/public.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const { db } = app().database;
	const { membership } = await requireMember(db, locals);
	const view = await organisationResults(db, membership.organisationId);
	const offers = await itemsForDimensions(db, view.priorities.slice(0, 3), locals.locale, new Date());
	return { membership, view, offers };
};

export const actions: Actions = {
	targets: async ({ locals, request }) => {
		const { db } = app().database;
		const { userId, email, membership } = await requireMember(db, locals);
		if (membership.role !== 'org_admin') return fail(403, { forbidden: true });
		const form = await request.formData();
		const targets: Record<string, number> = {};
		for (const [k, v] of form.entries()) if (typeof v === 'string' && /^[1-4]$/.test(v)) targets[k] = Number(v);
		await setTargets(db, { id: userId, email }, membership.organisationId, targets, new Date());
		redirect(303, localizeHref('/verein/ergebnis?gespeichert'));
	}
};
