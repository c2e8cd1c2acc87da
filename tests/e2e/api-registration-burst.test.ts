/**
 * 200 registrations for 25 places posted at once to the built server through the token API, on the
 * embedded database: every request answered (201), exactly 25 hold a place, 175 wait, none is
 * lost, and every answer matches the OpenAPI description.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/lib/server/db/client.ts';
import { expectMatchesOpenApi } from '../../src/lib/server/api/testing.ts';
import { startInstance, type AppInstance } from '../postgres/app-instance.ts';
import { PLACES, postBurst, REQUESTS, rowsOf, seedBurst } from './api-burst.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-api-burst-'));
let server: AppInstance;
let itemId = 0;
let token = '';

beforeAll(async () => {
	// Seed the embedded database first, then let the server open it (PGlite has one user at a time).
	const database = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
	({ itemId, token } = await seedBurst(database.db));
	await database.close();
	server = await startInstance('', { DATA_DIR: dataDir, LOAD_DEMO: 'false', SMTP_URL: '' });
});

afterAll(async () => {
	await server?.stop();
	fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('token API under a burst (PGlite, built server)', () => {
	it(`${REQUESTS} parallel registrations for ${PLACES} places never overbook`, async () => {
		const answers = await postBurst([server.base], itemId, token);
		expect(answers.filter((a) => a.status !== 201).map((a) => `${a.status} ${a.body?.code}`)).toEqual([]);
		for (const a of answers.slice(0, 3)) await expectMatchesOpenApi('POST', `/api/v1/items/${itemId}/registrations`, a.status, a.body);
		const held = answers.filter((a) => a.body?.data?.status === 'held').length;
		expect(held).toBe(PLACES);
		expect(answers.filter((a) => a.body?.data?.status === 'waitlisted')).toHaveLength(REQUESTS - PLACES);
		await server.stop();
		const database = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
		try {
			const rows = await rowsOf(database.db, itemId);
			expect(rows).toHaveLength(REQUESTS);
			expect(rows.filter((r) => r.status === 'held')).toHaveLength(PLACES);
			expect(rows.filter((r) => r.status === 'waitlisted')).toHaveLength(REQUESTS - PLACES);
		} finally {
			await database.close();
		}
	}, 240_000);
});
