import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { DEMO_COHORT_PROJECT, DEMO_ORGANISATIONS, loadAssessmentDemo, organisationIdByName } from './demo.ts';
import { loadDemoProgramme } from '../programme/demo.ts';
import { listCohorts } from '../organisations/cohort.ts';
import { cohortView, organisationResults } from './results.ts';
import { saveModule, startNextRound } from './check.ts';

const NOW = new Date('2026-11-28T10:00:00Z');
let database: Database;
beforeAll(async () => {
	database = await openTestDatabase();
	await loadDemoProgramme(database.db, NOW);
	await loadAssessmentDemo(database.db, NOW);
});
afterAll(() => database?.close());

describe('readiness-check demo and results', () => {
	it("loads five fictional associations with two rounds once, as Digit-Ready II's cohort", async () => {
		expect(await loadAssessmentDemo(database.db, NOW)).toBe(false);
		const cohorts = await listCohorts(database.db);
		// Newest first: the current fictional project has no cohort yet.
		expect(cohorts.map((c) => [c.slug, c.organisations])).toEqual([['digit-ready-iii', 0], [DEMO_COHORT_PROJECT, 5], ['digit-ready-i', 0]]);
		const cohort = await cohortView(database.db, cohorts.find((c) => c.slug === DEMO_COHORT_PROJECT)!.id);
		expect(cohort.organisations).toHaveLength(5);
		expect(cohort.organisations.every((o) => o.name.endsWith('(fiktiv)') && o.rounds === 2 && o.respondents >= 2)).toBe(true);
		expect(cohort.aggregate).not.toBeNull();
		expect(cohort.aggregate!.map((f) => f.organisations)).toEqual(Array(8).fill(5));
	});

	it('shows an organisation its levels, the spread between respondents, progress and priorities', async () => {
		const id = (await organisationIdByName(database.db, DEMO_ORGANISATIONS[0].name))!;
		const view = await organisationResults(database.db, id);
		expect(view.rounds.map((r) => r.number)).toEqual([1, 2]);
		const latest = view.rounds[1].results;
		expect(latest).toHaveLength(8);
		expect(latest.every((d) => d.score !== null && d.level !== null && d.respondents >= 2)).toBe(true);
		expect(latest.some((d) => d.spread > 0)).toBe(true);
		const changes = Object.values(view.change!).filter((c): c is number => c !== null);
		expect(changes.reduce((a, b) => a + b, 0) / changes.length).toBeGreaterThan(0.5);
		expect(view.priorities.length).toBeGreaterThan(0);
		expect(Object.keys(view.targets)).toHaveLength(8);
		expect(latest.find((d) => d.key === 'structure')!.agreement).not.toBe('agree');
	});

	it('keeps showing the last completed round while a new one has only a first few answers', async () => {
		const id = (await organisationIdByName(database.db, DEMO_ORGANISATIONS[1].name))!;
		await startNextRound(database.db, { id: 'staff', email: 'team@example.org' }, id, NOW);
		await saveModule(database.db, id, 'first-click', { 'structure.roles': 1 }, NOW);
		const view = await organisationResults(database.db, id);
		expect([view.current!.number, view.latest!.number, view.previous!.number]).toEqual([3, 2, 1]);
		const cohort = await cohortView(database.db, (await listCohorts(database.db)).find((c) => c.slug === DEMO_COHORT_PROJECT)!.id);
		expect(cohort.aggregate!.every((f) => f.organisations === 5)).toBe(true);
	});

	it('says so for an organisation that does not exist', async () => {
		await expect(organisationResults(database.db, 999_999)).rejects.toMatchObject({ code: 'not_found' });
	});
});
