/**
 * API tokens for the token-authenticated part of /api/v1 (src/lib/server/api/tokens.ts). An admin
 * creates one in the backoffice; the token itself (`bt_<prefix>_<secret>`) is shown once and only
 * its SHA-256 is stored. Every use raises `useCount` and sets `lastUsedAt`; every write it makes
 * leaves the service's own audit entry, which names the token (details.apiToken).
 */
import { index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { user } from './auth.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const apiToken = pgTable(
	'api_token',
	{
		id: serial('id').primaryKey(),
		/** What the admin calls it ("CRM des Trägers"). */
		name: text('name').notNull(),
		/** The token's public part (after `bt_`): shown in the list so a token in a config file can be recognised. */
		prefix: text('prefix').notNull(),
		/** SHA-256 (hex) of the whole token. The secret part has 256 bits of entropy: no slow hash needed. */
		secretHash: text('secret_hash').notNull(),
		/** `<domain>:read` / `<domain>:write` (tokens.ts, API_SCOPES). */
		scopes: text('scopes').array().notNull(),
		/** The admin who created it: writes made with the token are theirs in the audit log, marked with the token. */
		createdBy: text('created_by')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		createdAt: ts('created_at').notNull(),
		expiresAt: ts('expires_at').notNull(),
		revokedAt: ts('revoked_at'),
		revokedBy: text('revoked_by').references(() => user.id, { onDelete: 'set null' }),
		lastUsedAt: ts('last_used_at'),
		/** Requests made with it (reads and writes), counted instead of an audit row per read. */
		useCount: integer('use_count').notNull().default(0)
	},
	(t) => [uniqueIndex('api_token_hash_idx').on(t.secretHash), uniqueIndex('api_token_prefix_idx').on(t.prefix), index('api_token_created_idx').on(t.createdAt)]
);
