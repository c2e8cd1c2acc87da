/**
 * Form parsing shared by every form: a zod schema over the form's string fields, errors as
 * message-catalogue keys (`err_*`) per field, and the typed values kept for re-display. Pure.
 */
import { z } from 'zod';
import { LOCALES, type Locale } from '../i18n/locales.ts';
import type { Translatable } from '../content/translatable.ts';

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

/** Fields `title.de`, `title.en`, … of one translatable text; German is required when `requireGerman`. */
export function translatableShape(prefix: string, max: number, requireGerman: boolean) {
	const shape: Record<string, z.ZodType<string>> = {};
	for (const l of LOCALES) {
		const text = z.string().trim().max(max, { error: 'err_too_long' });
		shape[`${prefix}.${l}`] = l === 'de' && requireGerman ? text.min(1, { error: 'err_required' }) : text.default('');
	}
	return shape;
}

/** The parsed fields `prefix.<language>` as one Translatable, empty languages left out. */
export function collectTranslatable(data: Record<string, unknown>, prefix: string): Translatable {
	const out: Translatable = {};
	for (const l of LOCALES) {
		const v = data[`${prefix}.${l}`];
		if (typeof v === 'string' && v.trim()) out[l as Locale] = v.trim();
	}
	return out;
}

/** Largest value of a PostgreSQL `integer` column: every id and count in the schema is one. */
export const INT4_MAX = 2_147_483_647;

/** A positive integer within the `integer` range, written in plain digits (no `1e3`, `0x10`, `1.0`). */
export const idSchema = z
	.string()
	.trim()
	.regex(/^[1-9][0-9]{0,9}$/)
	.transform(Number)
	.refine((n) => n <= INT4_MAX);

/**
 * An id from a route parameter, query or form field, or null when it cannot be one (a row with it
 * cannot exist, so callers answer 404). The one parser for ids: never `Number(x)` on request input.
 */
export function parseId(value: unknown): number | null {
	const result = idSchema.safeParse(typeof value === 'string' ? value : '');
	return result.success ? result.data : null;
}

/** A page number from `?seite=`: 1 when missing or not a number, never beyond `last` (default 1,000,000). */
export function parsePage(value: string | null | undefined, last = 1_000_000): number {
	const n = /^\s*[0-9]{1,9}\s*$/.test(value ?? '') ? Number(value) : 1;
	return Math.min(Math.max(1, n), Math.max(1, last));
}

/**
 * A return target (`?weiter=`) when it is a path on this site, else null: starts with one `/`, no
 * `//` or `/\` (another host to a browser), no control characters or backslashes.
 */
export function safeReturnPath(value: string | null | undefined): string | null {
	if (!value || value.length > 2048 || !value.startsWith('/') || /^\/[/\\]/.test(value) || /[\\\u0000-\u001f\u007f]/.test(value)) return null;
	return value;
}
