/**
 * The forms' validation, reused by the token API: a JSON body is laid out as the form's fields and
 * parsed by the form's own parser (so the API accepts and refuses exactly what the form does), and
 * the form's per-field error keys (`err_*`, `reg_err_*`) become the problem's per-field list, each
 * message from the same catalogue in the request's language, named by the API's field names.
 */
import * as m from '../../paraglide/messages.js';
import type { FieldErrors } from '../../forms/parse.ts';
import type { Locale } from '../../i18n/locales.ts';
import { DomainError } from '../errors.ts';
import { problem, type ApiProblem, type FieldProblem, type LocalText } from './problem.ts';

type MessageFn = (inputs: Record<string, unknown>, options: { locale: Locale }) => string;
const catalogue = m as unknown as Record<string, MessageFn | undefined>;

/** A catalogue message by key, in the request's language (the key itself if there is none). */
export function localText(key: string, params: Record<string, unknown> = {}): LocalText {
	return (locale) => catalogue[key]?.(params, { locale }) ?? key;
}

/** Form fields (`sessionId`) as the API's fields (`session_id`); fields not named keep their name. */
export type FieldNames = Record<string, string>;

/** The stable code of a field error, from its catalogue key: `err_required` → `required`, `reg_err_email` → `email`. */
function codeOf(key: string): string {
	return key.replace(/^(reg_|api_token_)?err_/, '');
}

/** A 400 problem listing each field the form refused, in the API's field names. */
export function formProblem(errors: FieldErrors, names: FieldNames): ApiProblem {
	const fields: FieldProblem[] = Object.entries(errors).map(([field, e]) => ({ field: names[field] ?? field, code: codeOf(e.key), message: localText(e.key, e.params) }));
	return problem(400, 'invalid_request', undefined, fields);
}

/**
 * A domain refusal as a problem: a refusal of one field is a 400 naming it (`not_found` of an
 * organisation is a bad `organisation_id`, not a missing resource); `not_found` otherwise 404;
 * everything else 409 with the code and the page's sentence (`messages` overrides the key per code).
 */
export function domainProblem(e: DomainError, names: FieldNames, messages: Record<string, string> = {}): ApiProblem {
	const key = messages[e.code] ?? `err_${e.code}`;
	// A name already in use is a conflict with what exists (409), any other refused field bad input (400).
	if (e.field && e.field !== 'form') return problem(e.code === 'name_taken' ? 409 : 400, e.code === 'name_taken' ? e.code : 'invalid_request', undefined, [{ field: names[e.field] ?? e.field, code: e.code, message: localText(key, e.params) }]);
	if (e.code === 'not_found') return problem(404, 'not_found');
	if (e.code === 'forbidden') return problem(403, 'forbidden');
	return problem(e.code === 'too_many_unconfirmed' ? 429 : 409, e.code, catalogue[key] ? localText(key, e.params) : undefined);
}

/** Runs a service call; its DomainError becomes the problem above. */
export async function refusedAs<T>(names: FieldNames, run: () => Promise<T>, messages: Record<string, string> = {}): Promise<T> {
	try {
		return await run();
	} catch (e) {
		if (e instanceof DomainError) throw domainProblem(e, names, messages);
		throw e;
	}
}

/** A FormData of string fields (null/undefined left out), for a form's parser. */
export function formOf(fields: Record<string, string | number | boolean | null | undefined>): FormData {
	const form = new FormData();
	for (const [k, v] of Object.entries(fields)) if (v !== null && v !== undefined && v !== false) form.set(k, v === true ? 'on' : String(v));
	return form;
}
