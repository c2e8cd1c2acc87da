import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { backoffWait, clearRateLimit, hitRateLimit, rateLimitWait, recordFailure } from './rate-limit.ts';

let database: Database;
beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.close());

describe('rate limits', () => {
	it('allow max attempts per window, then say how long to wait, then reset', async () => {
		const limit = { max: 3, windowSeconds: 60 };
		const t0 = new Date('2027-01-01T10:00:00Z');
		for (let i = 0; i < 3; i++) expect(await hitRateLimit(database.db, 'k', limit, new Date(t0.getTime() + i * 1000))).toBe(0);
		expect(await rateLimitWait(database.db, 'k', limit, new Date(t0.getTime() + 3000))).toBeGreaterThan(0);
		const wait = await hitRateLimit(database.db, 'k', limit, new Date(t0.getTime() + 4000));
		expect(wait).toBeGreaterThan(50);
		expect(wait).toBeLessThanOrEqual(60);
		expect(await rateLimitWait(database.db, 'k', limit, new Date(t0.getTime() + 120_000))).toBe(0);
		expect(await hitRateLimit(database.db, 'k', limit, new Date(t0.getTime() + 120_000))).toBe(0);
		expect(await rateLimitWait(database.db, 'other', limit, t0)).toBe(0);
	});

	it('back off: free failures, then doubling pauses up to a cap, forgotten after a quiet spell or a success', async () => {
		const policy = { free: 2, baseSeconds: 10, maxSeconds: 40, resetSeconds: 600 };
		const t = (s: number) => new Date(Date.UTC(2027, 0, 2, 10) + s * 1000);
		await recordFailure(database.db, 'b', policy, t(0));
		expect(await backoffWait(database.db, 'b', policy, t(0))).toBe(0);
		await recordFailure(database.db, 'b', policy, t(1));
		expect(await backoffWait(database.db, 'b', policy, t(1))).toBe(10);
		await recordFailure(database.db, 'b', policy, t(11));
		expect(await backoffWait(database.db, 'b', policy, t(12))).toBe(19);
		for (let i = 0; i < 5; i++) await recordFailure(database.db, 'b', policy, t(40));
		expect(await backoffWait(database.db, 'b', policy, t(40))).toBe(40);
		// Another key is untouched; a quiet spell resets the count.
		expect(await backoffWait(database.db, 'b2', policy, t(40))).toBe(0);
		await recordFailure(database.db, 'b', policy, t(700));
		expect(await backoffWait(database.db, 'b', policy, t(700))).toBe(0);
		await recordFailure(database.db, 'b', policy, t(701));
		await clearRateLimit(database.db, 'b');
		expect(await backoffWait(database.db, 'b', policy, t(701))).toBe(0);
	});
});
