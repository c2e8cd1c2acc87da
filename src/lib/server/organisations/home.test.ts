import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { organisation } from '../db/schema/organisations.ts';
import { saveModule, setTargets } from '../assessment/check.ts';
import { addGoal, addMeasure, getPlan, setMeasureStatus } from '../assessment/plan.ts';
import { currentInstrument } from '../assessment/instrument.ts';
import { associationHome } from './home.ts';

const NOW = new Date('2027-02-01T09:00:00Z');
const TODAY = '2027-02-01';
const actor = { id: 'leyla', email: 'leyla@example.org' };
let database: Database;
let orgId = 0;
beforeAll(async () => {
	database = await openTestDatabase();
	[{ id: orgId }] = await database.db.insert(organisation).values({ name: 'Aufgabenverein e.V.', confirmed: true }).returning();
});
afterAll(() => database?.close());

describe('the association home as tasks', () => {
	it('a new association has everything to do, the check first', async () => {
		const home = await associationHome(database.db, orgId, 'leyla', NOW, TODAY);
		expect(home.check).toMatchObject({ state: 'todo', done: 0, round: 1 });
		expect(home.check.next).toBe(home.check.total > 0 ? 'structure' : null);
		expect(home.result).toEqual({ state: 'todo', round: null, priorities: [] });
		expect(home.targets.state).toBe('todo');
		expect(home.plan).toMatchObject({ state: 'todo', goals: 0, open: 0, next: null });
		expect(home.profile.state).toBe('todo');
		expect(home.profile.missing).toContain('city');
	});

	it('follows the check, the result, the targets, the plan and the profile as they are done', async () => {
		const { content } = await currentInstrument(database.db);
		const first = content.dimensions[0];
		await saveModule(database.db, orgId, 'leyla', Object.fromEntries(first.statements.map((s) => [s.key, 2])), NOW);
		let home = await associationHome(database.db, orgId, 'leyla', NOW, TODAY);
		expect(home.check).toMatchObject({ state: 'in_progress', done: 1, next: content.dimensions[1].key });
		// One answered area is a result: the weakest areas come first among the priorities.
		expect(home.result).toMatchObject({ state: 'done', round: 1 });
		expect(home.result.priorities[0]).toBe(first.key);

		for (const d of content.dimensions.slice(1)) await saveModule(database.db, orgId, 'leyla', Object.fromEntries(d.statements.map((s) => [s.key, 3])), NOW);
		await setTargets(database.db, actor, orgId, { [first.key]: 4 }, NOW);
		home = await associationHome(database.db, orgId, 'leyla', NOW, TODAY);
		expect(home.check).toMatchObject({ state: 'done', done: content.dimensions.length, next: null });
		expect(home.targets).toEqual({ state: 'in_progress', set: 1, total: content.dimensions.length });

		const { id: goalId } = await addGoal(database.db, actor, orgId, { dimensionKey: first.key, text: 'Rollen klären' }, NOW);
		await addMeasure(database.db, actor, orgId, goalId, { text: 'Später', owner: 'Mehmet', dueDate: '2027-06-01' }, NOW);
		await addMeasure(database.db, actor, orgId, goalId, { text: 'Überfällig', owner: 'Leyla', dueDate: '2027-01-15' }, NOW);
		home = await associationHome(database.db, orgId, 'leyla', NOW, TODAY);
		expect(home.plan).toMatchObject({ state: 'in_progress', goals: 1, open: 2, done: 0, overdue: 1 });
		expect(home.plan.next).toEqual({ text: 'Überfällig', owner: 'Leyla', dueDate: '2027-01-15' });

		const plan = await getPlan(database.db, orgId);
		for (const m of plan.goals[0].measures) await setMeasureStatus(database.db, actor, orgId, m.id, 'done', NOW);
		await database.db
			.update(organisation)
			.set({ legalForm: 'e.V.', city: 'Bremen', federalState: 'Bremen', yearFounded: 2001, memberCount: 40, contactEmail: 'info@example.org' })
			.where(eq(organisation.id, orgId));
		home = await associationHome(database.db, orgId, 'leyla', NOW, TODAY);
		expect(home.plan).toMatchObject({ state: 'done', open: 0, done: 2, overdue: 0, next: null });
		expect(home.profile).toEqual({ state: 'done', missing: [] });
	});
});
