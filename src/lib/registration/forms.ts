/** The public registration form and the new-link request (zod). Error messages are catalogue keys. Pure. */
import { z } from 'zod';
import { LOCALES } from '../i18n/locales.ts';
import type { Parsed, FieldErrors } from '../programme/forms.ts';
import { parseForm, parseId } from '../forms/parse.ts';

const schema = z
	.object({
		name: z.string().trim().min(2, { error: 'err_required' }).max(200, { error: 'err_too_long' }),
		email: z.string().trim().max(254, { error: 'err_too_long' }).pipe(z.email({ error: 'reg_err_email' })),
		sessionId: z
			.string()
			.trim()
			.default('')
			.refine((v) => v === '' || parseId(v) !== null, { error: 'reg_err_session' })
			.transform((v) => (v === '' ? null : parseId(v))),
		organisationId: z
			.string()
			.trim()
			.default('')
			.refine((v) => v === '' || v === 'other' || parseId(v) !== null, { error: 'reg_err_organisation' }),
		organisationName: z.string().trim().max(200, { error: 'err_too_long' }).default(''),
		language: z.enum(LOCALES, { error: 'err_choice' }),
		needs: z.string().trim().max(1000, { error: 'err_too_long' }).default(''),
		privacy: z.literal('on', { error: 'reg_err_privacy' }),
		photos: z.string().optional()
	})
	.superRefine((v, ctx) => {
		if ((v.organisationId === '' || v.organisationId === 'other') && v.organisationName === '') {
			ctx.addIssue({ code: 'custom', path: ['organisationName'], message: 'reg_err_organisation' });
		}
	});

export interface RegistrationForm {
	name: string;
	email: string;
	sessionId: number | null;
	organisationId: number | null;
	organisationName: string;
	language: (typeof LOCALES)[number];
	needs: string;
	photoConsent: boolean;
}

export function parseRegistrationForm(form: FormData): Parsed<RegistrationForm> {
	const raw: Record<string, string> = {};
	for (const [k, v] of form.entries()) if (typeof v === 'string') raw[k] = v;
	const result = schema.safeParse(raw);
	if (!result.success) {
		const errors: FieldErrors = {};
		for (const issue of result.error.issues) {
			const field = String(issue.path[0] ?? 'form');
			if (!errors[field]) errors[field] = { key: /^(err_|reg_err_)/.test(issue.message) ? issue.message : 'err_required' };
		}
		return { ok: false, errors, values: raw };
	}
	const d = result.data;
	const known = /^\d+$/.test(d.organisationId);
	return {
		ok: true,
		data: {
			name: d.name,
			email: d.email.toLowerCase(),
			sessionId: d.sessionId,
			organisationId: known ? Number(d.organisationId) : null,
			organisationName: known ? '' : d.organisationName,
			language: d.language,
			needs: d.needs,
			photoConsent: d.photos === 'on'
		}
	};
}

const linkRequestSchema = z.object({
	email: z.string().trim().max(254, { error: 'err_too_long' }).pipe(z.email({ error: 'reg_err_email' }))
});

/** The "send me a new link to my page" form: one email address. */
export function parseLinkRequestForm(form: FormData): Parsed<{ email: string }> {
	return parseForm(linkRequestSchema, form, (d) => ({ email: d.email.toLowerCase() }));
}
