/**
 * The public programme's version: one row, raised at the commit of every transaction that changes
 * what public pages show (projects, items, sessions, meetings, places taken, confirmed
 * organisations, the legal settings). Database triggers raise it (the migration that creates this
 * table), so no write path can forget it; the page cache (src/lib/server/http/page-cache.ts) serves
 * stored pages only while the version it rendered them at is current.
 */
import { bigint, check, integer, pgTable } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

export const publicVersion = pgTable(
	'public_version',
	{
		id: integer('id').primaryKey().default(1),
		version: bigint('version', { mode: 'number' }).notNull().default(0),
		/** The transaction that raised it last: one raise per transaction, however many rows it wrote. */
		bumpedIn: bigint('bumped_in', { mode: 'number' }).notNull().default(0)
	},
	(t) => [check('public_version_single_row', sql`${t.id} = 1`)]
);
