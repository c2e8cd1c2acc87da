/**
 * Sends due webhook deliveries, following the Standard Webhooks specification: a POST of
 * `{ type, timestamp, data }` with `webhook-id` (the event's message id, the same on every attempt
 * and replay), `webhook-timestamp` (seconds, when this attempt is sent) and `webhook-signature`
 * (`v1,<base64 HMAC-SHA256 of id.timestamp.body>`, made by the `standardwebhooks` package; during
 * a secret rotation a second signature with the previous secret follows, space-separated).
 *
 * Like the mail outbox: due deliveries are claimed in one short transaction (FOR UPDATE SKIP
 * LOCKED and a lease in `claimed_until`), sent outside any transaction with a timeout and a bounded
 * number in flight, and each outcome is recorded by one short update fenced by the lease. Several
 * instances never send one attempt twice at once; a worker that died mid-send leaves its claim to
 * others when the lease runs out (at least once).
 *
 * Outcomes: a 2xx answer delivers; 410 Gone fails the delivery and disables the endpoint; anything
 * else (another status, a redirect, a timeout, a refused connection) retries after a pause that
 * doubles from one minute up to twelve hours, until three days after the event (`give_up_at`).
 */
import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import type { Db } from '../db/client.ts';
import { webhookDelivery, webhookEndpoint, webhookEvent } from '../db/schema/webhooks.ts';
import { recordAudit } from '../audit/record.ts';
import { resourcePath } from '../../webhooks/events.ts';

/** Pause after the n-th failed attempt (1-based): 1, 2, 4 … minutes, at most 12 hours. */
export function retryPauseMs(attempt: number): number {
	return Math.min(60_000 * 2 ** Math.max(0, attempt - 1), 12 * 3_600_000);
}

const LEASE_MS = 5 * 60_000;
const BATCH_SIZE = 20;
/** A run stops claiming new batches after this, well inside the job's expiry (jobs/queue.ts). */
const RUN_BUDGET_MS = 45_000;
const ERROR_LENGTH = 300;

export interface DeliverOptions {
	/** The public origin: the payload's `url` is this plus the resource path. */
	origin: string;
	now: Date;
	/** Per request, default 10 s (connect, headers and body). */
	timeoutMs?: number;
	/** Requests in flight at once, default 5. */
	concurrency?: number;
	limit?: number;
}

/** The request body of an event: the same bytes on every attempt (the data is stored, the origin configured). */
export function eventBody(event: { type: string; data: Record<string, unknown>; createdAt: Date }, origin: string): string {
	return JSON.stringify({ type: event.type, timestamp: event.createdAt.toISOString(), data: { ...event.data, url: `${origin}${resourcePath(event.type, event.data)}` } });
}

/** The `webhook-signature` value: one `v1,…` per secret that signs now (the current, and the previous during a rotation). */
export function signatureHeader(secrets: string[], messageId: string, sentAt: Date, body: string): string {
	return secrets.map((s) => new Webhook(s).sign(messageId, sentAt, body)).join(' ');
}

type Claimed = {
	id: number;
	attempts: number;
	giveUpAt: Date;
	endpointId: number;
	url: string;
	secrets: string[];
	messageId: string;
	body: string;
};

async function claimDue(db: Db, origin: string, now: Date, lease: Date, limit: number): Promise<Claimed[]> {
	const ids = await db.transaction(async (tx) => {
		const due = await tx
			.select({ id: webhookDelivery.id })
			.from(webhookDelivery)
			.innerJoin(webhookEndpoint, eq(webhookEndpoint.id, webhookDelivery.endpointId))
			.where(
				and(
					eq(webhookDelivery.status, 'pending'),
					lte(webhookDelivery.nextAttemptAt, now),
					or(isNull(webhookDelivery.claimedUntil), lte(webhookDelivery.claimedUntil, now)),
					eq(webhookEndpoint.enabled, true)
				)
			)
			.orderBy(asc(webhookDelivery.nextAttemptAt), asc(webhookDelivery.id))
			.limit(limit)
			.for('update', { of: webhookDelivery, skipLocked: true });
		if (!due.length) return [];
		await tx
			.update(webhookDelivery)
			.set({ claimedUntil: lease })
			.where(inArray(webhookDelivery.id, due.map((d) => d.id)));
		return due.map((d) => d.id);
	});
	if (!ids.length) return [];
	const rows = await db
		.select({ delivery: webhookDelivery, endpoint: webhookEndpoint, event: webhookEvent })
		.from(webhookDelivery)
		.innerJoin(webhookEndpoint, eq(webhookEndpoint.id, webhookDelivery.endpointId))
		.innerJoin(webhookEvent, eq(webhookEvent.id, webhookDelivery.eventId))
		.where(inArray(webhookDelivery.id, ids))
		.orderBy(asc(webhookDelivery.id));
	return rows.map(({ delivery, endpoint, event }) => ({
		id: delivery.id,
		attempts: delivery.attempts,
		giveUpAt: delivery.giveUpAt,
		endpointId: endpoint.id,
		url: endpoint.url,
		secrets: [endpoint.secret, ...(endpoint.previousSecret && endpoint.previousSecretUntil && endpoint.previousSecretUntil > now ? [endpoint.previousSecret] : [])],
		messageId: event.messageId,
		body: eventBody(event, origin)
	}));
}

type Attempt = { status: number | null; durationMs: number; error: string | null };

/** One POST, no database access. Never throws: a failure is an attempt without status. */
async function post(d: Claimed, timeoutMs: number): Promise<Attempt> {
	const started = performance.now();
	// The timestamp is when this request leaves (receivers reject old ones), not the run's `now`.
	const sentAt = new Date();
	try {
		const res = await fetch(d.url, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				'user-agent': 'Bildungsturbo-Webhooks/1',
				'webhook-id': d.messageId,
				'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
				'webhook-signature': signatureHeader(d.secrets, d.messageId, sentAt, d.body)
			},
			body: d.body,
			// A redirect is a failure (the spec's advice): the signed request goes where it was registered, or nowhere.
			redirect: 'manual',
			signal: AbortSignal.timeout(timeoutMs)
		});
		const text = res.ok ? (await res.body?.cancel(), '') : (await res.text()).slice(0, ERROR_LENGTH);
		const durationMs = Math.round(performance.now() - started);
		return { status: res.status, durationMs, error: res.ok ? null : `HTTP ${res.status}${text.trim() ? `: ${text.trim()}` : ''}` };
	} catch (e) {
		const cause = (e as { cause?: { code?: string; message?: string } }).cause;
		const message = e instanceof Error && e.name === 'TimeoutError' ? `timeout after ${timeoutMs} ms` : (cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e)));
		return { status: null, durationMs: Math.round(performance.now() - started), error: message.slice(0, ERROR_LENGTH) };
	}
}

/** Records an attempt while our lease still holds; a 410 also disables the endpoint (with an audit entry). */
async function record(db: Db, d: Claimed, lease: Date, attempt: Attempt, now: Date): Promise<'succeeded' | 'retry' | 'failed'> {
	const attempts = d.attempts + 1;
	const ok = attempt.status !== null && attempt.status >= 200 && attempt.status < 300;
	const gone = attempt.status === 410;
	const next = new Date(now.getTime() + retryPauseMs(attempts));
	const outcome = ok ? 'succeeded' : gone || next > d.giveUpAt ? 'failed' : 'retry';
	await db.transaction(async (tx) => {
		const [row] = await tx
			.update(webhookDelivery)
			.set({
				status: outcome === 'retry' ? 'pending' : outcome,
				attempts,
				lastAttemptAt: now,
				lastStatus: attempt.status,
				lastDurationMs: attempt.durationMs,
				lastError: attempt.error,
				nextAttemptAt: outcome === 'retry' ? next : now,
				deliveredAt: ok ? now : null,
				claimedUntil: null
			})
			.where(and(eq(webhookDelivery.id, d.id), eq(webhookDelivery.claimedUntil, lease)))
			.returning({ id: webhookDelivery.id });
		if (!row || !gone) return;
		const [off] = await tx
			.update(webhookEndpoint)
			.set({ enabled: false, disabledReason: 'gone', updatedAt: now })
			.where(and(eq(webhookEndpoint.id, d.endpointId), eq(webhookEndpoint.enabled, true)))
			.returning({ id: webhookEndpoint.id });
		if (off) await recordAudit(tx, null, 'webhook.gone', { type: 'webhook_endpoint', id: d.endpointId }, now, { deliveryId: d.id });
	});
	return outcome;
}

/**
 * Sends up to `limit` due deliveries of enabled endpoints. Returns how many were delivered, will be
 * retried, and failed for good in this run.
 */
export async function deliverDueWebhooks(db: Db, opts: DeliverOptions): Promise<{ succeeded: number; retry: number; failed: number }> {
	const { origin, now } = opts;
	const timeoutMs = opts.timeoutMs ?? 10_000;
	const concurrency = Math.max(1, opts.concurrency ?? 5);
	const lease = new Date(now.getTime() + LEASE_MS);
	const counts = { succeeded: 0, retry: 0, failed: 0 };
	const started = performance.now();
	let left = opts.limit ?? 500;
	while (left > 0 && performance.now() - started < RUN_BUDGET_MS) {
		const batch = await claimDue(db, origin, now, lease, Math.min(BATCH_SIZE, left));
		if (!batch.length) break;
		left -= batch.length;
		let next = 0;
		const worker = async () => {
			while (next < batch.length) {
				const d = batch[next++];
				counts[await record(db, d, lease, await post(d, timeoutMs), now)]++;
			}
		};
		await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, worker));
	}
	return counts;
}

/** Finished deliveries are kept this long for the log; then they go, and events left without deliveries. */
export const LOG_KEEP_DAYS = 30;

export async function purgeWebhookLog(db: Db, now: Date): Promise<void> {
	const before = new Date(now.getTime() - LOG_KEEP_DAYS * 86_400_000);
	await db.delete(webhookDelivery).where(and(inArray(webhookDelivery.status, ['succeeded', 'failed']), lte(webhookDelivery.lastAttemptAt, before)));
	await db
		.delete(webhookEvent)
		.where(and(lte(webhookEvent.createdAt, before), sql`not exists (select 1 from ${webhookDelivery} where ${webhookDelivery.eventId} = ${webhookEvent.id})`));
}
