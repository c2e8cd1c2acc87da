/**
 * The registration burst through the token API, shared by the PGlite test (one built server) and the
 * PostgreSQL one (two instances): a published item with 25 places and a write token, made on the
 * database before the servers start; 200 registrations posted at once; the answers and the rows.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db/client.ts';
import { user } from '../../src/lib/server/db/schema/auth.ts';
import { programmeItem, project } from '../../src/lib/server/db/schema/programme.ts';
import { registration } from '../../src/lib/server/db/schema/registration.ts';
import * as programme from '../../src/lib/server/programme/commands.ts';
import { createApiToken } from '../../src/lib/server/api/tokens.ts';

export const PLACES = 25;
export const REQUESTS = 200;

/** An admin, a write token and a published item with PLACES places whose one session is a month ahead. */
export async function seedBurst(db: Db, now = new Date()): Promise<{ itemId: number; token: string }> {
	const [admin] = await db.insert(user).values({ id: randomUUID(), email: `api-burst-${randomUUID().slice(0, 8)}@example.org`, name: 'API Admin', role: 'admin', emailVerified: true }).returning();
	const actor = { id: admin.id, email: admin.email };
	const p = await programme.createProject(
		db,
		actor,
		{ slug: `api-burst-${randomUUID().slice(0, 8)}`, phaseName: 'P', fundingProgramme: 'Bildungsturbo', funder: 'DSEE', runtimeStart: null, runtimeEnd: null, title: { de: 'API-Lasttest' }, description: {} },
		now
	);
	const item = await programme.createItem(
		db,
		actor,
		p.id,
		{ number: 1, kind: 'workshop', format: 'in_person', state: 'scheduled', stateNote: {}, registrationOpen: false, capacity: null, perSession: false, requiresApproval: false, title: { de: 'Workshop mit 25 Plätzen' }, description: {} },
		now
	);
	const day = new Date(now.getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
	await programme.createSession(db, actor, item.id, { date: day, startTime: '10:00', endTime: '16:00', city: 'Köln', address: '', track: '', meetingId: null, capacity: null }, now);
	await db.update(programmeItem).set({ registrationOpen: true, capacity: PLACES }).where(eq(programmeItem.id, item.id));
	await db.update(project).set({ status: 'published' }).where(eq(project.id, p.id));
	const expires = new Date(now.getTime() + 7 * 86_400_000).toISOString().slice(0, 10);
	const { token } = await createApiToken(db, actor, { name: 'Lasttest', scopes: ['registrations:write'], expires }, now);
	return { itemId: item.id, token };
}

/** REQUESTS registrations of different people, all sent at once, spread over `bases` in turn. */
export async function postBurst(bases: string[], itemId: number, token: string) {
	return Promise.all(
		Array.from({ length: REQUESTS }, async (_, i) => {
			const res = await fetch(`${bases[i % bases.length]}/api/v1/items/${itemId}/registrations`, {
				method: 'POST',
				headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
				body: JSON.stringify({ name: `Person ${i}`, email: `burst-${i}@example.org`, organisation_name: 'Lastverein e.V.', language: 'de', consent: { privacy: true, photos: false } })
			});
			return { status: res.status, body: (await res.json().catch(() => null)) as { data?: { status: string }; code?: string } | null };
		})
	);
}

export async function rowsOf(db: Db, itemId: number) {
	return db.select({ status: registration.status }).from(registration).where(eq(registration.itemId, itemId));
}
