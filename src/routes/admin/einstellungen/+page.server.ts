import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { getLegalSettings, saveLegalSettings } from '#lib/server/settings/legal.ts';
import { getBranding, logoPath, logoProblem, saveBranding, type LogoChange } from '#lib/server/settings/branding.ts';
import { missingLegal, parseLegalForm } from '#lib/settings/legal.ts';
import { parseBrandingForm } from '#lib/settings/branding.ts';
import { formValues } from '#lib/forms/parse.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	requireStaff(locals);
	const db = app().database.db;
	const [legal, branding] = await Promise.all([getLegalSettings(db), getBranding(db)]);
	return {
		values: legal as unknown as Record<string, string>,
		missing: missingLegal(legal),
		branding: branding.settings as unknown as Record<string, string>,
		logoUrl: branding.logo ? logoPath(branding.logo.hash) : null
	};
};

export const actions: Actions = {
	legal: async ({ request, locals }) => {
		const actor = requireStaff(locals);
		const parsed = parseLegalForm(await request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		await saveLegalSettings(app().database.db, actor, parsed.data, new Date());
		redirect(303, `${localizeHref('/admin/einstellungen')}?gespeichert#ergebnis`);
	},
	branding: async ({ request, locals }) => {
		const actor = requireStaff(locals);
		const form = await request.formData();
		const parsed = parseBrandingForm(form, locals.locale);
		const file = form.get('logo');
		const logo: LogoChange =
			file instanceof File && file.size > 0 ? { kind: 'replace', bytes: new Uint8Array(await file.arrayBuffer()) } : form.get('removeLogo') === 'on' ? { kind: 'remove' } : { kind: 'keep' };
		// Every problem at once: the text fields' and the file's.
		const logoError = logo.kind === 'replace' ? logoProblem(logo.bytes) : null;
		if (!parsed.ok || logoError) {
			const errors = { ...(parsed.ok ? {} : parsed.errors), ...(logoError ? { logo: logoError } : {}) };
			return fail(400, { brandingErrors: errors, brandingValues: formValues(form) });
		}
		const saved = await saveBranding(app().database.db, actor, parsed.data, logo, new Date());
		if (!saved.ok) return fail(400, { brandingErrors: saved.errors, brandingValues: formValues(form) });
		redirect(303, `${localizeHref('/admin/einstellungen')}?marke-gespeichert#ergebnis-marke`);
	}
};
