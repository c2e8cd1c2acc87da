import { error, fail } from '@sveltejs/kit';
import * as m from '#lib/paraglide/messages.js';
import { DomainError } from '#lib/server/errors.ts';
import { ChangeBlocked } from '#lib/server/programme/commands.ts';
import { parseId } from '#lib/forms/parse.ts';
import type { FieldErrors } from '#lib/programme/forms.ts';

/** Maps a domain refusal to a 404 or a form failure next to the right field; rethrows the rest. */
export function refusal(e: unknown, values: Record<string, string> = {}) {
	if (!(e instanceof DomainError)) throw e;
	if (e.code === 'not_found') error(404, m.err_not_found());
	const errors: FieldErrors = { [e.field ?? 'form']: { key: `err_${e.code}`, params: e.params } };
	// A change refused on a published project names the findings it would have caused (admin layout shows them first).
	const blocked = e instanceof ChangeBlocked ? e.findings : undefined;
	return fail(e.code === 'slug_taken' || e.code === 'name_taken' ? 409 : 400, { errors, values, blocked });
}

export { formValues } from '#lib/forms/parse.ts';

/** Route param to a positive integer id, else 404. */
export function idParam(value: unknown): number {
	// Ids are PostgreSQL `integer`s: anything else cannot exist (and must not reach the query).
	return parseId(value) ?? error(404, m.err_not_found());
}

/** A posted form field holding an id (a select of projects or organisations), else 404. */
export async function postedId(request: Request, field: string): Promise<number> {
	return idParam((await request.formData()).get(field));
}
