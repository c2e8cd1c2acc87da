import { error, fail } from '@sveltejs/kit';
import * as m from '#lib/paraglide/messages.js';
import { DomainError } from '#lib/server/errors.ts';
import type { FieldErrors } from '#lib/programme/forms.ts';

/** Maps a domain refusal to a 404 or a form failure next to the right field; rethrows the rest. */
export function refusal(e: unknown, values: Record<string, string> = {}) {
	if (!(e instanceof DomainError)) throw e;
	if (e.code === 'not_found') error(404, m.err_not_found());
	const errors: FieldErrors = { [e.field ?? 'form']: { key: `err_${e.code}`, params: e.params } };
	return fail(e.code === 'slug_taken' || e.code === 'name_taken' ? 409 : 400, { errors, values });
}

export { formValues } from '#lib/forms/parse.ts';

/** Route param to a positive integer id, else 404. */
export function idParam(value: string): number {
	const id = Number(value);
	// Ids are PostgreSQL `integer`s: anything larger cannot exist (and must not reach the query).
	if (!Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) error(404, m.err_not_found());
	return id;
}

/** A posted form field holding an id (a select of projects or organisations), else 404. */
export async function postedId(request: Request, field: string): Promise<number> {
	return idParam(String((await request.formData()).get(field) ?? ''));
}
