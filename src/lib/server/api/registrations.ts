/**
 * Registrations through the token API. One code path per use case, the forms' own:
 * - create: the public registration form's parser (`parseRegistrationForm`: same fields, same rules)
 *   and `registerParticipant` (the places lock, the double opt-in and its confirmation mail, the audit
 *   entry), with the partner's token as `onBehalf` and the person's consent required in the body;
 *   only for items on public pages (a published or archived project), like the form.
 * - list per item: `registrationsForStaff` (the backoffice's list), in pages by keyset cursor.
 * - read one (the link in registration and attendance webhooks): the same shape as the list.
 * - cancel: `cancelRegistration` as the team cancels (mail to the person, the place to the waiting list).
 */
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { programmeItem, project } from '../db/schema/programme.ts';
import { registration } from '../db/schema/registration.ts';
import { organisation } from '../db/schema/organisations.ts';
import type { Actor } from '../audit/record.ts';
import { readConfig } from '../config.ts';
import { cancelRegistration, registerParticipant, type Env } from '../registration/commands.ts';
import { registrationsForStaff } from '../registration/queries.ts';
import { VISIBLE_STATUSES } from '../programme/public.ts';
import { parseRegistrationForm } from '../../registration/forms.ts';
import { page } from './cursor.ts';
import { formOf, formProblem, refusedAs } from './form-errors.ts';
import { problem } from './problem.ts';
import { Lang, listOf, pageQuery } from './schemas.ts';

const STATUSES = ['held', 'awaiting_approval', 'confirmed', 'waitlisted', 'cancelled', 'expired'] as const;

export const Registration = z
	.object({
		id: z.number().int(),
		item_id: z.number().int(),
		session_id: z.number().int().nullable(),
		status: z.enum(STATUSES).meta({ description: 'held (place kept until the email is confirmed), awaiting_approval, confirmed, waitlisted, cancelled, expired (docs/concepts.md).' }),
		name: z.string(),
		email: z.string(),
		organisation: z.object({ id: z.number().int(), name: z.string() }).nullable(),
		language: Lang,
		needs: z.string(),
		photo_consent: z.boolean(),
		privacy_version: z.string().meta({ description: 'The privacy notice the person agreed to.' }),
		email_confirmed: z.boolean(),
		confirm_until: z.string().nullable().meta({ description: 'Until then an unconfirmed registration keeps its place (ISO 8601); null once confirmed.' }),
		created_at: z.string()
	})
	.meta({ id: 'Registration', description: 'One person for one programme item (or one session of it).' });

export const RegistrationEnvelope = z.object({ data: Registration }).meta({ id: 'RegistrationEnvelope' });
export const RegistrationList = listOf(Registration, 'RegistrationList');

export const RegistrationBody = z
	.object({
		name: z.string().max(200),
		email: z.string().max(254),
		session_id: z.number().int().positive().nullable().optional().meta({ description: 'Required for items that take registrations per session.' }),
		organisation_id: z.number().int().positive().nullable().optional().meta({ description: 'A known organisation (GET /organisations); else organisation_name.' }),
		organisation_name: z.string().max(200).optional().meta({ description: 'A new organisation, for the team to confirm.' }),
		language: Lang.meta({ description: 'The person’s language: their mails and links.' }),
		needs: z.string().max(1000).optional(),
		consent: z
			.object({
				privacy: z.literal(true).meta({ description: 'The person has agreed to the privacy notice (GET /datenschutz); registering without it is refused.' }),
				photos: z.boolean().default(false).meta({ description: 'The person agrees to photos (optional, separate).' })
			})
			.meta({ description: 'Consent the person gave to the caller, recorded with the registration and in the audit log.' })
	})
	.meta({ id: 'RegistrationCreate', example: { name: 'Ayşe Yılmaz', email: 'ayse@example.org', organisation_name: 'Beispielverein e.V.', language: 'tr', consent: { privacy: true, photos: false } } });

export const RegistrationListQuery = z.object({
	status: z.enum(STATUSES).optional(),
	session_id: z.coerce.number().int().positive().max(2147483647).optional(),
	...pageQuery
});

/** Form field → API field, for the per-field problem list. */
const FIELDS = { name: 'name', email: 'email', sessionId: 'session_id', organisationId: 'organisation_id', organisationName: 'organisation_name', language: 'language', needs: 'needs', privacy: 'consent.privacy' };

type Row = typeof registration.$inferSelect;
const iso = (d: Date) => d.toISOString();

function registrationJson(r: Row, organisation: string | null) {
	return {
		id: r.id,
		item_id: r.itemId,
		session_id: r.sessionId,
		status: r.status,
		name: r.name,
		email: r.email,
		organisation: r.organisationId !== null && organisation !== null ? { id: r.organisationId, name: organisation } : null,
		language: r.language as z.output<typeof Lang>,
		needs: r.needs,
		photo_consent: r.photoConsent,
		privacy_version: r.privacyVersion,
		email_confirmed: r.emailConfirmedAt !== null,
		confirm_until: r.emailConfirmedAt === null && (r.status === 'held' || r.status === 'waitlisted') ? iso(r.confirmExpiresAt) : null,
		created_at: iso(r.createdAt)
	};
}

export interface ApiEnvOf {
	db: Db;
	now: Date;
	origin: string;
	secret: string;
}

function envOf(ctx: ApiEnvOf): Env {
	return { db: ctx.db, now: ctx.now, origin: ctx.origin, secret: ctx.secret, holdHours: readConfig().registrationHoldHours };
}

async function organisationName(db: Db, id: number | null): Promise<string | null> {
	if (id === null) return null;
	const [row] = await db.select({ name: organisation.name }).from(organisation).where(eq(organisation.id, id));
	return row?.name ?? null;
}

/** Items a person can register for through the API: those of visible projects (as the form's item page). */
async function requireVisibleItem(db: Db, itemId: number) {
	const [row] = await db
		.select({ id: programmeItem.id })
		.from(programmeItem)
		.innerJoin(project, eq(project.id, programmeItem.projectId))
		.where(and(eq(programmeItem.id, itemId), inArray(project.status, [...VISIBLE_STATUSES])));
	if (!row) throw problem(404, 'not_found');
}

/**
 * Registers a person on their behalf: 201 with the new registration (held or waitlisted until they
 * open the link in the confirmation mail), or 200 with the existing one when they are already
 * registered for the same scope (nothing changes; at most one re-sent mail, as with the form).
 */
export async function createRegistration(ctx: ApiEnvOf, actor: Actor, itemId: number, body: z.output<typeof RegistrationBody>) {
	await requireVisibleItem(ctx.db, itemId);
	const parsed = parseRegistrationForm(
		formOf({
			name: body.name,
			email: body.email,
			sessionId: body.session_id ?? null,
			organisationId: body.organisation_id ?? (body.organisation_name ? 'other' : null),
			organisationName: body.organisation_name ?? null,
			language: body.language,
			needs: body.needs ?? null,
			privacy: body.consent.privacy,
			photos: body.consent.photos
		})
	);
	if (!parsed.ok) throw formProblem(parsed.errors, FIELDS);
	const { registration: row, duplicate } = await refusedAs(FIELDS, () => registerParticipant(envOf(ctx), { itemId, ...parsed.data }, { onBehalf: actor }), {
		session_not_bookable: 'reg_err_session',
		not_found: 'reg_err_organisation'
	});
	return { status: duplicate ? 200 : 201, body: { data: registrationJson(row, await organisationName(ctx.db, row.organisationId)) } };
}

/** An item's registrations, in the order people registered (the waiting list's order), paged. */
export async function listRegistrations(db: Db, itemId: number, query: z.output<typeof RegistrationListQuery>) {
	const [item] = await db.select({ id: programmeItem.id }).from(programmeItem).where(eq(programmeItem.id, itemId));
	if (!item) throw problem(404, 'not_found');
	const { rows } = await registrationsForStaff(db, itemId, { status: query.status ?? null, sessionId: query.session_id ? String(query.session_id) : null });
	const paged = page(`registrations:${itemId}:${query.status ?? ''}:${query.session_id ?? ''}`, rows, (r) => [iso(r.createdAt), r.id], ['asc', 'asc'], query.cursor, query.limit);
	return { data: paged.data.map((r) => registrationJson(r, r.organisation)), next_cursor: paged.next_cursor };
}

/** One registration, in the list's shape (what registration and attendance webhooks link to). */
export async function readRegistration(db: Db, id: number) {
	const [row] = await db.select().from(registration).where(eq(registration.id, id));
	if (!row) throw problem(404, 'not_found');
	return { data: registrationJson(row, await organisationName(db, row.organisationId)) };
}

/** Cancels as the team does: the person gets the cancellation mail, a waiting person moves up. Cancelling twice changes nothing. */
export async function cancelRegistrationViaApi(ctx: ApiEnvOf, actor: Actor, id: number) {
	const row = await refusedAs(FIELDS, () => cancelRegistration(envOf(ctx), id, actor));
	return { data: registrationJson(row, await organisationName(ctx.db, row.organisationId)) };
}
