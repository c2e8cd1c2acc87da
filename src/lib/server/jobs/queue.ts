/**
 * Background jobs on pg-boss, in the app's own database (PGlite through `executeSql`, or
 * PostgreSQL with pg-boss's own small pool). One job kind so far, `maintenance`: lapse unconfirmed
 * registrations, send due reminders, deliver due mail, anonymise past retention. Every instance
 * asks for it each `intervalSeconds`; pg-boss's singleton key lets one run per interval across all
 * instances, and failed runs are retried with backoff. The work itself is idempotent and claims rows
 * with FOR UPDATE SKIP LOCKED, so an extra run never does anything twice.
 *
 * The `export` queue runs export jobs (jobs/exports.ts): one pg-boss job per export, sent when it is
 * requested (singleton per export id, so a re-send while it waits adds nothing), one at a time per
 * instance; the worker claims the export row before running it, so a second delivery does nothing.
 */
import { PgBoss } from 'pg-boss';
import type { Database } from '../db/client.ts';
import { runExport, STALE_MINUTES, useExportDispatcher } from './exports.ts';

const QUEUE = 'maintenance';
const EXPORTS = 'export';

export interface Jobs {
	stop(): Promise<void>;
}

export async function startJobs(database: Database, opts: { intervalSeconds: number; maintenance: () => Promise<void> }): Promise<Jobs> {
	const boss = database.url ? new PgBoss({ connectionString: database.url, max: 2 }) : new PgBoss({ db: { executeSql: database.executeSql } });
	boss.on('error', (e) => console.error('Job queue:', e));
	await boss.start();
	await boss.createQueue(QUEUE, { retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 300 });
	await boss.work(QUEUE, { pollingIntervalSeconds: Math.max(0.5, Math.min(2, opts.intervalSeconds)) }, async () => {
		await opts.maintenance();
	});
	await boss.createQueue(EXPORTS, { policy: 'stately', retryLimit: 3, retryDelay: 5, retryBackoff: true, expireInSeconds: STALE_MINUTES * 60 });
	await boss.work<{ id: number }>(EXPORTS, { pollingIntervalSeconds: 1 }, async (batch) => {
		for (const job of batch) await runExport(database.db, job.data.id);
	});
	useExportDispatcher(async (id) => {
		await boss.send(EXPORTS, { id }, { singletonKey: `export-${id}` });
	});
	const request = () =>
		boss.send(QUEUE, {}, { singletonKey: QUEUE, singletonSeconds: opts.intervalSeconds }).catch((e) => console.error('Job queue:', e));
	void request();
	const timer = setInterval(request, opts.intervalSeconds * 1000);
	timer.unref();
	return {
		async stop() {
			clearInterval(timer);
			useExportDispatcher(null);
			await boss.stop({ graceful: true, timeout: 5_000 });
		}
	};
}
