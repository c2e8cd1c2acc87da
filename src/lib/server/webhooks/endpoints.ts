/**
 * Webhook endpoints, managed by admins in the backoffice (/admin/webhooks). Each has its own secret
 * in Standard Webhooks form (`whsec_` + base64 of 32 random bytes), returned only by `createEndpoint`
 * and `rotateEndpointSecret` (shown once); reads never return it. Every change leaves an audit
 * entry in its transaction. Callers check that the actor is an admin (requireAdmin).
 * Throws DomainError `not_found`.
 */
import { randomBytes } from 'node:crypto';
import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { webhookDelivery, webhookEndpoint } from '../db/schema/webhooks.ts';
import { recordAudit, type Actor } from '../audit/record.ts';
import { DomainError } from '../errors.ts';
import type { EndpointInput } from '../../webhooks/forms.ts';

/** After a rotation the old secret keeps signing (a second signature) this long, so receivers can switch. */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

/** Plain http is accepted only to this machine and only on a local start (no PUBLIC_ORIGIN): development and tests. */
export function allowLocalHttp(config: { publicOriginConfigured: boolean }): boolean {
	return !config.publicOriginConfigured;
}

export function newSecret(): string {
	return `whsec_${randomBytes(32).toString('base64')}`;
}

const PUBLIC = {
	id: webhookEndpoint.id,
	url: webhookEndpoint.url,
	description: webhookEndpoint.description,
	events: webhookEndpoint.events,
	enabled: webhookEndpoint.enabled,
	disabledReason: webhookEndpoint.disabledReason,
	previousSecretUntil: webhookEndpoint.previousSecretUntil,
	createdAt: webhookEndpoint.createdAt,
	updatedAt: webhookEndpoint.updatedAt
};

export type EndpointSummary = Awaited<ReturnType<typeof listEndpoints>>[number];

/** Every endpoint (without secret) with its pending and failed deliveries and its last attempt. */
export async function listEndpoints(db: Db) {
	return db
		.select({
			...PUBLIC,
			pending: sql<number>`(select count(*)::int from ${webhookDelivery} d where d.endpoint_id = ${webhookEndpoint.id} and d.status = 'pending')`,
			failed: sql<number>`(select count(*)::int from ${webhookDelivery} d where d.endpoint_id = ${webhookEndpoint.id} and d.status = 'failed')`,
			lastStatus: sql<number | null>`(select d.last_status from ${webhookDelivery} d where d.endpoint_id = ${webhookEndpoint.id} and d.last_attempt_at is not null order by d.last_attempt_at desc limit 1)`
		})
		.from(webhookEndpoint)
		.orderBy(desc(webhookEndpoint.id));
}

/** One endpoint without its secret, or not_found. */
export async function getEndpoint(db: Db, id: number) {
	const [row] = await db.select(PUBLIC).from(webhookEndpoint).where(eq(webhookEndpoint.id, id));
	if (!row) throw new DomainError('not_found');
	return row;
}

export async function createEndpoint(db: Db, actor: Actor, input: EndpointInput, now: Date): Promise<{ id: number; secret: string }> {
	const secret = newSecret();
	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(webhookEndpoint)
			.values({ url: input.url, description: input.description, events: input.events, secret, enabled: true, createdAt: now, updatedAt: now })
			.returning({ id: webhookEndpoint.id });
		await recordAudit(tx, actor, 'webhook.created', { type: 'webhook_endpoint', id: row.id }, now, { events: input.events });
		return { id: row.id, secret };
	});
}

export async function updateEndpoint(db: Db, actor: Actor, id: number, input: EndpointInput, now: Date): Promise<void> {
	await db.transaction(async (tx) => {
		const [row] = await tx
			.update(webhookEndpoint)
			.set({ url: input.url, description: input.description, events: input.events, updatedAt: now })
			.where(eq(webhookEndpoint.id, id))
			.returning({ id: webhookEndpoint.id });
		if (!row) throw new DomainError('not_found');
		await recordAudit(tx, actor, 'webhook.updated', { type: 'webhook_endpoint', id }, now, { events: input.events });
	});
}

/**
 * Switches an endpoint on or off. Off: no new deliveries are made for it and its pending ones wait.
 * On again: they go out (each at least once, retried until its three days are over).
 */
export async function setEndpointEnabled(db: Db, actor: Actor, id: number, enabled: boolean, now: Date): Promise<void> {
	await db.transaction(async (tx) => {
		const [row] = await tx
			.update(webhookEndpoint)
			.set({ enabled, disabledReason: enabled ? null : 'admin', updatedAt: now })
			.where(eq(webhookEndpoint.id, id))
			.returning({ id: webhookEndpoint.id });
		if (!row) throw new DomainError('not_found');
		await recordAudit(tx, actor, enabled ? 'webhook.enabled' : 'webhook.disabled', { type: 'webhook_endpoint', id }, now);
	});
}

/** A new secret (returned once); the old one adds a second signature for ROTATION_OVERLAP_MS. */
export async function rotateEndpointSecret(db: Db, actor: Actor, id: number, now: Date): Promise<string> {
	const secret = newSecret();
	await db.transaction(async (tx) => {
		const [row] = await tx
			.update(webhookEndpoint)
			.set({ previousSecret: sql`${webhookEndpoint.secret}`, previousSecretUntil: new Date(now.getTime() + ROTATION_OVERLAP_MS), secret, updatedAt: now })
			.where(eq(webhookEndpoint.id, id))
			.returning({ id: webhookEndpoint.id });
		if (!row) throw new DomainError('not_found');
		await recordAudit(tx, actor, 'webhook.secret_rotated', { type: 'webhook_endpoint', id }, now);
	});
	return secret;
}

/** Deletes an endpoint with its delivery log. */
export async function deleteEndpoint(db: Db, actor: Actor, id: number, now: Date): Promise<void> {
	await db.transaction(async (tx) => {
		const [row] = await tx.delete(webhookEndpoint).where(eq(webhookEndpoint.id, id)).returning({ id: webhookEndpoint.id, url: webhookEndpoint.url });
		if (!row) throw new DomainError('not_found');
		await recordAudit(tx, actor, 'webhook.deleted', { type: 'webhook_endpoint', id }, now);
	});
}
