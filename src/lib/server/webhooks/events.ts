/**
 * The outbox of webhook events. `emitEvent` is called by a service inside the transaction of the
 * change it reports, so an event exists exactly when the change is committed (a rolled-back change
 * emits nothing). It writes the event and, in the same statement's transaction, one pending
 * delivery per enabled endpoint subscribed to the type; with no such endpoint it writes nothing.
 * Sending is delivery.ts, run by the job queue.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { webhookDelivery, webhookEndpoint, webhookEvent } from '../db/schema/webhooks.ts';
import type { EventData, EventType } from '../../webhooks/events.ts';

/** Retries of a delivery stop this long after its event (or its replay). */
export const RETRY_WINDOW_MS = 3 * 86_400_000;

/** A Standard Webhooks message id: the `webhook-id` of every attempt of every delivery of one event. */
export function newMessageId(): string {
	return `msg_${randomBytes(16).toString('hex')}`;
}

/**
 * Records `type` with `data` (ids only: lib/webhooks/events.ts) for every subscribed endpoint.
 * Endpoints are read FOR KEY SHARE: an endpoint deleted at the same moment is either seen and kept
 * until this commits, or not seen, so the change never fails on a vanished endpoint.
 */
export async function emitEvent<T extends EventType>(tx: Db | Tx, type: T, data: EventData[T], now: Date): Promise<void> {
	const subscribers = await tx
		.select({ id: webhookEndpoint.id })
		.from(webhookEndpoint)
		.where(and(eq(webhookEndpoint.enabled, true), sql`${type} = any(${webhookEndpoint.events})`))
		.for('key share');
	if (!subscribers.length) return;
	const [event] = await tx
		.insert(webhookEvent)
		.values({ messageId: newMessageId(), type, data: data as Record<string, string | number | null>, createdAt: now })
		.returning({ id: webhookEvent.id });
	const giveUpAt = new Date(now.getTime() + RETRY_WINDOW_MS);
	await tx
		.insert(webhookDelivery)
		.values(subscribers.map((s) => ({ endpointId: s.id, eventId: event.id, nextAttemptAt: now, giveUpAt, createdAt: now })));
}

/** The ids of a registration event, from the registration row. */
export function registrationRef(r: { id: number; itemId: number; sessionId: number | null }) {
	return { registration_id: r.id, item_id: r.itemId, session_id: r.sessionId };
}
