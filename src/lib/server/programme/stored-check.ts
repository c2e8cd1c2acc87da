/**
 * The publish check's findings stored per project (`project_check`, db/schema/programme.ts), so the
 * dashboard reads them instead of checking every project's sessions on every load.
 *
 * - Every programme write (commands.ts) locks the project's row first (`lockFindings`: programme
 *   writes of one project take turns) and stores the findings of the written project in its own
 *   transaction (`storeFindings`), after its changes.
 * - Triggers raise `revision` on any change of the project, its items, sessions or meetings, also
 *   by writers outside commands.ts (the demo, a data import): findings stored for an older revision
 *   are stale. So are findings past `validUntil` (a meeting ID expiring, `findingsValidUntil`) or
 *   computed for a later instant than the one asked about.
 * - `currentFindings` computes stale or missing ones again and stores them, unless the programme
 *   changed meanwhile (the update only applies to the revision read before the tree).
 * The installation's legal details are not part of what is stored (`siteFindings` adds them on read).
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { projectCheck } from '../db/schema/programme.ts';
import { findingsValidUntil } from '../../programme/publish-check.ts';
import { labelledCheck, type LabelledFinding } from './backoffice.ts';
import { loadProjectTree, type ProjectTree } from './tree.ts';

/** Locks the project's stored findings for this transaction (creating the row if there is none). */
export async function lockFindings(tx: Tx, projectId: number): Promise<void> {
	await tx
		.insert(projectCheck)
		.values({ projectId })
		.onConflictDoUpdate({ target: projectCheck.projectId, set: { revision: sql`${projectCheck.revision}` } });
}

/**
 * Stores `tree`'s findings (as the transaction sees it, after its changes) as those of the
 * revision the triggers have raised it to. Returns them.
 */
export async function storeFindings(tx: Tx, tree: ProjectTree, now: Date, checked = labelledCheck(tree, now)): Promise<LabelledFinding[]> {
	const validUntil = findingsValidUntil(tree, now);
	const findings = errorsFirst(checked);
	await tx
		.insert(projectCheck)
		.values({ projectId: tree.id, revision: 0, checkedRevision: 0, findings, validUntil, checkedAt: now })
		.onConflictDoUpdate({ target: projectCheck.projectId, set: { checkedRevision: sql`${projectCheck.revision}`, findings, validUntil, checkedAt: now } });
	return findings;
}

type Stored = Pick<typeof projectCheck.$inferSelect, 'revision' | 'checkedRevision' | 'validUntil' | 'checkedAt'>;

/** Stored findings answer for `now` if of the current revision, computed no later than `now` and still valid then. */
export function isCurrent(row: Stored | undefined, now: Date): boolean {
	return (
		row !== undefined &&
		row.checkedRevision === row.revision &&
		row.checkedAt !== null &&
		row.checkedAt.getTime() <= now.getTime() &&
		(row.validUntil === null || now.getTime() < row.validUntil.getTime())
	);
}

/**
 * The order a shortened list shows first: errors before warnings, and within each one finding of
 * every kind before the second of any (ten missing numbers do not hide an expired meeting ID);
 * otherwise the check's order.
 */
function errorsFirst(findings: LabelledFinding[]): LabelledFinding[] {
	const seen = new Map<string, number>();
	const ranked = findings.map((f, i) => {
		const n = seen.get(f.code) ?? 0;
		seen.set(f.code, n + 1);
		return { f, i, n, severity: f.severity === 'error' ? 0 : 1 };
	});
	return ranked.sort((a, b) => a.severity - b.severity || a.n - b.n || a.i - b.i).map((x) => x.f);
}

/** Computes one project's findings again and stores them if nothing changed meanwhile; null if the project is gone. */
async function refreshFindings(db: Db, projectId: number, now: Date): Promise<LabelledFinding[] | null> {
	// The row first, so that a change from now on raises its revision and this result is not stored.
	await db.execute(sql`insert into ${projectCheck} (project_id) select id from project where id = ${projectId} on conflict do nothing`);
	const [row] = await db.select({ revision: projectCheck.revision }).from(projectCheck).where(eq(projectCheck.projectId, projectId));
	if (!row) return null;
	const tree = await loadProjectTree(db, projectId);
	if (!tree) return null;
	const findings = errorsFirst(labelledCheck(tree, now));
	await db
		.update(projectCheck)
		.set({ findings, checkedRevision: row.revision, validUntil: findingsValidUntil(tree, now), checkedAt: now })
		.where(and(eq(projectCheck.projectId, projectId), eq(projectCheck.revision, row.revision)));
	return findings;
}

export interface ProjectFindings {
	/** At most `limit` of them, errors first. */
	findings: LabelledFinding[];
	errors: number;
	warnings: number;
}

/**
 * The findings of these projects at `now` (without the installation's), stored ones where current:
 * the counts per severity and the first `limit` findings, errors first (the database cuts the
 * list, so a project with thousands of findings costs no more to read than one with ten).
 */
export async function currentFindings(db: Db, projectIds: number[], now: Date, limit = 1_000_000): Promise<Map<number, ProjectFindings>> {
	const result = new Map<number, ProjectFindings>();
	if (projectIds.length === 0) return result;
	const rows = await db
		.select({
			projectId: projectCheck.projectId,
			revision: projectCheck.revision,
			checkedRevision: projectCheck.checkedRevision,
			validUntil: projectCheck.validUntil,
			checkedAt: projectCheck.checkedAt,
			first: sql`jsonb_path_query_array(${projectCheck.findings}, ${`$[0 to ${Math.max(0, limit - 1)}]`}::jsonpath)`.mapWith(projectCheck.findings),
			total: sql`jsonb_array_length(${projectCheck.findings})`.mapWith(Number),
			errors: sql`jsonb_array_length(jsonb_path_query_array(${projectCheck.findings}, '$[*] ? (@.severity == "error")'))`.mapWith(Number)
		})
		.from(projectCheck)
		.where(inArray(projectCheck.projectId, projectIds));
	const byId = new Map(rows.map((r) => [r.projectId, r]));
	for (const id of projectIds) {
		const row = byId.get(id);
		if (isCurrent(row, now)) {
			result.set(id, { findings: limit > 0 ? row!.first : [], errors: row!.errors, warnings: row!.total - row!.errors });
			continue;
		}
		const findings = await refreshFindings(db, id, now);
		if (findings) {
			const errors = findings.filter((f) => f.severity === 'error').length;
			result.set(id, { findings: findings.slice(0, limit), errors, warnings: findings.length - errors });
		}
	}
	return result;
}
