/**
 * Project cohorts: which organisations take part in a project's organisation-development track.
 * The team adds and removes them; the cohort view (assessment/results.ts) aggregates only these.
 * Trusted layer: callers check that the actor is staff.
 */
import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { cohortMember, organisation } from '../db/schema/organisations.ts';
import { project } from '../db/schema/programme.ts';
import { recordAudit, type Actor } from '../audit/record.ts';
import { DomainError } from '../errors.ts';
import type { Translatable } from '../../content/translatable.ts';

/** How the backoffice names a project: its phase ("Digit-Ready II") when it has one, else its title. */
const named = <T extends { phaseName: string; title: Translatable }>({ phaseName, title, ...rest }: T) => ({ ...rest, title: phaseName ? { de: phaseName } : title });

/** Every project with the size of its cohort, newest first. */
export async function listCohorts(db: Db) {
	const rows = await db
		.select({ id: project.id, slug: project.slug, title: project.title, phaseName: project.phaseName, status: project.status, runtimeStart: project.runtimeStart, organisations: count(cohortMember.id) })
		.from(project)
		.leftJoin(cohortMember, eq(cohortMember.projectId, project.id))
		.groupBy(project.id)
		.orderBy(sql`${project.runtimeStart} desc nulls last`, desc(project.id));
	return rows.map(named);
}

export async function getCohortProject(db: Db, projectId: number) {
	const [row] = await db.select({ id: project.id, slug: project.slug, title: project.title, phaseName: project.phaseName }).from(project).where(eq(project.id, projectId));
	if (!row) throw new DomainError('not_found');
	return named(row);
}

/** The organisations of a project's cohort, by name. */
export async function cohortOrganisations(db: Db, projectId: number) {
	return db
		.select({ id: organisation.id, name: organisation.name })
		.from(cohortMember)
		.innerJoin(organisation, eq(organisation.id, cohortMember.organisationId))
		.where(eq(cohortMember.projectId, projectId))
		.orderBy(asc(organisation.name));
}

/** The projects whose cohort an organisation belongs to. */
export async function cohortsOf(db: Db, organisationId: number) {
	const rows = await db
		.select({ id: project.id, title: project.title, phaseName: project.phaseName })
		.from(cohortMember)
		.innerJoin(project, eq(project.id, cohortMember.projectId))
		.where(eq(cohortMember.organisationId, organisationId))
		.orderBy(sql`${project.runtimeStart} desc nulls last`);
	return rows.map(named);
}

async function assertBothExist(tx: Db | Tx, projectId: number, organisationId: number) {
	const [p] = await tx.select({ id: project.id }).from(project).where(eq(project.id, projectId));
	const [o] = await tx.select({ id: organisation.id }).from(organisation).where(eq(organisation.id, organisationId));
	if (!p || !o) throw new DomainError('not_found');
}

/** Adds an organisation to a project's cohort; adding it twice changes nothing. */
export async function addToCohort(db: Db | Tx, actor: Actor, projectId: number, organisationId: number, now: Date) {
	await db.transaction(async (tx) => {
		await assertBothExist(tx, projectId, organisationId);
		const added = await tx.insert(cohortMember).values({ projectId, organisationId, addedAt: now }).onConflictDoNothing().returning({ id: cohortMember.id });
		if (added.length) await recordAudit(tx, actor, 'cohort.added', { type: 'project', id: projectId }, now, { organisationId });
	});
}

/** Takes an organisation out of a cohort. Its answers and plan stay with the organisation. */
export async function removeFromCohort(db: Db, actor: Actor, projectId: number, organisationId: number, now: Date) {
	await db.transaction(async (tx) => {
		const removed = await tx
			.delete(cohortMember)
			.where(and(eq(cohortMember.projectId, projectId), eq(cohortMember.organisationId, organisationId)))
			.returning({ id: cohortMember.id });
		if (removed.length) {
			await recordAudit(tx, actor, 'cohort.removed', { type: 'project', id: projectId }, now, { organisationId });
			return;
		}
		// Not in the cohort: fine (a second click), unless project or organisation do not exist at all.
		await assertBothExist(tx, projectId, organisationId);
	});
}
