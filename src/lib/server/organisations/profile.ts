/**
 * An organisation's profile. The organisation admin edits it from /verein/profil; the programme team
 * creates organisations and edits any profile, name included, from the backoffice.
 * Trusted layer: callers check who may write (membership role or staff).
 */
import { and, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../db/client.ts';
import { organisation } from '../db/schema/organisations.ts';
import { addToCohort } from './cohort.ts';
import { recordAudit, type Actor } from '../audit/record.ts';
import { DomainError, isUniqueViolation } from '../errors.ts';
import { project } from '../db/schema/programme.ts';
import { parseForm, type Parsed } from '../../forms/parse.ts';

const list = (max: number) =>
	z
		.string()
		.default('')
		.transform((v) => v.split(/[\n,;]+/).map((x) => x.trim()).filter(Boolean).slice(0, max));
const year = z
	.string()
	.trim()
	.default('')
	.refine((v) => v === '' || (/^\d{4}$/.test(v) && Number(v) >= 1800 && Number(v) <= 2100), { error: 'err_year' })
	.transform((v) => (v === '' ? null : Number(v)));
const count = z
	.string()
	.trim()
	.default('')
	.refine((v) => v === '' || /^\d{1,6}$/.test(v), { error: 'err_count' })
	.transform((v) => (v === '' ? null : Number(v)));

/** The profile form; errors are message keys. */
export const profileSchema = z.object({
	legalForm: z.string().trim().max(100, { error: 'err_too_long' }).default(''),
	city: z.string().trim().max(100, { error: 'err_too_long' }).default(''),
	federalState: z.string().trim().max(100, { error: 'err_too_long' }).default(''),
	yearFounded: year,
	memberCount: count,
	languages: list(20),
	fieldsOfActivity: list(20),
	contactEmail: z.union([z.literal(''), z.email({ error: 'reg_err_email' })]).default(''),
	contactPhone: z.string().trim().max(50, { error: 'err_too_long' }).default(''),
	links: list(10).refine((links) => links.every((l) => /^https:\/\//.test(l)), { error: 'err_url' }),
	/** Consent to be named in public documents (the transfer handbook): a checkbox, off unless ticked. */
	mayBeNamed: z
		.string()
		.optional()
		.transform((v) => v === 'yes')
});
export type ProfileInput = z.output<typeof profileSchema>;

/** The team's form adds the name (required) and, when creating, an optional project cohort. */
const staffSchema = profileSchema.extend({
	name: z.string().trim().min(2, { error: 'err_required' }).max(200, { error: 'err_too_long' }),
	projectId: z
		.string()
		.default('')
		.refine((v) => v === '' || (/^\d{1,9}$/.test(v) && Number(v) > 0), { error: 'err_choice' })
		.transform((v) => (v === '' ? null : Number(v)))
});
export type StaffProfileInput = z.output<typeof staffSchema>;

export const parseProfileForm = (form: FormData): Parsed<ProfileInput> => parseForm(profileSchema, form, (d) => d);
export const parseStaffProfileForm = (form: FormData): Parsed<StaffProfileInput> => parseForm(staffSchema, form, (d) => d);

type ProfileRow = typeof organisation.$inferSelect;

/** A stored profile as the form's strings (lists one per line or comma-separated). */
export function profileFormValues(p: ProfileRow): Record<string, string> {
	return {
		name: p.name,
		legalForm: p.legalForm,
		city: p.city,
		federalState: p.federalState,
		yearFounded: p.yearFounded === null ? '' : String(p.yearFounded),
		memberCount: p.memberCount === null ? '' : String(p.memberCount),
		languages: p.languages.join(', '),
		fieldsOfActivity: p.fieldsOfActivity.join(', '),
		contactEmail: p.contactEmail,
		contactPhone: p.contactPhone,
		links: p.links.join('\n'),
		mayBeNamed: p.mayBeNamed ? 'yes' : ''
	};
}

/** Names are unique regardless of case: "Elternverein Köln e.V." and "elternverein köln e.v." are one. */
async function assertNameFree(tx: Tx, name: string, exceptId: number | null) {
	// The database's lower(), as in the unique index, so the check and the index always agree.
	const clash = await tx
		.select({ id: organisation.id })
		.from(organisation)
		.where(and(sql`lower(${organisation.name}) = lower(${name})`, exceptId === null ? undefined : ne(organisation.id, exceptId)));
	if (clash.length) throw new DomainError('name_taken', 'name');
}

/** Two saves of the same new name at the same moment: the index refuses the second, as a form error. */
async function nameGuarded<T>(write: () => Promise<T>): Promise<T> {
	try {
		return await write();
	} catch (e) {
		if (isUniqueViolation(e)) throw new DomainError('name_taken', 'name');
		throw e;
	}
}

export async function updateProfile(db: Db, actor: Actor, organisationId: number, input: ProfileInput, now: Date) {
	await db.transaction(async (tx) => {
		const [row] = await tx.update(organisation).set(input).where(eq(organisation.id, organisationId)).returning({ id: organisation.id });
		if (!row) throw new DomainError('not_found');
		await recordAudit(tx, actor, 'organisation.profile_updated', { type: 'organisation', id: organisationId }, now, { fields: Object.keys(input), mayBeNamed: input.mayBeNamed });
	});
}

/** The team's edit: profile and name. */
export async function updateProfileAsStaff(db: Db, actor: Actor, organisationId: number, input: Omit<StaffProfileInput, 'projectId'>, now: Date) {
	await nameGuarded(() => db.transaction(async (tx) => {
		const [exists] = await tx.select({ id: organisation.id }).from(organisation).where(eq(organisation.id, organisationId));
		if (!exists) throw new DomainError('not_found');
		await assertNameFree(tx, input.name, organisationId);
		await tx.update(organisation).set(input).where(eq(organisation.id, organisationId));
		await recordAudit(tx, actor, 'organisation.profile_updated', { type: 'organisation', id: organisationId }, now, { fields: Object.keys(input), mayBeNamed: input.mayBeNamed });
	}));
}

/** The team creates an organisation directly (confirmed), optionally into a project's cohort. */
export async function createOrganisation(db: Db, actor: Actor, input: StaffProfileInput, now: Date): Promise<number> {
	return nameGuarded(() => db.transaction(async (tx) => {
		await assertNameFree(tx, input.name, null);
		const { projectId, ...profile } = input;
		if (projectId !== null && !(await tx.select({ id: project.id }).from(project).where(eq(project.id, projectId))).length) {
			throw new DomainError('choice', 'projectId');
		}
		const [row] = await tx.insert(organisation).values({ ...profile, confirmed: true, createdAt: now }).returning({ id: organisation.id });
		await recordAudit(tx, actor, 'organisation.created', { type: 'organisation', id: row.id }, now, { name: input.name });
		if (projectId !== null) await addToCohort(tx, actor, projectId, row.id, now);
		return row.id;
	}));
}

export async function getProfile(db: Db, organisationId: number) {
	const [row] = await db.select().from(organisation).where(eq(organisation.id, organisationId));
	if (!row) throw new DomainError('not_found');
	return row;
}
