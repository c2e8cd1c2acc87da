/**
 * Export jobs: long work (the funder report's PDF, the handbook's PDF, …) runs in the background
 * with its progress on a status page (/admin/exporte/[id]) and the finished file kept for download.
 *
 *   registerExportKind('funder-report-pdf', async ({ db, key, report, now }) => { … return { bytes, contentType, fileName } });
 *   const job = await requestExport(db, { kind: 'funder-report-pdf', key: '7:2027-01-01:2027-12-31', actor, now });
 *
 * Guarantees:
 * - At most one job per (kind, key) is queued or running, across every instance (a partial unique
 *   index): a second request while one is queued or running gets that one. A finished job is not
 *   reused: a new request computes afresh (the data may have changed).
 * - A job runs once: pg-boss (jobs/queue.ts, queue `export`) hands it to one worker, and the worker
 *   claims the row (queued → running) before it starts; a repeated delivery finds it claimed and
 *   does nothing.
 * - A failure is a result: the job is `failed` with a code the status page shows in words
 *   (a DomainError's `err_<code>`, else a general sentence); it is not retried.
 * - Results are deleted `EXPORT_RETENTION_HOURS` after they finished (purgeExports, from the
 *   maintenance job), and a job left running by an instance that died fails after `STALE_MINUTES`.
 *
 * Kinds are registered at start-up (jobs/export-kinds.ts, imported by app.ts), so every instance
 * can run every kind whichever instance queued it.
 */
import { and, eq, inArray, lt } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { exportJob, type ExportJobStatus } from '../db/schema/exports.ts';
import { recordAudit, type Actor } from '../audit/record.ts';
import { DomainError, isUniqueViolation } from '../errors.ts';

export interface ExportFile {
	bytes: Uint8Array;
	contentType: string;
	fileName: string;
}

export interface ExportContext {
	db: Db;
	key: string;
	/** Records how far the work is (0..100, rounded and clamped) and, optionally, the step it is at. */
	report: (progress: number, message?: string) => Promise<void>;
	now: Date;
}

export type ExportRun = (ctx: ExportContext) => Promise<ExportFile>;

export interface ExportStatus {
	id: number;
	kind: string;
	key: string;
	status: ExportJobStatus;
	progress: number;
	message: string | null;
	/** Set when failed: a DomainError code, `internal` or `interrupted` (its instance stopped). */
	errorCode: string | null;
	fileName: string | null;
	contentType: string | null;
	createdAt: Date;
	finishedAt: Date | null;
	/** When the file goes (finished + retention), null while not finished. */
	keptUntil: Date | null;
	/** The page it belongs to (not localised), when its kind says. */
	back: string | null;
}

/** Hours a finished job (and its file) is kept. */
export const EXPORT_RETENTION_HOURS = 72;
/** A job running this long was left by an instance that stopped; it is failed (and may be requested again). */
export const STALE_MINUTES = 30;

export interface ExportKindOptions {
	/** The backoffice page the export belongs to (the status page links back to it), from the key. */
	back?: (key: string) => string | null;
}

const kinds = new Map<string, { run: ExportRun; options: ExportKindOptions }>();

/**
 * Makes `kind` runnable. Registering a kind twice replaces it (module reloads in development). The
 * status page names it by the message `export_kind_<kind, dashes as underscores>` when there is one.
 */
export function registerExportKind(kind: string, run: ExportRun, options: ExportKindOptions = {}): void {
	kinds.set(kind, { run, options });
}

export function isExportKind(kind: string): boolean {
	return kinds.has(kind);
}

/** How a queued job reaches a worker: set by startJobs (pg-boss), null before (the maintenance job re-sends). */
let dispatcher: ((id: number) => Promise<void>) | null = null;

export function useExportDispatcher(send: ((id: number) => Promise<void>) | null): void {
	dispatcher = send;
}

async function dispatch(id: number): Promise<void> {
	try {
		await dispatcher?.(id);
	} catch (e) {
		// The row stays queued; dispatchQueuedExports sends it again.
		console.error('Export queue:', e);
	}
}

/**
 * The queued or running job for (kind, key), or a new one, queued. Throws (a bug, not a user error)
 * for a kind nobody registered.
 */
export async function requestExport(db: Db, o: { kind: string; key: string; actor: Actor | null; now: Date }): Promise<{ id: number; status: ExportJobStatus; progress: number }> {
	if (!kinds.has(o.kind)) throw new Error(`Unknown export kind ${o.kind}`);
	for (let attempt = 0; attempt < 3; attempt++) {
		const active = await activeJob(db, o.kind, o.key);
		if (active) return active;
		try {
			const created = await db.transaction(async (tx) => {
				const [row] = await tx
					.insert(exportJob)
					.values({ kind: o.kind, key: o.key, status: 'queued', requestedBy: o.actor?.id ?? null, createdAt: o.now })
					.returning({ id: exportJob.id, status: exportJob.status, progress: exportJob.progress });
				await recordAudit(tx, o.actor, 'export.requested', { type: 'export_job', id: row.id }, o.now, { kind: o.kind, key: o.key });
				return row;
			});
			await dispatch(created.id);
			return created;
		} catch (e) {
			// Another request made it in between: take that one.
			if (!isUniqueViolation(e)) throw e;
		}
	}
	throw new Error('Export request kept colliding');
}

async function activeJob(db: Db, kind: string, key: string) {
	const [row] = await db
		.select({ id: exportJob.id, status: exportJob.status, progress: exportJob.progress })
		.from(exportJob)
		.where(and(eq(exportJob.kind, kind), eq(exportJob.key, key), inArray(exportJob.status, ['queued', 'running'])));
	return row ?? null;
}

/** A job's state for its status page; throws not_found when there is none (or it was purged). */
export async function exportStatus(db: Db, id: number): Promise<ExportStatus> {
	const [row] = await db
		.select({
			id: exportJob.id,
			kind: exportJob.kind,
			key: exportJob.key,
			status: exportJob.status,
			progress: exportJob.progress,
			message: exportJob.message,
			errorCode: exportJob.errorCode,
			fileName: exportJob.fileName,
			contentType: exportJob.contentType,
			createdAt: exportJob.createdAt,
			finishedAt: exportJob.finishedAt
		})
		.from(exportJob)
		.where(eq(exportJob.id, id));
	if (!row) throw new DomainError('not_found');
	return {
		...row,
		keptUntil: row.finishedAt ? new Date(row.finishedAt.getTime() + EXPORT_RETENTION_HOURS * 3_600_000) : null,
		back: kinds.get(row.kind)?.options.back?.(row.key) ?? null
	};
}

/** The finished file; throws not_found unless the job is done (and not yet purged). */
export async function exportResult(db: Db, id: number): Promise<ExportFile> {
	const [row] = await db
		.select({ result: exportJob.result, contentType: exportJob.contentType, fileName: exportJob.fileName })
		.from(exportJob)
		.where(and(eq(exportJob.id, id), eq(exportJob.status, 'done')));
	if (!row?.result || !row.contentType || !row.fileName) throw new DomainError('not_found');
	return { bytes: new Uint8Array(row.result), contentType: row.contentType, fileName: row.fileName };
}

/**
 * Runs one queued job: claims it (queued → running, so a repeated delivery does nothing), runs its
 * kind, stores the file (done) or the reason (failed). Errors of the database while claiming or
 * recording propagate, so pg-boss retries the delivery.
 */
export async function runExport(db: Db, id: number, now: () => Date = () => new Date()): Promise<void> {
	const [job] = await db
		.update(exportJob)
		.set({ status: 'running', startedAt: now(), progress: 0 })
		.where(and(eq(exportJob.id, id), eq(exportJob.status, 'queued')))
		.returning({ kind: exportJob.kind, key: exportJob.key });
	if (!job) return;
	const run = kinds.get(job.kind)?.run;
	let file: ExportFile;
	try {
		if (!run) throw new Error(`Unknown export kind ${job.kind}`);
		const report = async (progress: number, message?: string) => {
			const p = Math.max(0, Math.min(100, Math.round(Number.isFinite(progress) ? progress : 0)));
			await db
				.update(exportJob)
				.set(message === undefined ? { progress: p } : { progress: p, message })
				.where(and(eq(exportJob.id, id), eq(exportJob.status, 'running')));
		};
		file = await run({ db, key: job.key, report, now: now() });
	} catch (e) {
		const code = e instanceof DomainError ? e.code : 'internal';
		if (code === 'internal') console.error(`Export ${id} (${job.kind}) failed:`, e);
		await db.update(exportJob).set({ status: 'failed', errorCode: code, finishedAt: now() }).where(eq(exportJob.id, id));
		return;
	}
	await db
		.update(exportJob)
		.set({ status: 'done', progress: 100, result: file.bytes, contentType: file.contentType, fileName: file.fileName, finishedAt: now() })
		.where(eq(exportJob.id, id));
}

/**
 * Housekeeping for the maintenance job: deletes jobs finished more than EXPORT_RETENTION_HOURS ago
 * (their files with them), fails jobs running longer than STALE_MINUTES (their instance stopped),
 * and sends jobs still queued after a minute to the queue again (a send that was lost; pg-boss
 * keeps one delivery per job). Returns how many were deleted.
 */
export async function purgeExports(db: Db, now: Date): Promise<number> {
	const deleted = await db
		.delete(exportJob)
		.where(and(inArray(exportJob.status, ['done', 'failed']), lt(exportJob.finishedAt, new Date(now.getTime() - EXPORT_RETENTION_HOURS * 3_600_000))))
		.returning({ id: exportJob.id });
	await db
		.update(exportJob)
		.set({ status: 'failed', errorCode: 'interrupted', finishedAt: now })
		.where(and(eq(exportJob.status, 'running'), lt(exportJob.startedAt, new Date(now.getTime() - STALE_MINUTES * 60_000))));
	const waiting = await db
		.select({ id: exportJob.id })
		.from(exportJob)
		.where(and(eq(exportJob.status, 'queued'), lt(exportJob.createdAt, new Date(now.getTime() - 60_000))));
	for (const { id } of waiting) await dispatch(id);
	return deleted.length;
}
