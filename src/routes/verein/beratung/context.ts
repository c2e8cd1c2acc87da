/**
 * What every /verein/beratung page needs: the signed-in member as a consultation `Who` (the
 * organisation from the membership, never from the address), the services' `Env`, and the
 * service errors as a field error in the catalogue (a `not_found` is the 404 of the page).
 */
import { error } from '@sveltejs/kit';
import * as m from '#lib/paraglide/messages.js';
import { app } from '#lib/server/app.ts';
import { DomainError } from '#lib/server/errors.ts';
import { requireMember } from '#lib/server/organisations/guard.ts';
import type { Env, Who } from '#lib/server/consultation/access.ts';
import type { FieldErrors } from '#lib/forms/parse.ts';

export async function member(locals: App.Locals) {
	const { db } = app().database;
	const { userId, email, membership } = await requireMember(db, locals);
	const who: Who = { kind: 'association', actor: { id: userId, email }, organisationId: membership.organisationId };
	const env: Env = { db, now: new Date(), origin: app().config.publicOrigin };
	// Accounts made by a sign-in link carry the address as their name: no name to offer then.
	const name = locals.user?.name && !locals.user.name.includes('@') ? locals.user.name : '';
	return { who, env, db, now: env.now, name, email, membership };
}

const KEYS: Record<string, string> = {
	slot_taken: 'cons_err_slot_taken',
	slot_not_bookable: 'cons_err_not_bookable',
	booking_limit: 'cons_err_limit',
	already_booked: 'cons_err_already_booked',
	change_too_late: 'cons_err_too_late',
	offer_expired: 'cons_err_offer_expired',
	already_waiting: 'cons_err_already_waiting',
	room_unavailable: 'cons_err_room',
	stale: 'cons_err_not_bookable'
};

/** A service error as the form's errors; `not_found` (someone else's, or gone) answers 404. */
export function serviceError(e: unknown): FieldErrors {
	if (!(e instanceof DomainError)) throw e;
	if (e.code === 'choice') return { [e.field ?? 'form']: { key: 'err_choice' } };
	const key = KEYS[e.code];
	if (!key) error(404, m.error_not_found());
	return { form: { key, params: e.params } };
}

export function notFound(): never {
	error(404, m.error_not_found());
}

/** One error on one field (`form`: the page's), typed as every form's errors. */
export function fieldError(field: string, key: string): FieldErrors {
	return { [field]: { key } };
}

/** The first field whose value holds a NUL (the database refuses it in text): an error on that field, or null. */
export function nulError(form: FormData): FieldErrors | null {
	for (const [name, value] of form.entries()) if (typeof value === 'string' && value.includes('\u0000')) return fieldError(name, 'err_choice');
	return null;
}

/** The form's string fields as typed (NULs dropped), to fill the form in again. */
export function typedValues(form: FormData): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of form.entries()) if (typeof value === 'string') out[name] = value.replaceAll('\u0000', '');
	return out;
}
