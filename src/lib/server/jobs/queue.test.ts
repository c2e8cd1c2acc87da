import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { startJobs } from './queue.ts';

let database: Database;
beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.close());

describe('job queue (pg-boss in the app database)', () => {
	it('runs the maintenance job repeatedly, retries a failed run, and stops cleanly', async () => {
		let runs = 0;
		let failedOnce = false;
		const jobs = await startJobs(database, {
			intervalSeconds: 1,
			maintenance: async () => {
				runs++;
				if (!failedOnce) {
					failedOnce = true;
					throw new Error('first run fails');
				}
			}
		});
		try {
			await expect.poll(() => runs, { timeout: 20_000, interval: 200 }).toBeGreaterThanOrEqual(3);
		} finally {
			await jobs.stop();
		}
		const { rows } = await database.executeSql("select count(*)::int as n from pgboss.job where name = 'maintenance' and state = 'completed'");
		const [{ n }] = rows as { n: number }[];
		expect(n).toBeGreaterThanOrEqual(1);
	});
});
