/**
 * The team's planned values per project (Soll: "6 workshops, 120 participants, 30 organisations,
 * 20 consultations"), one per measure. The funder report shows each next to the actual figure
 * (reports/figures.ts `planVsActual`). Trusted layer: callers check that the actor is staff.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { project } from '../db/schema/programme.ts';
import { projectTarget } from '../db/schema/reports.ts';
import { recordAudit, type Actor } from '../audit/record.ts';
import { DomainError } from '../errors.ts';
import { MEASURE_KEYS } from '../../reports/forms.ts';

/**
 * The measures a target can be set for, in the order the report shows them (the form's fields,
 * src/lib/reports/forms.ts). Each names a total of `ProjectFigures` (figures.ts `actualOf`).
 */
export const MEASURES = MEASURE_KEYS;
export type Measure = (typeof MEASURES)[number];

export const isMeasure = (key: string): key is Measure => (MEASURES as readonly string[]).includes(key);

export type Targets = Partial<Record<Measure, number>>;

/** The planned values of a project (measures without one are left out). */
export async function projectTargets(db: Db | Tx, projectId: number): Promise<Targets> {
	const rows = await db.select({ measure: projectTarget.measure, planned: projectTarget.planned }).from(projectTarget).where(eq(projectTarget.projectId, projectId));
	// Stored as `real`: rounded to two decimals, so 12.3 reads back as 12.3.
	return Object.fromEntries(rows.filter((r) => isMeasure(r.measure)).map((r) => [r.measure, Math.round(r.planned * 100) / 100]));
}

/**
 * Sets the planned values of a project: a number sets (or changes) a measure's target, null removes
 * it; measures not named stay as they are. One transaction, one audit entry with what changed
 * (nothing changed: no entry). Throws `not_found` for an unknown project.
 */
export async function setProjectTargets(db: Db, actor: Actor, projectId: number, values: Partial<Record<Measure, number | null>>, now: Date): Promise<void> {
	await db.transaction(async (tx) => {
		const [p] = await tx.select({ id: project.id }).from(project).where(eq(project.id, projectId)).for('update');
		if (!p) throw new DomainError('not_found');
		const before = await projectTargets(tx, projectId);
		const changes: Record<string, { from: number | null; to: number | null }> = {};
		const removed: Measure[] = [];
		for (const [key, value] of Object.entries(values) as [Measure, number | null | undefined][]) {
			if (!isMeasure(key) || value === undefined) continue;
			const old = before[key] ?? null;
			if (old === value) continue;
			changes[key] = { from: old, to: value };
			if (value === null) {
				removed.push(key);
				continue;
			}
			await tx
				.insert(projectTarget)
				.values({ projectId, measure: key, planned: value, updatedAt: now, updatedBy: actor.id })
				.onConflictDoUpdate({ target: [projectTarget.projectId, projectTarget.measure], set: { planned: value, updatedAt: now, updatedBy: actor.id } });
		}
		if (removed.length) await tx.delete(projectTarget).where(and(eq(projectTarget.projectId, projectId), inArray(projectTarget.measure, removed)));
		if (Object.keys(changes).length) await recordAudit(tx, actor, 'project.targets_set', { type: 'project', id: projectId }, now, { changes });
	});
}
