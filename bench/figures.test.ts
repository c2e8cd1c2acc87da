/**
 * `npm run bench:figures` (with TEST_DATABASE_URL=postgres://… for PostgreSQL): a project's funder figures (reports/figures.ts projectFigures) for a
 * project with 2,000 registrations and 200 sessions, against the read of the same project's public
 * page (programme/public.ts getPublicProject, what /projekte/<slug> loads), in the same run,
 * alternating, printed as a ratio, with the goal of issue 11: figures in ≤ 1 s on PostgreSQL.
 * Embedded database (PGlite) by default; on PostgreSQL with TEST_DATABASE_URL (a fresh database is
 * created there and dropped afterwards, testing/db.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../src/lib/server/testing/db.ts';
import type { Database } from '../src/lib/server/db/client.ts';
import { programmeItem, project, session } from '../src/lib/server/db/schema/programme.ts';
import { attendance, certificate, registration } from '../src/lib/server/db/schema/registration.ts';
import { organisation } from '../src/lib/server/db/schema/organisations.ts';
import { consultationBooking, consultationOffer, consultationSlot, consultationTrack } from '../src/lib/server/db/schema/consultation.ts';
import { projectFigures } from '../src/lib/server/reports/figures.ts';
import { getPublicProject } from '../src/lib/server/programme/public.ts';

const NOW = new Date('2028-01-15T10:00:00Z');
const ITEMS = 20;
const SESSIONS_PER_ITEM = 10;
const REGISTRATIONS_PER_ITEM = 100;
let database: Database;
let projectId = 0;
const times: Record<string, number[]> = { figures: [], page: [] };

async function seed() {
	const db = database.db;
	const [p] = await db.insert(project).values({ slug: 'bench', title: { de: 'Bench' }, phaseName: 'Bench', runtimeStart: '2027-01-01', runtimeEnd: '2027-12-31', status: 'published' }).returning();
	projectId = p.id;
	const orgs = await db.insert(organisation).values(Array.from({ length: 60 }, (_, i) => ({ name: `Bench-Verein ${i}`, confirmed: true }))).returning({ id: organisation.id });
	for (let i = 0; i < ITEMS; i++) {
		const [item] = await db.insert(programmeItem).values({ projectId, position: i, number: i + 1, title: { de: `Workshop ${i + 1}` }, registrationOpen: true, capacity: 200 }).returning();
		const sessions = await db
			.insert(session)
			.values(
				Array.from({ length: SESSIONS_PER_ITEM }, (_, k) => {
					const start = new Date(Date.UTC(2027, (i + k) % 12, 1 + ((i * 3 + k) % 27), 8));
					return { itemId: item.id, startsAt: start, endsAt: new Date(start.getTime() + 3 * 3_600_000), city: k % 3 === 0 ? '' : ['Köln', 'Berlin', 'München', 'Stuttgart'][(i + k) % 4] };
				})
			)
			.returning({ id: session.id });
		// 1,500 distinct people over 2,000 registrations: a quarter come to a second item.
		const regs = await db
			.insert(registration)
			.values(
				Array.from({ length: REGISTRATIONS_PER_ITEM }, (_, r) => {
					const person = (i * REGISTRATIONS_PER_ITEM + r) % 1500;
					return { itemId: item.id, status: r % 20 === 0 ? ('cancelled' as const) : ('confirmed' as const), name: `P${person}`, email: `p${person}@example.org`, organisationId: orgs[person % orgs.length].id, privacyVersion: '1', privacyAcceptedAt: NOW, confirmTokenHash: `bench-${i}-${r}`, confirmExpiresAt: NOW };
				})
			)
			.returning({ id: registration.id, status: registration.status });
		const marks = regs.filter((r) => r.status === 'confirmed').flatMap((r, n) => sessions.map((s, k) => ({ registrationId: r.id, sessionId: s.id, present: (n + k) % 5 !== 0, markedAt: NOW })));
		for (let k = 0; k < marks.length; k += 500) await db.insert(attendance).values(marks.slice(k, k + 500));
		await db.insert(certificate).values(regs.filter((r) => r.status === 'confirmed').slice(0, 50).map((r) => ({ registrationId: r.id, code: `b-${r.id}`, name: 'P', itemTitle: 'W', attended: 8, total: 10, issuedAt: NOW })));
	}
	const [item] = await db.insert(programmeItem).values({ projectId, position: ITEMS, kind: 'consultation_series', format: 'online', title: { de: 'Beratung' } }).returning();
	const [offer] = await db.insert(consultationOffer).values({ itemId: item.id, createdAt: NOW, updatedAt: NOW }).returning();
	const [track] = await db.insert(consultationTrack).values({ offerId: offer.id, title: { de: 'Beratung' }, createdAt: NOW, updatedAt: NOW }).returning();
	const slots = await db
		.insert(consultationSlot)
		.values(Array.from({ length: 80 }, (_, k) => ({ trackId: track.id, startsAt: new Date(Date.UTC(2027, k % 12, 2 + (k % 25), 14)), endsAt: new Date(Date.UTC(2027, k % 12, 2 + (k % 25), 16)), createdAt: NOW, updatedAt: NOW })))
		.returning({ id: consultationSlot.id });
	await db.insert(consultationBooking).values(slots.slice(0, 60).map((s, k) => ({ slotId: s.id, organisationId: orgs[k % orgs.length].id, state: k % 6 === 0 ? ('no_show' as const) : ('held' as const), topic: 'T', attendees: [], createdAt: NOW, updatedAt: NOW })));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ROUNDS = Number(process.env.BENCH_ROUNDS) || 10;
const engine = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'embedded database (PGlite)';

describe(`funder figures, ${ITEMS * SESSIONS_PER_ITEM} sessions and ${ITEMS * REGISTRATIONS_PER_ITEM} registrations, ${engine}`, () => {
	beforeAll(async () => {
		database = await openTestDatabase();
		await seed();
	}, 600_000);
	afterAll(() => database?.close());

	it('computes the figures, alternating with the project page read, and prints the ratio', async () => {
		const time = async (key: string, fn: () => Promise<unknown>) => {
			const t0 = performance.now();
			const result = await fn();
			times[key].push(performance.now() - t0);
			return result;
		};
		const figures = () => projectFigures(database.db, projectId, null, NOW);
		const page = () => getPublicProject(database.db, 'bench', 'de', NOW);
		// Warm up (JIT, query plans), then measure both in turn, so that the machine's load hits both alike.
		await figures();
		await page();
		for (let round = 0; round < ROUNDS; round++) {
			await time('figures', figures);
			await time('page', page);
		}
		const f = await figures();
		// The seed as it is: 19 of every 20 registrations confirmed, of 1,500 people, 4 in 5 marks present.
		const people = new Set(Array.from({ length: ITEMS * REGISTRATIONS_PER_ITEM }, (_, n) => n).filter((n) => n % REGISTRATIONS_PER_ITEM % 20 !== 0).map((n) => n % 1500));
		expect([f.totals.sessions, f.totals.registrations, f.totals.participants, f.totals.attendanceRate]).toEqual([200, 1900, people.size, 0.8]);
		const fig = median(times.figures);
		const pg = median(times.page);
		console.log(
			`\nfunder figures on ${engine === "PostgreSQL" ? "PostgreSQL" : "the " + engine}, ${ROUNDS} rounds, medians: projectFigures ${fig.toFixed(0)} ms (goal ≤ 1000 ms on PostgreSQL) ${fig <= 1000 ? 'ok' : 'MISSED'}; ` +
				`the project page's read (getPublicProject) ${pg.toFixed(0)} ms; ratio figures / project page ${(fig / pg).toFixed(2)}\n`
		);
	}, 600_000);
});
