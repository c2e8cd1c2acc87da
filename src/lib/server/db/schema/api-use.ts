/**
 * One row per authenticated API request (api/token-use.ts): which token, when, the method, the
 * request's path without its query string (paths hold only ids and slugs), the answer's status and
 * the client as the rate limiter's keyed hash of its network (never the address). Kept 90 days
 * (USE_KEEP_DAYS), purged by the maintenance job. Refused unknown tokens have no row: the rate
 * limit counts them per address.
 */
import { index, integer, pgTable, serial, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import { apiToken } from './api.ts';

export const apiTokenUse = pgTable(
	'api_token_use',
	{
		id: serial('id').primaryKey(),
		tokenId: integer('token_id')
			.notNull()
			.references(() => apiToken.id, { onDelete: 'cascade' }),
		at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
		method: text('method').notNull(),
		/** `/api/v1/items/12/registrations`: the path only, never the query. */
		path: text('path').notNull(),
		status: smallint('status').notNull(),
		/** registration/limits.ts `clientKey`: HMAC of the IPv4 address or IPv6 /64. */
		clientKey: text('client_key').notNull()
	},
	(t) => [index('api_token_use_token_at_idx').on(t.tokenId, t.at.desc())]
);
