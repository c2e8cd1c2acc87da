/**
 * One association per consultation slot across app instances: two servers on one PostgreSQL
 * database, 200 bookings of one slot for 200 associations posted to both at once through the
 * team's booking form. Exactly one booking; every other request is answered with the sentence that
 * the slot is taken, never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startInstance, type AppInstance } from './app-instance.ts';
import { openTestDatabase } from '../../src/lib/server/testing/db.ts';
import type { Database } from '../../src/lib/server/db/client.ts';
import { consultationBooking } from '../../src/lib/server/db/schema/consultation.ts';
import { organisation } from '../../src/lib/server/db/schema/organisations.ts';
import { makeOffer, makeSlot } from '../../src/lib/server/consultation/test-fixtures.ts';

if (!process.env.TEST_DATABASE_URL) throw new Error('These tests need TEST_DATABASE_URL (a PostgreSQL server).');

const ADMIN = { email: 'team-last@example.org', password: 'zwei-instanzen-passwort' };
let database: Database;
const instances: AppInstance[] = [];
const bases: string[] = [];
let itemId = 0;
let slotId = 0;
const organisationIds: number[] = [];

beforeAll(async () => {
	database = await openTestDatabase();
	// One after the other: the second finds the first admin made by the first.
	for (let i = 0; i < 2; i++) {
		const instance = await startInstance(database.url!, { LOAD_DEMO: 'false', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, BETTER_AUTH_SECRET: 'shared-secret-for-both-instances' });
		instances.push(instance);
		bases.push(instance.base);
	}
	// After the start: the first instance made the team's admin in the empty database.
	const now = new Date();
	const offer = await makeOffer(database.db, now);
	itemId = offer.itemId;
	slotId = (await makeSlot(database.db, now, offer.track.id, offer.consultant.id, 24 * 7)).id;
	const rows = await database.db
		.insert(organisation)
		.values(Array.from({ length: 200 }, (_, i) => ({ name: `Lastverein ${i} e.V.`, confirmed: true })))
		.returning({ id: organisation.id });
	organisationIds.push(...rows.map((r) => r.id));
});

afterAll(async () => {
	await Promise.all(instances.map((i) => i.stop()));
	await database?.close();
});

/** Signs the team in on one instance; the session (in the shared database) is valid on both. */
async function staffCookie(base: string): Promise<string> {
	const res = await fetch(`${base}/admin/anmelden`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base, Accept: 'text/html' },
		body: new URLSearchParams(ADMIN)
	});
	const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
	if (res.status !== 303 || !cookies.length) throw new Error(`sign-in failed: ${res.status}\n${await res.text()}`);
	return cookies.join('; ');
}

describe('two app instances on one PostgreSQL database', () => {
	it('200 parallel bookings of one slot for 200 associations: exactly one booking, every request answered', async () => {
		const cookie = await staffCookie(bases[0]);
		const responses = await Promise.all(
			organisationIds.map(async (organisationId, i) => {
				const base = bases[i % 2];
				const body = new URLSearchParams({
					slotId: String(slotId),
					organisationId: String(organisationId),
					topic: 'Mitgliederverwaltung',
					language: 'de',
					needs: '',
					'attendees.0.name': `Person ${i}`,
					'attendees.0.email': `person${i}@example.org`
				});
				const res = await fetch(`${base}/admin/beratung/${itemId}?buchen=${slotId}&/book`, {
					method: 'POST',
					redirect: 'manual',
					headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base, Cookie: cookie, Accept: 'text/html' },
					body
				});
				return { status: res.status, html: await res.text() };
			})
		);
		// One booked (the form redirects), 199 refused with the page and its sentence (409 Conflict), none failed.
		expect(responses.filter((r) => r.status >= 500).map((r) => r.status)).toEqual([]);
		expect(responses.filter((r) => r.status === 303)).toHaveLength(1);
		const refused = responses.filter((r) => r.status === 409);
		expect(refused).toHaveLength(199);
		expect(refused.every((r) => r.html.includes('Dieser Termin ist gerade vergeben worden.'))).toBe(true);
		const bookings = await database.db.select().from(consultationBooking).where(eq(consultationBooking.slotId, slotId));
		expect(bookings.filter((b) => b.state === 'booked')).toHaveLength(1);
		expect(bookings).toHaveLength(1);
	});
});
