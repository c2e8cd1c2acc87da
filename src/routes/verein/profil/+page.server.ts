import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { requireMember } from '#lib/server/organisations/guard.ts';
import { getProfile, profileSchema, updateProfile } from '#lib/server/organisations/profile.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const { db } = app().database;
	const { membership } = await requireMember(db, locals);
	const p = await getProfile(db, membership.organisationId);
	return {
		membership,
		values: {
			legalForm: p.legalForm,
			city: p.city,
			federalState: p.federalState,
			yearFounded: p.yearFounded === null ? '' : String(p.yearFounded),
			memberCount: p.memberCount === null ? '' : String(p.memberCount),
			languages: p.languages.join(', '),
			fieldsOfActivity: p.fieldsOfActivity.join(', '),
			contactEmail: p.contactEmail,
			contactPhone: p.contactPhone,
			links: p.links.join('\n')
		}
	};
};

export const actions: Actions = {
	default: async ({ locals, request }) => {
		const { db } = app().database;
		const { userId, email, membership } = await requireMember(db, locals);
		if (membership.role !== 'org_admin') return fail(403, { forbidden: true });
		const raw = Object.fromEntries([...(await request.formData()).entries()].filter(([, v]) => typeof v === 'string')) as Record<string, string>;
		const parsed = profileSchema.safeParse(raw);
		if (!parsed.success) {
			const errors: Record<string, { key: string }> = {};
			for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= { key: issue.message.startsWith('err_') || issue.message.startsWith('reg_err_') ? issue.message : 'err_required' };
			return fail(400, { errors, values: raw });
		}
		await updateProfile(db, { id: userId, email }, membership.organisationId, parsed.data, new Date());
		redirect(303, localizeHref('/verein/profil?gespeichert'));
	}
};
