import { index, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One row per state change, written in the same transaction as the change (who, what, when).
 * People appear only by opaque ids (account id, registration id, a keyed hash), never by address
 * or name, so an entry outlives the person's data without holding any of it.
 */
export const auditEntry = pgTable(
	'audit_entry',
	{
		id: serial('id').primaryKey(),
		at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
		actorId: text('actor_id'),
		/** Stable dotted code, e.g. `project.updated`, `session.deleted`. */
		action: text('action').notNull(),
		entityType: text('entity_type').notNull(),
		entityId: text('entity_id').notNull(),
		details: jsonb('details').$type<Record<string, unknown>>().notNull().default({})
	},
	(t) => [index('audit_entity_idx').on(t.entityType, t.entityId), index('audit_at_idx').on(t.at)]
);

/** Small key/value facts about the installation (e.g. whether the demo was loaded). */
export const appMeta = pgTable('app_meta', {
	key: text('key').primaryKey(),
	value: text('value').notNull()
});
