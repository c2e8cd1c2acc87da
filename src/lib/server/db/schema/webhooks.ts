/**
 * Webhooks (src/lib/server/webhooks/): endpoints an admin registers, events written in the same
 * transaction as the change that causes them (the outbox of events), and one delivery per event
 * and subscribed endpoint, sent by the job queue with retries (Standard Webhooks).
 */
import { boolean, index, integer, jsonb, pgEnum, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const webhookEndpoint = pgTable('webhook_endpoint', {
	id: serial('id').primaryKey(),
	/** https://… (http only to localhost while the app runs locally: webhooks/endpoints.ts). */
	url: text('url').notNull(),
	/** What the admin calls it ("CRM", "Stadtkalender"). */
	description: text('description').notNull().default(''),
	/** Event types it receives (webhooks/events.ts, EVENT_TYPES). */
	events: text('events').array().notNull(),
	/**
	 * `whsec_<base64>` (Standard Webhooks). Kept in the clear: every delivery is signed with it. Shown
	 * to the admin once, when created or rotated.
	 */
	secret: text('secret').notNull(),
	/** After a rotation the old secret signs too (a second signature) until `previousSecretUntil`. */
	previousSecret: text('previous_secret'),
	previousSecretUntil: ts('previous_secret_until'),
	enabled: boolean('enabled').notNull().default(true),
	/** Why it is off: `admin` (switched off) or `gone` (it answered 410). */
	disabledReason: text('disabled_reason'),
	createdAt: ts('created_at').notNull(),
	updatedAt: ts('updated_at').notNull()
});

export const webhookEvent = pgTable(
	'webhook_event',
	{
		id: serial('id').primaryKey(),
		/** The `webhook-id` of every delivery and retry of this event: `msg_<hex>`. */
		messageId: text('message_id').notNull(),
		type: text('type').notNull(),
		/** Ids only, never personal data; the resource URL is added when sending (from the public origin). */
		data: jsonb('data').$type<Record<string, string | number | null>>().notNull(),
		createdAt: ts('created_at').notNull()
	},
	(t) => [uniqueIndex('webhook_event_message_idx').on(t.messageId), index('webhook_event_created_idx').on(t.createdAt)]
);

export const webhookDeliveryStatus = pgEnum('webhook_delivery_status', ['pending', 'succeeded', 'failed']);

export const webhookDelivery = pgTable(
	'webhook_delivery',
	{
		id: serial('id').primaryKey(),
		endpointId: integer('endpoint_id')
			.notNull()
			.references(() => webhookEndpoint.id, { onDelete: 'cascade' }),
		eventId: integer('event_id')
			.notNull()
			.references(() => webhookEvent.id, { onDelete: 'cascade' }),
		status: webhookDeliveryStatus('status').notNull().default('pending'),
		attempts: integer('attempts').notNull().default(0),
		nextAttemptAt: ts('next_attempt_at').notNull(),
		/** Retries stop here: three days after the event (or after a replay). */
		giveUpAt: ts('give_up_at').notNull(),
		/** The lease of the worker sending it (FOR UPDATE SKIP LOCKED claim); also its fencing token. */
		claimedUntil: ts('claimed_until'),
		lastAttemptAt: ts('last_attempt_at'),
		/** HTTP status of the last attempt; null when no answer came (timeout, refused connection). */
		lastStatus: integer('last_status'),
		lastDurationMs: integer('last_duration_ms'),
		lastError: text('last_error'),
		deliveredAt: ts('delivered_at'),
		createdAt: ts('created_at').notNull()
	},
	(t) => [
		uniqueIndex('webhook_delivery_event_endpoint_idx').on(t.eventId, t.endpointId),
		index('webhook_delivery_due_idx').on(t.status, t.nextAttemptAt),
		index('webhook_delivery_endpoint_idx').on(t.endpointId, t.id)
	]
);
