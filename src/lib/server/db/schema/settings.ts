/**
 * Settings of the installation that the team edits in the backoffice. One row (id 1). The legal
 * notice (Impressum) and the privacy notice are filled from `legal`; the provider's branding from
 * `branding` and `logo`. A change of the row raises public_version (drizzle/0017), so cached public
 * pages show it at once; later, when several providers
 * share an installation, these move to the provider.
 */
import { check, customType, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { LegalSettings } from '../../../settings/legal.ts';
import type { BrandingSettings } from '../../../settings/branding.ts';

/** Raw bytes. PGlite reads them back as Uint8Array, postgres.js as Buffer: both are Uint8Array. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

export const siteSettings = pgTable(
	'site_settings',
	{
		id: integer('id').primaryKey().default(1),
		legal: jsonb('legal').$type<Partial<LegalSettings>>().notNull().default({}),
		/** The provider's name, accent colour and footer contact; null until set (or the demo's). */
		branding: jsonb('branding').$type<Partial<BrandingSettings>>(),
		/**
		 * The provider's logo (PNG or JPEG, at most 256 KB), in the database so that every instance
		 * serves it; `logo_hash` (sha256, hex) versions its public URL and is its ETag.
		 */
		logo: bytea('logo'),
		logoType: text('logo_type'),
		logoHash: text('logo_hash'),
		updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
		updatedBy: text('updated_by')
	},
	(t) => [check('site_settings_single_row', sql`${t.id} = 1`)]
);
