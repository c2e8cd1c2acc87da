import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { requireMember } from '#lib/server/organisations/guard.ts';
import { getProfile, parseProfileForm, profileFormValues, updateProfile } from '#lib/server/organisations/profile.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const { db } = app().database;
	const { membership } = await requireMember(db, locals);
	return { membership, values: profileFormValues(await getProfile(db, membership.organisationId)) };
};

export const actions: Actions = {
	default: async ({ locals, request }) => {
		const { db } = app().database;
		const { userId, email, membership } = await requireMember(db, locals);
		if (membership.role !== 'org_admin') return fail(403, { forbidden: true });
		const parsed = parseProfileForm(await request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		await updateProfile(db, { id: userId, email }, membership.organisationId, parsed.data, new Date());
		redirect(303, localizeHref('/verein/profil?gespeichert'));
	}
};
