/**
 * Materials of a programme item: files (PDF, office documents, images, at most 2 MB) kept with the
 * data, listed on the public item page and in the handbook's programme chapter.
 */
import { index, integer, jsonb, pgTable, serial, text, timestamp, customType } from 'drizzle-orm/pg-core';
import type { Translatable } from '../../../content/translatable.ts';
import { user } from './auth.ts';
import { programmeItem } from './programme.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

export const itemMaterial = pgTable(
	'item_material',
	{
		id: serial('id').primaryKey(),
		itemId: integer('item_id')
			.notNull()
			.references(() => programmeItem.id, { onDelete: 'cascade' }),
		/** Per language like the item's title (German first). */
		title: jsonb('title').$type<Translatable>().notNull(),
		fileName: text('file_name').notNull(),
		contentType: text('content_type').notNull(),
		bytes: bytea('bytes').notNull(),
		size: integer('size').notNull(),
		/** sha256 of the bytes (64 hex digits); its first 16 name the download URL. */
		sha256: text('sha256').notNull(),
		uploadedBy: text('uploaded_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: ts('created_at').notNull(),
		position: integer('position').notNull().default(0)
	},
	(t) => [index('item_material_item_idx').on(t.itemId, t.position)]
);
