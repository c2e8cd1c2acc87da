/**
 * The token API across app instances: two servers on one PostgreSQL database, 200 registrations for
 * 25 places posted to both at once. Every request answered 201, exactly 25 hold a place, 175 wait.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type AppInstance } from './app-instance.ts';
import { openTestDatabase } from '../../src/lib/server/testing/db.ts';
import type { Database } from '../../src/lib/server/db/client.ts';
import { PLACES, postBurst, REQUESTS, rowsOf, seedBurst } from '../e2e/api-burst.ts';

if (!process.env.TEST_DATABASE_URL) throw new Error('These tests need TEST_DATABASE_URL (a PostgreSQL server).');

let database: Database;
const instances: AppInstance[] = [];
let itemId = 0;
let token = '';

beforeAll(async () => {
	database = await openTestDatabase();
	({ itemId, token } = await seedBurst(database.db));
	for (let i = 0; i < 2; i++) instances.push(await startInstance(database.url!, { LOAD_DEMO: 'false', BETTER_AUTH_SECRET: 'shared-secret-for-both-instances' }));
});

afterAll(async () => {
	await Promise.all(instances.map((i) => i.stop()));
	await database?.close();
});

describe('token API on two app instances, one PostgreSQL database', () => {
	it(`${REQUESTS} parallel registrations for ${PLACES} places never overbook`, async () => {
		const answers = await postBurst(instances.map((i) => i.base), itemId, token);
		expect(answers.filter((a) => a.status !== 201).map((a) => `${a.status} ${a.body?.code}`)).toEqual([]);
		expect(answers.filter((a) => a.body?.data?.status === 'held')).toHaveLength(PLACES);
		const rows = await rowsOf(database.db, itemId);
		expect(rows).toHaveLength(REQUESTS);
		expect(rows.filter((r) => r.status === 'held')).toHaveLength(PLACES);
		expect(rows.filter((r) => r.status === 'waitlisted')).toHaveLength(REQUESTS - PLACES);
	});
});
