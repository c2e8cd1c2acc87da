/**
 * Organisations through the token API: the list and one profile (reads), and creating one as the
 * team does from the backoffice (the team's form parser `parseStaffProfileForm`, then
 * `createOrganisation`: confirmed at once, names unique regardless of case, audited).
 */
import { and, asc, eq, gt, ilike, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { organisation } from '../db/schema/organisations.ts';
import type { Actor } from '../audit/record.ts';
import { containsPattern, parseSearch } from '../../forms/list-query.ts';
import { createOrganisation, getProfile, parseStaffProfileForm } from '../organisations/profile.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { formOf, formProblem, refusedAs } from './form-errors.ts';
import { listOf, pageQuery } from './schemas.ts';

export const Organisation = z
	.object({
		id: z.number().int(),
		name: z.string(),
		confirmed: z.boolean().meta({ description: 'False for a name a participant typed in, until the team confirms it.' }),
		legal_form: z.string(),
		city: z.string(),
		federal_state: z.string(),
		year_founded: z.number().int().nullable(),
		member_count: z.number().int().nullable(),
		languages: z.array(z.string()),
		fields_of_activity: z.array(z.string()),
		contact_email: z.string(),
		contact_phone: z.string(),
		links: z.array(z.string()),
		created_at: z.string()
	})
	.meta({ id: 'Organisation' });

export const OrganisationEnvelope = z.object({ data: Organisation }).meta({ id: 'OrganisationEnvelope' });
export const OrganisationList = listOf(Organisation, 'OrganisationList');
export const OrganisationQuery = z.object({
	q: z.string().max(200).optional().meta({ description: 'Part of the name or the city.' }),
	confirmed: z.enum(['true', 'false']).optional(),
	...pageQuery
});

const list = z.array(z.string().max(200)).max(20).optional();
export const OrganisationBody = z
	.object({
		name: z.string().max(200),
		legal_form: z.string().max(100).optional(),
		city: z.string().max(100).optional(),
		federal_state: z.string().max(100).optional(),
		year_founded: z.number().int().nullable().optional(),
		member_count: z.number().int().nullable().optional(),
		languages: list,
		fields_of_activity: list,
		contact_email: z.string().max(254).optional(),
		contact_phone: z.string().max(50).optional(),
		links: z.array(z.string().max(500)).max(10).optional().meta({ description: 'https:// addresses.' }),
		project_id: z.number().int().positive().nullable().optional().meta({ description: 'Add it to this project’s cohort.' })
	})
	.meta({ id: 'OrganisationCreate', example: { name: 'Kulturbrücke e.V.', city: 'Köln', languages: ['de', 'tr'] } });

/** Form field → API field. */
const FIELDS = { name: 'name', legalForm: 'legal_form', city: 'city', federalState: 'federal_state', yearFounded: 'year_founded', memberCount: 'member_count', languages: 'languages', fieldsOfActivity: 'fields_of_activity', contactEmail: 'contact_email', contactPhone: 'contact_phone', links: 'links', projectId: 'project_id' };

type Row = typeof organisation.$inferSelect;
function organisationJson(o: Row) {
	return {
		id: o.id,
		name: o.name,
		confirmed: o.confirmed,
		legal_form: o.legalForm,
		city: o.city,
		federal_state: o.federalState,
		year_founded: o.yearFounded,
		member_count: o.memberCount,
		languages: o.languages,
		fields_of_activity: o.fieldsOfActivity,
		contact_email: o.contactEmail,
		contact_phone: o.contactPhone,
		links: o.links,
		created_at: o.createdAt.toISOString()
	};
}

/** Every organisation in id order, optionally searched (name, city) or by confirmation, in keyset pages. */
export async function listOrganisationsViaApi(db: Db, query: z.output<typeof OrganisationQuery>) {
	const listKey = `organisations:${query.q ?? ''}:${query.confirmed ?? ''}`;
	const after = query.cursor === undefined ? null : Number(decodeCursor(listKey, query.cursor)[0]);
	const q = parseSearch(query.q);
	const rows = await db
		.select()
		.from(organisation)
		.where(
			and(
				q ? or(ilike(organisation.name, containsPattern(q)), ilike(organisation.city, containsPattern(q))) : undefined,
				query.confirmed ? eq(organisation.confirmed, query.confirmed === 'true') : undefined,
				after !== null && Number.isInteger(after) ? gt(organisation.id, after) : undefined
			)
		)
		.orderBy(asc(organisation.id))
		.limit(query.limit + 1);
	const data = rows.slice(0, query.limit);
	return { data: data.map(organisationJson), next_cursor: rows.length > query.limit ? encodeCursor(listKey, [data[data.length - 1].id]) : null };
}

export async function readOrganisation(db: Db, id: number) {
	return { data: organisationJson(await refusedAs({}, () => getProfile(db, id))) };
}

/** Creates an organisation as the team's form does; 400 with the form's field errors, 409 for a name in use. */
export async function createOrganisationViaApi(db: Db, actor: Actor, body: z.output<typeof OrganisationBody>, now: Date) {
	const parsed = parseStaffProfileForm(
		formOf({
			name: body.name,
			legalForm: body.legal_form,
			city: body.city,
			federalState: body.federal_state,
			yearFounded: body.year_founded,
			memberCount: body.member_count,
			languages: body.languages?.join('\n'),
			fieldsOfActivity: body.fields_of_activity?.join('\n'),
			contactEmail: body.contact_email,
			contactPhone: body.contact_phone,
			links: body.links?.join('\n'),
			projectId: body.project_id
		})
	);
	if (!parsed.ok) throw formProblem(parsed.errors, FIELDS);
	const id = await refusedAs(FIELDS, () => createOrganisation(db, actor, parsed.data, now));
	return readOrganisation(db, id);
}
