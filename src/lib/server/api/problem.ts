/**
 * Errors of the API as `application/problem+json` (RFC 9457): `type`, `title`, `status`, `detail`,
 * a stable `code` and, for bad input, `errors: [{ field, code, message }]`, every text in the
 * request's language (the message catalogue). Thrown as an `ApiProblem`; `apiHandler` renders it.
 */
import * as m from '../../paraglide/messages.js';
import type { Locale } from '../../i18n/locales.ts';

/** Text in the request's language: a fixed string, or one built for the locale (a catalogue message). */
export type LocalText = string | ((locale: Locale) => string);

export interface FieldProblem {
	/** The field's path: `limit`, `body.person.email` is written `person.email`. */
	field: string;
	/** Stable: required · invalid · too_small · too_big · invalid_choice · invalid_format · unknown (or a domain's own). */
	code: string;
	/** In the request's language; defaults to the catalogue's text for `code`. */
	message?: LocalText;
}

/** The problem body as sent. */
export interface ProblemBody {
	type: string;
	title: string;
	status: number;
	detail: string;
	code: string;
	errors?: { field: string; code: string; message: string }[];
}

type Texts = { title: (l: Locale) => string; detail: (l: Locale) => string };
const t = (fn: (inputs: object, options: { locale: Locale }) => string) => (locale: Locale) => fn({}, { locale });

/** The title (and default detail) per HTTP status. */
const BY_STATUS: Record<number, Texts> = {
	400: { title: t(m.api_problem_invalid_request_title), detail: t(m.api_problem_invalid_request) },
	401: { title: t(m.api_problem_unauthorized_title), detail: t(m.api_problem_unauthorized) },
	403: { title: t(m.api_problem_forbidden_title), detail: t(m.api_problem_forbidden) },
	404: { title: t(m.api_problem_not_found_title), detail: t(m.api_problem_not_found) },
	405: { title: t(m.api_problem_method_title), detail: t(m.api_problem_method) },
	409: { title: t(m.api_problem_conflict_title), detail: t(m.api_problem_invalid_request) },
	413: { title: t(m.api_problem_too_large_title), detail: t(m.api_problem_too_large) },
	415: { title: t(m.api_problem_media_title), detail: t(m.api_problem_media) },
	429: { title: t(m.api_problem_rate_limited_title), detail: (locale) => m.api_problem_rate_limited({ seconds: 60 }, { locale }) },
	500: { title: t(m.api_problem_internal_title), detail: t(m.api_problem_internal) },
	503: { title: t(m.api_problem_unavailable_title), detail: t(m.unavailable_text) }
};

const FIELD_MESSAGES: Record<string, (l: Locale) => string> = {
	required: t(m.api_field_required),
	invalid: t(m.api_field_invalid),
	too_small: t(m.api_field_too_small),
	too_big: t(m.api_field_too_big),
	invalid_choice: t(m.api_field_invalid_choice),
	invalid_format: t(m.api_field_invalid_format),
	unknown: t(m.api_field_unknown)
};

/** The documented codes per status when none is given. */
const DEFAULT_CODE: Record<number, string> = {
	400: 'invalid_request',
	401: 'unauthorized',
	403: 'forbidden',
	404: 'not_found',
	405: 'method_not_allowed',
	409: 'conflict',
	413: 'payload_too_large',
	415: 'unsupported_media_type',
	429: 'rate_limited',
	500: 'internal_error',
	503: 'unavailable'
};

/** A problem to answer with; throw it from an API handler (or return `problemResponse`). */
export class ApiProblem extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		readonly detail?: LocalText,
		readonly fields?: FieldProblem[],
		readonly headers: Record<string, string> = {}
	) {
		super(`${status} ${code}`);
	}
}

/** `problem(404, 'not_found')`, `problem(400, 'invalid_request', undefined, [{ field: 'limit', code: 'too_big' }])`. */
export function problem(status: number, code = DEFAULT_CODE[status] ?? 'error', detail?: LocalText, fields?: FieldProblem[], headers?: Record<string, string>): ApiProblem {
	return new ApiProblem(status, code, detail, fields, headers);
}

const text = (value: LocalText | undefined, locale: Locale) => (typeof value === 'function' ? value(locale) : value);

/** The problem's body in `locale`. `type` is a stable URI per code (documented in the OpenAPI description). */
export function problemBody(p: ApiProblem, locale: Locale): ProblemBody {
	const texts = BY_STATUS[p.status] ?? BY_STATUS[p.status >= 500 ? 500 : 400];
	const body: ProblemBody = {
		type: `urn:bildungsturbo:problem:${p.code}`,
		title: texts.title(locale),
		status: p.status,
		detail: text(p.detail, locale) ?? texts.detail(locale),
		code: p.code
	};
	if (p.fields?.length) body.errors = p.fields.map((f) => ({ field: f.field, code: f.code, message: text(f.message, locale) ?? (FIELD_MESSAGES[f.code] ?? FIELD_MESSAGES.invalid)(locale) }));
	return body;
}

export const PROBLEM_TYPE = 'application/problem+json';

/** The problem as a response: never stored, readable from any origin (an error must be readable by the widget too). */
export function problemResponse(p: ApiProblem, locale: Locale, extra: Record<string, string> = {}): Response {
	const headers = new Headers({ 'Content-Type': `${PROBLEM_TYPE}; charset=utf-8`, 'Cache-Control': 'no-store', 'Content-Language': locale, 'Access-Control-Allow-Origin': '*', ...p.headers, ...extra });
	return new Response(JSON.stringify(problemBody(p, locale)), { status: p.status, headers });
}

/** A zod issue code (v4) as a field code. */
export function fieldCode(issue: { code: string; input?: unknown }): string {
	switch (issue.code) {
		case 'invalid_type':
			return issue.input === undefined ? 'required' : 'invalid';
		case 'too_small':
			return 'too_small';
		case 'too_big':
			return 'too_big';
		case 'invalid_value':
		case 'invalid_union':
			return 'invalid_choice';
		case 'invalid_format':
			return 'invalid_format';
		case 'unrecognized_keys':
			return 'unknown';
		default:
			return 'invalid';
	}
}

/** The value, or a thrown 404 problem when there is none (`orNotFound(await getItem(...))`). */
export function orNotFound<T>(value: T | null | undefined): T {
	if (value === null || value === undefined) throw problem(404, 'not_found');
	return value;
}
