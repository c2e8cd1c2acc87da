/**
 * The delivery log of an endpoint (newest first, paginated) and replay. A replay sends the same
 * event again with the same `webhook-id` (receivers that already have it can drop it), at once,
 * and gives it a fresh three days of retries. Admins only (the caller checks).
 */
import { and, count, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { webhookDelivery, webhookEvent } from '../db/schema/webhooks.ts';
import { recordAudit, type Actor } from '../audit/record.ts';
import { DomainError } from '../errors.ts';
import { RETRY_WINDOW_MS } from './events.ts';

export const LOG_PAGE_SIZE = 25;

export async function listDeliveries(db: Db, endpointId: number, page: number) {
	const [{ total }] = await db.select({ total: count() }).from(webhookDelivery).where(eq(webhookDelivery.endpointId, endpointId));
	const pages = Math.max(1, Math.ceil(total / LOG_PAGE_SIZE));
	const current = Math.min(Math.max(1, page), pages);
	const rows = await db
		.select({
			id: webhookDelivery.id,
			messageId: webhookEvent.messageId,
			type: webhookEvent.type,
			eventAt: webhookEvent.createdAt,
			status: webhookDelivery.status,
			attempts: webhookDelivery.attempts,
			lastStatus: webhookDelivery.lastStatus,
			lastDurationMs: webhookDelivery.lastDurationMs,
			lastError: webhookDelivery.lastError,
			lastAttemptAt: webhookDelivery.lastAttemptAt,
			nextAttemptAt: webhookDelivery.nextAttemptAt,
			deliveredAt: webhookDelivery.deliveredAt
		})
		.from(webhookDelivery)
		.innerJoin(webhookEvent, eq(webhookEvent.id, webhookDelivery.eventId))
		.where(eq(webhookDelivery.endpointId, endpointId))
		.orderBy(desc(webhookDelivery.id))
		.limit(LOG_PAGE_SIZE)
		.offset((current - 1) * LOG_PAGE_SIZE);
	return { rows, total, page: current, pages };
}

/** Queues delivery `deliveryId` of endpoint `endpointId` again, due now; not_found for another endpoint's. */
export async function replayDelivery(db: Db, actor: Actor, endpointId: number, deliveryId: number, now: Date): Promise<void> {
	await db.transaction(async (tx) => {
		const [row] = await tx
			.update(webhookDelivery)
			.set({ status: 'pending', nextAttemptAt: now, giveUpAt: new Date(now.getTime() + RETRY_WINDOW_MS), claimedUntil: null })
			.where(and(eq(webhookDelivery.id, deliveryId), eq(webhookDelivery.endpointId, endpointId)))
			.returning({ id: webhookDelivery.id });
		if (!row) throw new DomainError('not_found');
		await recordAudit(tx, actor, 'webhook.replayed', { type: 'webhook_endpoint', id: endpointId }, now, { deliveryId });
	});
}
