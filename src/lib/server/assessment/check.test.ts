import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { organisation } from '../db/schema/organisations.ts';
import { myProgress, saveModule, setTargets, startNextRound } from './check.ts';
import { organisationResults } from './results.ts';

const NOW = new Date('2027-02-01T09:00:00Z');
const actor = { id: 'staff', email: 'team@example.org' };
let database: Database;
let orgId = 0;
beforeAll(async () => {
	database = await openTestDatabase();
	[{ id: orgId }] = await database.db.insert(organisation).values({ name: 'Testverein e.V.', confirmed: true }).returning();
});
afterAll(() => database?.close());

const structure = (a: 1 | 2 | 3 | 4 | null, b: 1 | 2 | 3 | 4 | null) => ({ 'structure.roles': a, 'structure.decisions': b, 'structure.strategy': null, 'structure.documents': a });

describe('answering the check', () => {
	it('saves module by module, resumes, and a second member changes the spread', async () => {
		await saveModule(database.db, orgId, 'leyla', structure(4, 4), NOW);
		const resumed = await myProgress(database.db, orgId, 'leyla', NOW);
		expect(resumed.done).toEqual(['structure']);
		expect(resumed.answers['structure.strategy']).toBeNull();
		let view = await organisationResults(database.db, orgId);
		expect(view.rounds[0].results[0]).toMatchObject({ score: 4, respondents: 1, spread: 0 });

		await saveModule(database.db, orgId, 'mehmet', structure(1, 2), NOW);
		view = await organisationResults(database.db, orgId);
		expect(view.rounds[0].results[0]).toMatchObject({ respondents: 2, spread: 2.67, agreement: 'large' });
		// Unknown statement keys are ignored, never stored.
		await saveModule(database.db, orgId, 'mehmet', { 'nope.key': 4 }, NOW);
		expect('nope.key' in (await myProgress(database.db, orgId, 'mehmet', NOW)).answers).toBe(false);
	});

	it('targets steer the priorities; a second round shows the change', async () => {
		await setTargets(database.db, actor, orgId, { structure: 4, collaboration: 9 as never }, NOW);
		let view = await organisationResults(database.db, orgId);
		expect(view.targets).toEqual({ structure: 4 });
		expect(view.priorities[0]).toBe('structure');

		const second = await startNextRound(database.db, actor, orgId, NOW);
		expect(second.number).toBe(2);
		// Nobody has answered round 2 yet: starting again opens no empty third round, and the
		// results still come from round 1.
		expect((await startNextRound(database.db, actor, orgId, NOW)).number).toBe(2);
		const waiting = await organisationResults(database.db, orgId);
		expect([waiting.current!.number, waiting.latest!.number, waiting.previous]).toEqual([2, 1, null]);
		expect(waiting.priorities[0]).toBe('structure');
		await saveModule(database.db, orgId, 'leyla', structure(4, 4), NOW);
		// A round with a few answers only does not replace the picture of the last one…
		expect((await organisationResults(database.db, orgId)).latest!.number).toBe(1);
		// …until somebody has completed it.
		const everything = Object.fromEntries(view.instrument.dimensions.flatMap((d) => d.statements.map((s) => [s.key, 4 as const])));
		await saveModule(database.db, orgId, 'mehmet', everything, NOW);
		view = await organisationResults(database.db, orgId);
		expect(view.rounds.map((r) => r.number)).toEqual([1, 2]);
		expect(view.latest!.number).toBe(2);
		expect(view.change!.structure).toBeGreaterThan(1);
	});

	it('keeps every answer when many are saved at the same moment (autosave), and completes once all are in', async () => {
		const [{ id }] = await database.db.insert(organisation).values({ name: 'Klickverein', confirmed: true }).returning();
		const keys = (await myProgress(database.db, id, 'p', NOW)).instrument.dimensions.flatMap((d) => d.statements.map((s) => s.key));
		const results = await Promise.all(keys.map((k, i) => saveModule(database.db, id, 'p', { [k]: i % 5 === 0 ? null : (((i % 4) + 1) as 1 | 2 | 3 | 4) }, NOW)));
		const progress = await myProgress(database.db, id, 'p', NOW);
		expect(Object.keys(progress.answers).sort()).toEqual([...keys].sort());
		expect(progress.done).toHaveLength(8);
		expect(results.filter((r) => r.complete)).toHaveLength(1);
		// A later single answer changes only itself.
		await saveModule(database.db, id, 'p', { [keys[1]]: 4 }, NOW);
		const after = (await myProgress(database.db, id, 'p', NOW)).answers;
		expect(after[keys[1]]).toBe(4);
		expect(after[keys[0]]).toBeNull();
	});
});
