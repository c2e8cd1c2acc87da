import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { hitRateLimit, rateLimitWait } from './rate-limit.ts';

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
});
