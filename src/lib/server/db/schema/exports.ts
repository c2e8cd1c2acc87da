/**
 * Export jobs (src/lib/server/jobs/exports.ts): long work such as the funder report's PDF, run in
 * the background with its progress, the finished file kept here (bytes) for download until the
 * retention period ends. At most one job per (kind, key) is queued or running at a time: the
 * partial unique index makes a second request find the running one, on every instance.
 */
import { sql } from 'drizzle-orm';
import { check, customType, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** Raw bytes. PGlite reads them back as Uint8Array, postgres.js as Buffer: both are Uint8Array. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

export const EXPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type ExportJobStatus = (typeof EXPORT_STATUSES)[number];

export const exportJob = pgTable(
	'export_job',
	{
		id: serial('id').primaryKey(),
		/** What is exported (`funder-report-pdf`, …): a kind registered with registerExportKind. */
		kind: text('kind').notNull(),
		/** What of it, as the kind reads it (e.g. project id and period). */
		key: text('key').notNull(),
		status: text('status').$type<ExportJobStatus>().notNull().default('queued'),
		/** 0..100 */
		progress: integer('progress').notNull().default(0),
		/** The step the work is at, as the kind reported it (German, the report language). */
		message: text('message'),
		/** Why it failed: a DomainError code (`err_<code>` in the catalogues) or `internal`. */
		errorCode: text('error_code'),
		result: bytea('result'),
		contentType: text('content_type'),
		fileName: text('file_name'),
		/** The team account that asked first (later requests join its job). */
		requestedBy: text('requested_by'),
		createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
		startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
		finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' })
	},
	(t) => [
		uniqueIndex('export_job_active').on(t.kind, t.key).where(sql`${t.status} in ('queued', 'running')`),
		index('export_job_finished').on(t.finishedAt),
		check('export_job_status', sql`${t.status} in ('queued', 'running', 'done', 'failed')`),
		check('export_job_progress', sql`${t.progress} between 0 and 100`)
	]
);
