/**
 * The demo's Digit-Ready II report: its figures against the demo data, computed here from the
 * loader's own data (demo-data.ts: the seed's days and series; consultation/demo.ts: the slots) and,
 * for the readiness change, from the stored answers through the pure scoring rules, not from the
 * report's code path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, inArray } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { assessmentResponse, assessmentRound } from '../db/schema/assessment.ts';
import { project } from '../db/schema/programme.ts';
import { loadDemoProgramme } from '../programme/demo.ts';
import { CONSULTATION_TRACKS, DEMO_PROJECTS, WORKSHOP_HOURS } from '../programme/demo-data.ts';
import { SEED_CONSULTATION_SLOTS } from '../consultation/demo.ts';
import { DEMO_COHORT_PROJECT, DEMO_ORGANISATIONS, loadAssessmentDemo } from '../assessment/demo.ts';
import { currentInstrument } from '../assessment/instrument.ts';
import { atLocalTime, generateSeries } from '../../programme/series.ts';
import { organisationResult } from '../../assessment/scoring.ts';
import { ZONE } from '../../programme/time.ts';
import { projectFigures } from './figures.ts';

const NOW = new Date('2026-12-02T09:00:00Z');
let database: Database;
let projectId = 0;

const demo = DEMO_PROJECTS.find((p) => p.slug === 'digit-ready-ii')!;
const hoursOf = (start: Date, end: Date) => (end.getTime() - start.getTime()) / 3_600_000;
const monthOf = (d: Date) => DateTime.fromJSDate(d, { zone: ZONE }).toFormat('yyyy-MM');
// Every session of the demo project as the loader creates it: the in-person days and the series.
const expectedSessions = demo.items.flatMap((item) =>
	item.series
		? generateSeries(item.series).map((g) => ({ start: g.startsAt, end: g.endsAt, city: '' }))
		: (item.days ?? []).map((d) => ({ start: atLocalTime(d.date, d.start ?? WORKSHOP_HOURS.start), end: atLocalTime(d.date, d.end ?? WORKSHOP_HOURS.end), city: d.city }))
);
const trackNames = new Set(CONSULTATION_TRACKS.map((t) => t.name));
const expectedSlots = generateSeries(SEED_CONSULTATION_SLOTS).filter((g) => trackNames.has(g.track));
const sum = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) * 100) / 100;

beforeAll(async () => {
	database = await openTestDatabase();
	await loadDemoProgramme(database.db, NOW);
	await loadAssessmentDemo(database.db, NOW);
	[{ id: projectId }] = await database.db.select({ id: project.id }).from(project).where(eq(project.slug, 'digit-ready-ii'));
});
afterAll(() => database?.close());

describe("the demo's Digit-Ready II figures", () => {
	it('match the demo data: the programme as it ran, the consultation slots, the cohort', async () => {
		const f = await projectFigures(database.db, projectId, null, NOW);
		// The seed's figures as a reader checks them: 11 workshop days of 7 h, 12 Wednesdays × 2 slots of 2 h, 10 × 2 consultation slots.
		expect([expectedSessions.length, expectedSlots.length]).toEqual([35, 20]);
		expect(f.totals).toEqual({
			items: demo.items.length,
			sessions: expectedSessions.length,
			sessionsInPerson: expectedSessions.filter((s) => s.city).length,
			sessionsOnline: expectedSessions.filter((s) => !s.city).length,
			hours: sum(expectedSessions.map((s) => hoursOf(s.start, s.end))),
			registrations: 0,
			cancelled: 0,
			participants: 0,
			attendees: 0,
			attendanceRate: null,
			noShows: 0,
			certificates: 0,
			organisations: 0,
			consultationSlotsOffered: expectedSlots.length,
			consultationsBooked: 0,
			consultationsHeld: 0,
			consultationNoShows: 0,
			consultationAssociations: 0,
			hoursOfAdvice: 0,
			cohortAssociations: DEMO_ORGANISATIONS.length
		});
		expect(f.totals.hours).toBe(11 * 7 + 24 * 2);
		expect(f.perItem.map((i) => i.sessions)).toEqual(demo.items.map((i) => (i.series ? generateSeries(i.series).length : (i.days ?? []).length)));
		const cities = [...new Set(expectedSessions.map((s) => s.city))];
		expect(Object.fromEntries(f.perCity.map((c) => [c.city, c.sessions]))).toEqual(Object.fromEntries(cities.map((c) => [c, expectedSessions.filter((s) => s.city === c).length])));
		const months = [...new Set([...expectedSessions.map((s) => monthOf(s.start)), ...expectedSlots.map((s) => monthOf(s.startsAt))])].sort();
		expect(f.perMonth.map((m) => [m.month, m.sessions, m.consultationSlotsOffered])).toEqual(
			months.map((month) => [month, expectedSessions.filter((s) => monthOf(s.start) === month).length, expectedSlots.filter((s) => monthOf(s.startsAt) === month).length])
		);
	});

	it("give the cohort's readiness change as the stored answers say", async () => {
		const db = database.db;
		const f = await projectFigures(db, projectId, null, NOW);
		expect(DEMO_COHORT_PROJECT).toBe('digit-ready-ii');
		const { content } = await currentInstrument(db);
		const rounds = await db.select().from(assessmentRound).orderBy(asc(assessmentRound.organisationId), asc(assessmentRound.number));
		const responses = await db.select().from(assessmentResponse).where(inArray(assessmentResponse.roundId, rounds.map((r) => r.id)));
		const resultOf = (roundId: number) => organisationResult(content.dimensions, responses.filter((r) => r.roundId === roundId).map((r) => r.answers));
		const orgIds = [...new Set(rounds.map((r) => r.organisationId))];
		expect(orgIds).toHaveLength(5);
		const perOrg = orgIds.map((id) => rounds.filter((r) => r.organisationId === id).map((r) => resultOf(r.id)));
		expect(f.readiness?.organisations).toBe(5);
		for (const d of content.dimensions) {
			const before = perOrg.map(([first]) => first.find((x) => x.key === d.key)!.score!);
			const after = perOrg.map(([, second]) => second.find((x) => x.key === d.key)!.score!);
			const mean = (xs: number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100;
			const got = f.readiness!.dimensions.find((x) => x.key === d.key)!;
			expect([got.before, got.after, got.change]).toEqual([mean(before), mean(after), mean(after.map((a, i) => a - before[i]))]);
		}
		// The demo's associations improve by the second round.
		expect(f.readiness!.overall!.change).toBeGreaterThan(0);
	});
});
