import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { exportJob } from '../db/schema/exports.ts';
import { auditEntry } from '../db/schema/audit.ts';
import { DomainError } from '../errors.ts';
import { startJobs, type Jobs } from './queue.ts';
import { EXPORT_RETENTION_HOURS, exportResult, exportStatus, purgeExports, registerExportKind, requestExport, runExport } from './exports.ts';

let database: Database;
let jobs: Jobs;
const actor = { id: 'staff-1', email: 'team@example.org' };

/** A gate the test opens: the export waits at it, so the test sees it running. */
function gate() {
	let open!: () => void;
	const opened = new Promise<void>((resolve) => (open = resolve));
	return { open, opened };
}

const gates = new Map<string, ReturnType<typeof gate>>();
let runs = 0;
registerExportKind('test-slow', async ({ key, report }) => {
	runs++;
	await report(40, 'Halbzeit');
	await gates.get(key)!.opened;
	await report(90);
	return { bytes: new TextEncoder().encode(`Datei ${key}`), contentType: 'text/plain; charset=utf-8', fileName: `test-${key}.txt` };
});
registerExportKind('test-fails', async ({ key }) => {
	if (key === 'domain') throw new DomainError('not_found');
	throw new Error('disk on fire');
});

const status = (id: number) => exportStatus(database.db, id);

beforeAll(async () => {
	database = await openTestDatabase();
	jobs = await startJobs(database, { intervalSeconds: 60, maintenance: async () => {} });
});
afterAll(async () => {
	await jobs?.stop();
	await database?.close();
});

describe('export jobs', () => {
	it('runs in the background with its progress, joins a second request to the running one, and keeps the file', async () => {
		gates.set('a', gate());
		const now = new Date('2027-05-03T08:00:00Z');
		const first = await requestExport(database.db, { kind: 'test-slow', key: 'a', actor, now });
		expect(first.status).toBe('queued');
		await expect.poll(async () => (await status(first.id)).progress, { timeout: 15_000 }).toBe(40);
		const running = await status(first.id);
		expect(running).toMatchObject({ status: 'running', message: 'Halbzeit' });
		// Not done yet: nothing to download.
		await expect(exportResult(database.db, first.id)).rejects.toMatchObject({ code: 'not_found' });

		const second = await requestExport(database.db, { kind: 'test-slow', key: 'a', actor: { id: 'staff-2', email: 'x@example.org' }, now });
		expect(second).toEqual({ id: first.id, status: 'running', progress: 40 });
		// Another key is another job.
		gates.set('b', gate());
		const other = await requestExport(database.db, { kind: 'test-slow', key: 'b', actor, now });
		expect(other.id).not.toBe(first.id);

		gates.get('a')!.open();
		await expect.poll(async () => (await status(first.id)).status, { timeout: 15_000 }).toBe('done');
		expect(await status(first.id)).toMatchObject({ progress: 100, fileName: 'test-a.txt', contentType: 'text/plain; charset=utf-8' });
		const file = await exportResult(database.db, first.id);
		expect(new TextDecoder().decode(file.bytes)).toBe('Datei a');

		// Once done, a new request computes afresh.
		const again = await requestExport(database.db, { kind: 'test-slow', key: 'a', actor, now });
		expect(again.id).not.toBe(first.id);
		gates.get('b')!.open();
		await expect.poll(async () => (await status(again.id)).status, { timeout: 15_000 }).toBe('done');
		await expect.poll(async () => (await status(other.id)).status, { timeout: 15_000 }).toBe('done');

		const audited = await database.db.select().from(auditEntry).where(eq(auditEntry.action, 'export.requested'));
		// Three jobs were made; the joined request made none.
		expect(audited.map((a) => a.entityId).sort()).toEqual([first.id, other.id, again.id].map(String).sort());
	});

	it('parallel requests for the same export make one job', async () => {
		gates.set('c', gate());
		const now = new Date('2027-05-03T09:00:00Z');
		const answers = await Promise.all(Array.from({ length: 8 }, () => requestExport(database.db, { kind: 'test-slow', key: 'c', actor, now })));
		expect(new Set(answers.map((a) => a.id)).size).toBe(1);
		gates.get('c')!.open();
		await expect.poll(async () => (await status(answers[0].id)).status, { timeout: 15_000 }).toBe('done');
	});

	it('a failed export says why and is not run again', async () => {
		const now = new Date('2027-05-03T10:00:00Z');
		const crash = await requestExport(database.db, { kind: 'test-fails', key: 'crash', actor, now });
		const refused = await requestExport(database.db, { kind: 'test-fails', key: 'domain', actor, now });
		await expect.poll(async () => (await status(crash.id)).status, { timeout: 15_000 }).toBe('failed');
		await expect.poll(async () => (await status(refused.id)).status, { timeout: 15_000 }).toBe('failed');
		expect((await status(crash.id)).errorCode).toBe('internal');
		expect((await status(refused.id)).errorCode).toBe('not_found');
		await expect(exportResult(database.db, crash.id)).rejects.toMatchObject({ code: 'not_found' });
		// A second delivery of the same job finds it claimed and does nothing.
		const before = runs;
		await runExport(database.db, crash.id);
		expect((await status(crash.id)).status).toBe('failed');
		expect(runs).toBe(before);
	});

	it('runs a job once with two instances working the queue', async () => {
		const second = await startJobs(database, { intervalSeconds: 60, maintenance: async () => {} });
		try {
			gates.set('d', gate());
			gates.get('d')!.open();
			const before = runs;
			const job = await requestExport(database.db, { kind: 'test-slow', key: 'd', actor, now: new Date('2027-05-03T11:00:00Z') });
			await expect.poll(async () => (await status(job.id)).status, { timeout: 15_000 }).toBe('done');
			// Both instances may receive it; one claims it.
			await runExport(database.db, job.id);
			expect(runs - before).toBe(1);
		} finally {
			await second.stop();
		}
	});

	it('purges finished files after the retention period and fails exports left running', async () => {
		const now = new Date('2027-06-01T12:00:00Z');
		const [old] = await database.db
			.insert(exportJob)
			.values({ kind: 'test-slow', key: 'old', status: 'done', progress: 100, result: new Uint8Array([1]), contentType: 'text/plain', fileName: 'x.txt', createdAt: now, finishedAt: new Date(now.getTime() - (EXPORT_RETENTION_HOURS + 1) * 3_600_000) })
			.returning();
		const [recent] = await database.db
			.insert(exportJob)
			.values({ kind: 'test-slow', key: 'recent', status: 'done', progress: 100, result: new Uint8Array([1]), contentType: 'text/plain', fileName: 'x.txt', createdAt: now, finishedAt: new Date(now.getTime() - 3_600_000) })
			.returning();
		const [stuck] = await database.db
			.insert(exportJob)
			.values({ kind: 'test-slow', key: 'stuck', status: 'running', progress: 10, createdAt: now, startedAt: new Date(now.getTime() - 2 * 3_600_000) })
			.returning();
		expect(await purgeExports(database.db, now)).toBeGreaterThanOrEqual(1);
		await expect(status(old.id)).rejects.toMatchObject({ code: 'not_found' });
		expect((await status(recent.id)).status).toBe('done');
		expect(await status(stuck.id)).toMatchObject({ status: 'failed', errorCode: 'interrupted' });
	});
});
