import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { rateLimit, session, user, verification } from '../db/schema/auth.ts';
import { mailOutbox } from '../db/schema/registration.ts';
import { enqueueMail, purgeSignInMails } from '../mail/outbox.ts';
import { hitRateLimit } from './rate-limit.ts';
import { purgeSignInData } from './retention.ts';

const NOW = new Date('2027-02-01T09:00:00Z');
const DAY = 86_400_000;
let database: Database;
beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.close());

describe('retention of sign-in data', () => {
	it('stores rate-limit keys as keyed hashes and purges old counters, expired sessions, tokens and sign-in mails', async () => {
		const db = database.db;
		await hitRateLimit(db, 'sign-in:ip:198.51.100.9', { max: 5, windowSeconds: 60 }, new Date(NOW.getTime() - 2 * DAY));
		await hitRateLimit(db, 'sign-in:email:kim@example.org', { max: 5, windowSeconds: 60 }, NOW);
		const keys = (await db.select({ key: rateLimit.key }).from(rateLimit)).map((r) => r.key);
		expect(keys).toHaveLength(2);
		for (const k of keys) expect(k).not.toMatch(/198\.51|kim@|sign-in/);
		// Still counted by its clear key: the hash is applied on every comparison.
		expect(await hitRateLimit(db, 'sign-in:email:kim@example.org', { max: 1, windowSeconds: 60 }, NOW)).toBeGreaterThan(0);

		const [u] = await db.insert(user).values({ id: randomUUID(), email: 'kim@example.org', name: 'Kim', role: 'org_member' }).returning();
		await db.insert(session).values([
			{ id: 'old', token: randomUUID(), userId: u.id, ipAddress: '198.51.100.9', expiresAt: new Date(NOW.getTime() - 1000) },
			{ id: 'live', token: randomUUID(), userId: u.id, ipAddress: '198.51.100.9', expiresAt: new Date(NOW.getTime() + DAY) }
		]);
		await db.insert(verification).values([
			{ id: 'old', identifier: 'a', value: '{"email":"kim@example.org"}', expiresAt: new Date(NOW.getTime() - 1000) },
			{ id: 'live', identifier: 'b', value: '{"email":"kim@example.org"}', expiresAt: new Date(NOW.getTime() + DAY) }
		]);
		await enqueueMail(db, { to: 'kim@example.org', subject: 'old', text: 'link', template: 'signin', language: 'de' }, new Date(NOW.getTime() - 8 * DAY));
		await enqueueMail(db, { to: 'kim@example.org', subject: 'new', text: 'link', template: 'signin', language: 'de' }, new Date(NOW.getTime() - DAY));
		await enqueueMail(db, { to: 'kim@example.org', subject: 'old invitation', text: 'link', template: 'invitation', language: 'de' }, new Date(NOW.getTime() - 8 * DAY));

		await purgeSignInData(db, NOW);
		await purgeSignInMails(db, NOW);
		expect(await db.select({ key: rateLimit.key }).from(rateLimit)).toHaveLength(1);
		expect((await db.select({ id: session.id }).from(session)).map((s) => s.id)).toEqual(['live']);
		expect((await db.select({ id: verification.id }).from(verification)).map((s) => s.id)).toEqual(['live']);
		expect((await db.select({ subject: mailOutbox.subject }).from(mailOutbox)).map((m) => m.subject)).toEqual(['new']);
	});
});
