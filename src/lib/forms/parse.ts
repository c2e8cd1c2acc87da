/**
 * Form parsing shared by every form: a zod schema over the form's string fields, errors as
 * message-catalogue keys (`err_*`) per field, and the typed values kept for re-display. Pure.
 */
import type { z } from 'zod';

export type FieldErrors = Record<string, { key: string; params?: Record<string, string | number> }>;
export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, string> };

/** A form's string fields (files left out), as typed. */
export function formValues(form: FormData): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of form.entries()) if (typeof v === 'string') out[k] = v;
	return out;
}

/** Parses a form with `schema`; on failure, the first error per field and the typed values. */
export function parseForm<S extends z.ZodType, T>(schema: S, form: FormData, map: (data: z.output<S>) => T): Parsed<T> {
	const raw = formValues(form);
	const result = schema.safeParse(raw);
	if (result.success) return { ok: true, data: map(result.data) };
	const errors: FieldErrors = {};
	for (const issue of result.error.issues) {
		const field = String(issue.path[0] ?? 'form');
		if (errors[field]) continue;
		const key = /^(reg_)?err_/.test(issue.message) ? issue.message : issue.code === 'too_big' ? 'err_too_long' : 'err_required';
		errors[field] = key === 'err_too_long' && 'maximum' in issue ? { key, params: { max: Number(issue.maximum) } } : { key };
	}
	return { ok: false, errors, values: raw };
}
