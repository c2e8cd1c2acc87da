/**
 * API tokens: created by an admin (shown once), stored as a SHA-256 hash, checked on every
 * token request, revocable. A token is `bt_<prefix>_<secret>`: the prefix (8 characters) names it in
 * the backoffice list and in logs, the secret is 32 random bytes (base64url).
 *
 * Why SHA-256 and not bcrypt/argon2: those slow hashes protect low-entropy secrets (passwords) against
 * guessing from a stolen table. A 256-bit random secret cannot be guessed, hashed fast or slow; a fast
 * hash lets every request be checked by one indexed lookup (`secret_hash` is unique) without a
 * 100 ms key-derivation per call. The lookup compares hashes, so timing reveals nothing of the secret.
 *
 * Use is recorded without flooding the audit log: every authenticated request raises `use_count` and
 * sets `last_used_at` (one short UPDATE, outside the request's own transaction) and leaves one row in
 * the per-use log (token-use.ts: method, path, status; kept 90 days); every write the
 * token makes leaves the service's own audit entry (one per write), whose actor is the admin who
 * created the token and whose details name it (`apiToken`, see `tokenActor`). Creating and revoking
 * are audited (`api_token.created`, `api_token.revoked`).
 */
import { createHash, randomBytes } from 'node:crypto';
import { desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { apiToken } from '../db/schema/api.ts';
import { user } from '../db/schema/auth.ts';
import { recordAudit, type Actor } from '../audit/record.ts';
import { DomainError } from '../errors.ts';
import { parseForm, type Parsed } from '../../forms/parse.ts';
import { DateTime } from 'luxon';
import { ZONE } from '../../programme/time.ts';
import { API_SCOPES, MAX_TOKEN_DAYS, type ApiScope } from '../../api/scopes.ts';
import type { ApiActor } from './auth.ts';
import { localText } from './form-errors.ts';
import { problem } from './problem.ts';

export { API_SCOPES, DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, type ApiScope } from '../../api/scopes.ts';

/** A calendar day "YYYY-MM-DD" that exists. */
const isDay = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && DateTime.fromISO(v, { zone: ZONE }).isValid;
/** The end of a Berlin calendar day, as an instant. */
const berlinDayEnd = (day: string) => DateTime.fromISO(day, { zone: ZONE }).endOf('day').toJSDate();

function expiryAllowed(day: string, now: Date): boolean {
	const end = berlinDayEnd(day).getTime();
	return end > now.getTime() && end <= now.getTime() + (MAX_TOKEN_DAYS + 1) * 86_400_000;
}

const TOKEN = /^bt_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{43})$/;
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function hashApiToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

function newPrefix(): string {
	// 8 characters of 62 (rejection-free enough: 256 % 62 bias is irrelevant for a public name).
	return [...randomBytes(8)].map((b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('');
}

/** The token form: name, scopes (checkboxes `scope`), last valid day (Berlin). Errors are catalogue keys. */
const formSchema = z.object({
	name: z.string().trim().min(2, { error: 'err_required' }).max(100, { error: 'err_too_long' }),
	scope: z.array(z.enum(API_SCOPES as [ApiScope, ...ApiScope[]], { error: 'err_choice' })).min(1, { error: 'api_token_err_scopes' }),
	expires: z.string().trim().refine(isDay, { error: 'err_date' })
});
export type TokenInput = { name: string; scopes: ApiScope[]; expires: string };

/** `now` decides the range of the last valid day: from today to MAX_TOKEN_DAYS ahead (`api_token_err_expiry`). */
export function parseTokenForm(form: FormData, now: Date): Parsed<TokenInput> {
	// `scope` is a checkbox group: every checked box is one value.
	const data = new FormData();
	for (const [k, v] of form.entries()) if (k !== 'scope' && typeof v === 'string') data.set(k, v);
	const scopes = form.getAll('scope').filter((v): v is string => typeof v === 'string');
	const parsed = parseForm(formSchema.omit({ scope: true }), data, (d) => d);
	const scopeCheck = formSchema.shape.scope.safeParse(scopes);
	if (parsed.ok && !expiryAllowed(parsed.data.expires, now)) return { ok: false, errors: { expires: { key: 'api_token_err_expiry', params: { max: MAX_TOKEN_DAYS } } }, values: { name: parsed.data.name, expires: parsed.data.expires, scope: scopes.join(',') } };
	if (parsed.ok && scopeCheck.success) return { ok: true, data: { name: parsed.data.name, expires: parsed.data.expires, scopes: [...new Set(scopeCheck.data)] } };
	const errors = parsed.ok ? {} : parsed.errors;
	if (!scopeCheck.success) errors.scope = { key: scopeCheck.error.issues[0].message.startsWith('api_') ? scopeCheck.error.issues[0].message : 'err_choice' };
	return { ok: false, errors, values: { ...(parsed.ok ? {} : parsed.values), name: String(form.get('name') ?? ''), expires: String(form.get('expires') ?? ''), scope: scopes.join(',') } };
}

/**
 * Creates a token (admin only: the route checks, and so does this). Returns the token itself:
 * the only time it exists outside the caller's hands. The expiry is the end of the given Berlin
 * day, refused (`api_token_err_expiry` on `expires`) when past or beyond MAX_TOKEN_DAYS.
 */
export async function createApiToken(db: Db, actor: Actor, input: TokenInput, now: Date): Promise<{ id: number; token: string; prefix: string; expiresAt: Date }> {
	await requireAdminAccount(db, actor);
	if (!expiryAllowed(input.expires, now)) throw new DomainError('choice', 'expires');
	const expiresAt = berlinDayEnd(input.expires);
	const prefix = newPrefix();
	const token = `bt_${prefix}_${randomBytes(32).toString('base64url')}`;
	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(apiToken)
			.values({ name: input.name, prefix, secretHash: hashApiToken(token), scopes: input.scopes, createdBy: actor.id, createdAt: now, expiresAt })
			.returning({ id: apiToken.id });
		await recordAudit(tx, actor, 'api_token.created', { type: 'api_token', id: row.id }, now, { name: input.name, scopes: input.scopes, expiresAt: expiresAt.toISOString() });
		return { id: row.id, token, prefix, expiresAt };
	});
}

/** Revokes a token at once (admin only). Revoking a revoked token changes nothing. */
export async function revokeApiToken(db: Db, actor: Actor, id: number, now: Date): Promise<void> {
	await requireAdminAccount(db, actor);
	await db.transaction(async (tx) => {
		const [row] = await tx.select().from(apiToken).where(eq(apiToken.id, id)).for('update');
		if (!row) throw new DomainError('not_found');
		if (row.revokedAt) return;
		await tx.update(apiToken).set({ revokedAt: now, revokedBy: actor.id }).where(eq(apiToken.id, id));
		await recordAudit(tx, actor, 'api_token.revoked', { type: 'api_token', id }, now, { name: row.name });
	});
}

async function requireAdminAccount(db: Db, actor: Actor) {
	const [account] = await db.select({ role: user.role }).from(user).where(eq(user.id, actor.id));
	if (account?.role !== 'admin') throw new DomainError('forbidden');
}

export type TokenState = 'active' | 'expired' | 'revoked';

/** Every token for the backoffice list, newest first: never the secret, nor its hash. */
export async function listApiTokens(db: Db, now: Date) {
	const rows = await db
		.select({
			id: apiToken.id,
			name: apiToken.name,
			prefix: apiToken.prefix,
			scopes: apiToken.scopes,
			createdAt: apiToken.createdAt,
			createdBy: user.name,
			expiresAt: apiToken.expiresAt,
			revokedAt: apiToken.revokedAt,
			lastUsedAt: apiToken.lastUsedAt,
			useCount: apiToken.useCount
		})
		.from(apiToken)
		.leftJoin(user, eq(user.id, apiToken.createdBy))
		.orderBy(desc(apiToken.createdAt), desc(apiToken.id));
	return rows.map((r) => ({ ...r, state: stateOf(r, now) }));
}

function stateOf(t: { revokedAt: Date | null; expiresAt: Date }, now: Date): TokenState {
	if (t.revokedAt) return 'revoked';
	return t.expiresAt.getTime() <= now.getTime() ? 'expired' : 'active';
}

/** Who a request with a valid token is. */
export interface TokenPrincipal {
	tokenId: number;
	name: string;
	prefix: string;
	scopes: ApiScope[];
	/** The actor its writes are recorded as (tokenActor). */
	actor: Actor;
}

export type TokenCheck = { ok: true; principal: TokenPrincipal } | { ok: false; reason: 'missing' | 'invalid' | 'expired' | 'revoked' };

/**
 * The `Authorization` header's bearer token, checked: unknown, malformed, expired or revoked tokens
 * are refused with the reason (the API answers 401 to each). A valid one counts as used now.
 */
export async function authenticateToken(db: Db, authorization: string | null, now: Date): Promise<TokenCheck> {
	const match = authorization?.match(/^Bearer[ \t]+(\S+)\s*$/i);
	if (!match) return { ok: false, reason: 'missing' };
	if (!TOKEN.test(match[1])) return { ok: false, reason: 'invalid' };
	const [row] = await db.select().from(apiToken).where(eq(apiToken.secretHash, hashApiToken(match[1])));
	if (!row) return { ok: false, reason: 'invalid' };
	const state = stateOf(row, now);
	if (state !== 'active') return { ok: false, reason: state };
	await db.update(apiToken).set({ lastUsedAt: now, useCount: sql`${apiToken.useCount} + 1` }).where(eq(apiToken.id, row.id));
	return { ok: true, principal: { tokenId: row.id, name: row.name, prefix: row.prefix, scopes: row.scopes as ApiScope[], actor: tokenActor(row) } };
}

/**
 * The actor of a token's writes: the admin who created it (the services' account columns name
 * accounts), with `apiTokenId`, which recordAudit writes into every entry's details.
 */
export function tokenActor(row: { id: number; createdBy: string; prefix: string }): Actor {
	return { id: row.createdBy, email: `api-token:${row.prefix}`, apiTokenId: row.id };
}

export function hasScope(principal: TokenPrincipal, scope: ApiScope): boolean {
	return principal.scopes.includes(scope);
}

const REFUSED: Record<'invalid' | 'expired' | 'revoked', { code: string; key: string }> = {
	invalid: { code: 'token_invalid', key: 'api_problem_token_invalid' },
	expired: { code: 'token_expired', key: 'api_problem_token_expired' },
	revoked: { code: 'token_revoked', key: 'api_problem_token_revoked' }
};

/**
 * The API's authentication (auth.ts `authenticate`): no `Authorization: Bearer` header → null (the
 * handler answers 401 `unauthorized`); a token sent but unknown, expired or revoked → a 401 problem
 * saying which (`token_invalid`, `token_expired`, `token_revoked`) in the request's language; a valid
 * one → the caller, counted as used.
 */
export async function authenticateRequest(request: Request, ctx: { db: Db; now: Date }): Promise<ApiActor | null> {
	const check = await authenticateToken(ctx.db, request.headers.get('authorization'), ctx.now);
	if (check.ok) {
		const p = check.principal;
		return { kind: 'token', tokenId: p.tokenId, name: p.name, scopes: p.scopes, audit: p.actor };
	}
	if (check.reason === 'missing') return null;
	const { code, key } = REFUSED[check.reason];
	throw problem(401, code, localText(key), undefined, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
}
