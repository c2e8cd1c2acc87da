/**
 * The projects the team can report on, for the report list: named by phase ("Digit-Ready II") when
 * they have one, with runtime and status, the latest runtime first. Trusted layer (staff).
 */
import { desc, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { project } from '../db/schema/programme.ts';

export async function reportProjects(db: Db) {
	const rows = await db
		.select({ id: project.id, title: project.title, phaseName: project.phaseName, status: project.status, runtimeStart: project.runtimeStart, runtimeEnd: project.runtimeEnd })
		.from(project)
		.orderBy(sql`${project.runtimeStart} desc nulls last`, desc(project.id));
	return rows.map(({ phaseName, title, ...rest }) => ({ ...rest, title: phaseName ? { de: phaseName } : title }));
}
