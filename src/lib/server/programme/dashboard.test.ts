import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { mailOutbox, registration } from '../db/schema/registration.ts';
import { organisation } from '../db/schema/organisations.ts';
import { loadDemoProgramme } from './demo.ts';
import { loadProjectTreeBySlug } from './tree.ts';
import { getDashboard, NEXT_SESSIONS } from './dashboard.ts';
import * as reg from '../registration/commands.ts';

// The demo's current project has its workshop on 4/5 December 2026 (25 places) and an online evening later.
const NOW = new Date('2026-11-28T10:00:00Z');
let database: Database;
let workshopId = 0;

beforeAll(async () => {
	database = await openTestDatabase();
	await loadDemoProgramme(database.db, NOW);
	const tree = (await loadProjectTreeBySlug(database.db, 'digit-ready-iii'))!;
	workshopId = tree.items[0].id;
	const env: reg.Env = { db: database.db, now: NOW, origin: 'http://localhost:3000', secret: 's', holdHours: 48 };
	const person = (n: number) => ({ itemId: workshopId, sessionId: null, name: `Person ${n}`, email: `p${n}@example.org`, organisationId: null, organisationName: n === 1 ? 'Neuer Verein' : '', language: 'de', needs: '', photoConsent: false });
	// Three unconfirmed registrations (held), one of them confirmed by its link.
	const first = await reg.registerParticipant(env, person(1));
	await reg.registerParticipant(env, person(2));
	await reg.registerParticipant(env, person(3));
	// Confirmed as its link would (the token only travels in the mail).
	await database.db.update(registration).set({ status: 'confirmed', emailConfirmedAt: NOW }).where(eq(registration.id, first.registration.id));
	await database.db.update(mailOutbox).set({ status: 'failed' }).where(eq(mailOutbox.to, 'p3@example.org'));
});
afterAll(() => database?.close());

describe('the dashboard', () => {
	it('puts the current project first, then the others, the most recent first', async () => {
		const d = await getDashboard(database.db, NOW);
		expect(d.projects.map((p) => [p.name, p.current])).toEqual([
			['Digit-Ready III (fiktiv)', true],
			['Digit-Ready II', false],
			['Digit-Ready I', false]
		]);
		expect(d.projects[0].nextSessionAt?.toISOString()).toBe('2026-12-04T09:00:00.000Z');
		expect(d.projects[0].registrations).toEqual({ confirmed: 1, unconfirmed: 2, waitlisted: 0 });
		expect(d.projects[1].registrations).toEqual({ confirmed: 0, unconfirmed: 0, waitlisted: 0 });
	});

	it('counts each project’s findings per severity, the old seed mistakes with their project', async () => {
		const d = await getDashboard(database.db, NOW);
		const [current, two] = d.projects;
		expect(current.errors).toBe(0);
		expect(two.errors).toBeGreaterThan(0);
		expect(two.errors + two.warnings).toBe(two.findings.length + two.moreFindings);
		expect(two.findings.map((f) => f.code)).toContain('session_outside_runtime');
		expect(current.findings.map((f) => f.code)).not.toContain('session_outside_runtime');
	});

	it('lists the next sessions soonest first with registrations and free places', async () => {
		const d = await getDashboard(database.db, NOW);
		expect(d.nextSessions.length).toBeLessThanOrEqual(NEXT_SESSIONS);
		const [friday, saturday] = d.nextSessions;
		expect(friday).toMatchObject({ itemId: workshopId, itemTitle: '1. Workshop: Der digitale Verein', projectName: 'Digit-Ready III (fiktiv)', city: 'Köln', taken: 3, confirmed: 1, capacity: 25, free: 22, online: false });
		// The whole workshop is one registration: both days show the same places.
		expect(saturday).toMatchObject({ itemId: workshopId, taken: 3, free: 22 });
		expect(friday.startsAt < saturday.startsAt).toBe(true);
		expect(d.nextSessions.every((s) => s.endsAt >= NOW)).toBe(true);
		expect(d.nextSessions.find((s) => s.online)).toMatchObject({ capacity: 60, free: 60 });
	});

	it('shows what waits for the team: unconfirmed registrations, new organisations, mails', async () => {
		const d = await getDashboard(database.db, NOW);
		expect(d.waiting).toEqual([{ itemId: workshopId, itemTitle: '1. Workshop: Der digitale Verein', projectName: 'Digit-Ready III (fiktiv)', held: 2, awaitingApproval: 0, waitlisted: 0 }]);
		expect(d.totals).toEqual({ held: 2, awaitingApproval: 0, waitlisted: 0, unconfirmedOrganisations: 1 });
		// Three confirmation mails: one failed, two still waiting.
		expect(d.outbox).toEqual({ queued: 2, failed: 1 });
	});

	it('after the last session no project is current and nothing is next', async () => {
		const later = new Date('2030-01-01T00:00:00Z');
		await database.db.update(organisation).set({ confirmed: true });
		const d = await getDashboard(database.db, later);
		expect(d.projects.every((p) => !p.current)).toBe(true);
		// The most recent first: the fictional project's sessions are the latest.
		expect(d.projects[0].name).toBe('Digit-Ready III (fiktiv)');
		expect(d.nextSessions).toEqual([]);
		expect(d.waiting).toEqual([]);
		expect(d.totals.unconfirmedOrganisations).toBe(0);
	});
});
