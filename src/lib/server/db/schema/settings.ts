/**
 * Settings of the installation that the team edits in the backoffice. One row (id 1). The legal
 * notice (Impressum) and the privacy notice are filled from `legal`; later, when several providers
 * share an installation, these move to the provider.
 */
import { check, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { LegalSettings } from '../../../settings/legal.ts';

export const siteSettings = pgTable(
	'site_settings',
	{
		id: integer('id').primaryKey().default(1),
		legal: jsonb('legal').$type<Partial<LegalSettings>>().notNull().default({}),
		updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
		updatedBy: text('updated_by')
	},
	(t) => [check('site_settings_single_row', sql`${t.id} = 1`)]
);
