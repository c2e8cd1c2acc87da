import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { user } from '../db/schema/auth.ts';
import { auditEntry } from '../db/schema/audit.ts';
import { apiToken } from '../db/schema/api.ts';
import type { Actor } from '../audit/record.ts';
import { DomainError } from '../errors.ts';
import { authenticateToken, createApiToken, hashApiToken, listApiTokens, parseTokenForm, revokeApiToken } from './tokens.ts';

const NOW = new Date('2026-12-02T10:00:00Z');
let database: Database;
let admin: Actor;
let staff: Actor;

const code = (p: Promise<unknown>) => p.then(() => 'ok', (e) => (e instanceof DomainError ? e.code : String(e)));
const bearer = (token: string) => `Bearer ${token}`;
const later = (ms: number) => new Date(NOW.getTime() + ms);

async function account(role: string): Promise<Actor> {
	const email = `${role}-${randomUUID().slice(0, 6)}@example.org`;
	const [row] = await database.db.insert(user).values({ id: randomUUID(), email, name: role, role, emailVerified: true }).returning();
	return { id: row.id, email };
}

function form(fields: Record<string, string | string[]>): FormData {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) f.append(k, one);
	return f;
}

beforeAll(async () => {
	database = await openTestDatabase();
	admin = await account('admin');
	staff = await account('staff');
});
afterAll(() => database?.close());

describe('the token form', () => {
	it('takes a name, the checked scopes and a last day within 366 days', () => {
		const ok = parseTokenForm(form({ name: 'CRM des Trägers', scope: ['registrations:read', 'registrations:write'], expires: '2027-03-01' }), NOW);
		expect(ok).toEqual({ ok: true, data: { name: 'CRM des Trägers', scopes: ['registrations:read', 'registrations:write'], expires: '2027-03-01' } });
		const none = parseTokenForm(form({ name: 'CRM', expires: '2027-03-01' }), NOW);
		expect(none.ok || none.errors.scope).toEqual({ key: 'api_token_err_scopes' });
		const unknown = parseTokenForm(form({ name: 'CRM', scope: 'figures:write', expires: '2027-03-01' }), NOW);
		expect(unknown.ok || unknown.errors.scope).toEqual({ key: 'err_choice' });
		const far = parseTokenForm(form({ name: 'CRM', scope: 'figures:read', expires: '2028-01-10' }), NOW);
		expect(far.ok || far.errors.expires?.key).toBe('api_token_err_expiry');
		const past = parseTokenForm(form({ name: 'CRM', scope: 'figures:read', expires: '2026-12-01' }), NOW);
		expect(past.ok || past.errors.expires?.key).toBe('api_token_err_expiry');
		const bad = parseTokenForm(form({ name: 'C', scope: 'figures:read', expires: '2027-02-30' }), NOW);
		expect(bad.ok || Object.keys(bad.errors).sort()).toEqual(['expires', 'name']);
	});
});

describe('token lifecycle', () => {
	it('is shown once, stored only as its SHA-256, works until revoked, with every use counted and creation and revocation audited', async () => {
		const created = await createApiToken(database.db, admin, { name: 'CRM', scopes: ['registrations:read'], expires: '2027-03-01' }, NOW);
		expect(created.token).toMatch(/^bt_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
		expect(created.token.startsWith(`bt_${created.prefix}_`)).toBe(true);
		// The last valid day is Berlin's: the token ends at midnight there (23:00 UTC in winter).
		expect(created.expiresAt.toISOString()).toBe('2027-03-01T22:59:59.999Z');
		const [row] = await database.db.select().from(apiToken).where(eq(apiToken.id, created.id));
		expect(row.secretHash).toBe(hashApiToken(created.token));
		// The secret's tail (a base64url secret may itself hold '_', so not split on it) is nowhere in the row.
		expect(JSON.stringify(row)).not.toContain(created.token.slice(-24));
		// The list never carries the secret or its hash.
		const listed = (await listApiTokens(database.db, NOW)).find((t) => t.id === created.id)!;
		expect(JSON.stringify(listed)).not.toContain(row.secretHash);
		expect(listed).toMatchObject({ name: 'CRM', state: 'active', useCount: 0, lastUsedAt: null, createdBy: 'admin' });

		const first = await authenticateToken(database.db, bearer(created.token), later(1000));
		expect(first).toMatchObject({ ok: true, principal: { tokenId: created.id, scopes: ['registrations:read'], actor: { id: admin.id, apiTokenId: created.id } } });
		await authenticateToken(database.db, bearer(created.token), later(2000));
		const [used] = await database.db.select().from(apiToken).where(eq(apiToken.id, created.id));
		expect(used.useCount).toBe(2);
		expect(used.lastUsedAt).toEqual(later(2000));

		await revokeApiToken(database.db, admin, created.id, later(3000));
		expect(await authenticateToken(database.db, bearer(created.token), later(4000))).toEqual({ ok: false, reason: 'revoked' });
		expect((await listApiTokens(database.db, later(4000))).find((t) => t.id === created.id)!.state).toBe('revoked');
		// Refused uses do not count.
		expect((await database.db.select().from(apiToken).where(eq(apiToken.id, created.id)))[0].useCount).toBe(2);

		const audit = await database.db.select().from(auditEntry).where(eq(auditEntry.entityType, 'api_token'));
		expect(audit.filter((a) => a.entityId === String(created.id)).map((a) => [a.action, a.actorId])).toEqual([
			['api_token.created', admin.id],
			['api_token.revoked', admin.id]
		]);
	});

	it('refuses missing, malformed, unknown and expired tokens, each with its reason', async () => {
		const { token } = await createApiToken(database.db, admin, { name: 'Kurz', scopes: ['figures:read'], expires: '2026-12-02' }, NOW);
		expect(await authenticateToken(database.db, null, NOW)).toEqual({ ok: false, reason: 'missing' });
		expect(await authenticateToken(database.db, `Basic ${token}`, NOW)).toEqual({ ok: false, reason: 'missing' });
		expect(await authenticateToken(database.db, 'Bearer nonsense', NOW)).toEqual({ ok: false, reason: 'invalid' });
		const forged = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
		expect(await authenticateToken(database.db, bearer(forged), NOW)).toEqual({ ok: false, reason: 'invalid' });
		expect((await authenticateToken(database.db, bearer(token), NOW)).ok).toBe(true);
		// Valid through its last Berlin day, refused from midnight on.
		expect(await authenticateToken(database.db, bearer(token), new Date('2026-12-02T23:00:00Z'))).toEqual({ ok: false, reason: 'expired' });
	});

	it('lets only admins create and revoke', async () => {
		expect(await code(createApiToken(database.db, staff, { name: 'X', scopes: ['figures:read'], expires: '2027-01-01' }, NOW))).toBe('forbidden');
		const { id } = await createApiToken(database.db, admin, { name: 'Y', scopes: ['figures:read'], expires: '2027-01-01' }, NOW);
		expect(await code(revokeApiToken(database.db, staff, id, NOW))).toBe('forbidden');
		expect(await code(revokeApiToken(database.db, admin, 999_999, NOW))).toBe('not_found');
		expect(await code(createApiToken(database.db, admin, { name: 'Z', scopes: ['figures:read'], expires: '2030-01-01' }, NOW))).toBe('choice');
	});
});
