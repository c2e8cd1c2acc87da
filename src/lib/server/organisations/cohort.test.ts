import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { project } from '../db/schema/programme.ts';
import { saveModule, startNextRound } from '../assessment/check.ts';
import { cohortView } from '../assessment/results.ts';
import { addToCohort, cohortOrganisations, cohortsOf, listCohorts, removeFromCohort } from './cohort.ts';
import { createOrganisation, parseStaffProfileForm, updateProfileAsStaff } from './profile.ts';
import { ORGANISATION_PAGE_SIZE, searchOrganisations } from '../registration/organisations.ts';
import { organisation } from '../db/schema/organisations.ts';

const NOW = new Date('2027-02-01T09:00:00Z');
const team = { id: 'staff', email: 'team@example.org' };
let database: Database;
let pilot = 0;
let other = 0;
let first = 0;

const form = (fields: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
};
const staffInput = (name: string, projectId = '') => {
	const parsed = parseStaffProfileForm(form({ name, legalForm: 'e.V.', city: 'Leipzig', projectId }));
	if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
	return parsed.data;
};
const answersAt = (level: 1 | 2 | 3 | 4) => ({ 'structure.roles': level, 'structure.decisions': level, 'structure.strategy': level, 'structure.documents': level });

beforeAll(async () => {
	database = await openTestDatabase();
	[{ id: pilot }, { id: other }] = await database.db
		.insert(project)
		.values([
			{ slug: 'pilot', title: { de: 'Pilot' }, runtimeStart: '2027-01-01' },
			{ slug: 'anderes', title: { de: 'Anderes Projekt' }, runtimeStart: '2026-01-01' }
		])
		.returning();
});
afterAll(() => database?.close());

describe('the team creates organisations and forms project cohorts', () => {
	it('creates a confirmed organisation into a cohort; a name differing only in case is refused', async () => {
		const id = (first = await createOrganisation(database.db, team, staffInput('Verein Eins e.V.', String(pilot)), NOW));
		expect((await cohortOrganisations(database.db, pilot)).map((o) => o.id)).toEqual([id]);
		expect((await cohortsOf(database.db, id)).map((p) => p.id)).toEqual([pilot]);
		await expect(createOrganisation(database.db, team, staffInput('verein eins E.V.'), NOW)).rejects.toMatchObject({ code: 'name_taken', field: 'name' });
		await expect(createOrganisation(database.db, team, staffInput('Verein Null', '999999'), NOW)).rejects.toMatchObject({ code: 'choice', field: 'projectId' });
		// A double click on "create": one organisation, and a form error (never a crash) for the other.
		const both = await Promise.allSettled([1, 2].map(() => createOrganisation(database.db, team, staffInput('Doppelklick e.V.'), NOW)));
		expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		expect(both.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'name_taken' } });
		// The refused creation left nothing behind.
		expect((await cohortView(database.db, pilot)).organisations.map((o) => o.name)).toEqual(['Verein Eins e.V.']);
	});

	it('renames through the team form, but never onto another organisation\'s name', async () => {
		const a = await createOrganisation(database.db, team, staffInput('Alter Name'), NOW);
		const { projectId: _p, ...profile } = staffInput('Neuer Name');
		await updateProfileAsStaff(database.db, team, a, profile, NOW);
		await expect(updateProfileAsStaff(database.db, team, a, { ...profile, name: 'VEREIN EINS e.V.' }, NOW)).rejects.toMatchObject({ code: 'name_taken' });
		// Saving under its own name (other case) is fine.
		await updateProfileAsStaff(database.db, team, a, { ...profile, name: 'neuer name' }, NOW);
		await expect(updateProfileAsStaff(database.db, team, 999_999, profile, NOW)).rejects.toMatchObject({ code: 'not_found' });
	});

	it('keeps each project\'s cohort to itself, and shows figures only from five answering organisations', async () => {
		const ids: number[] = [];
		for (const n of [2, 3, 4, 5]) ids.push(await createOrganisation(database.db, team, staffInput(`Verein ${n}`, String(pilot)), NOW));
		ids.unshift(first);
		for (const [i, id] of ids.slice(0, 4).entries()) await saveModule(database.db, id, `p${i}`, answersAt(((i % 4) + 1) as 1 | 2 | 3 | 4), NOW);
		let view = await cohortView(database.db, pilot);
		expect(view.organisations).toHaveLength(5);
		expect(view.organisations.filter((o) => o.respondents === 0)).toHaveLength(1);
		expect(view.aggregate).toBeNull();

		await saveModule(database.db, ids[4], 'p4', answersAt(4), NOW);
		view = await cohortView(database.db, pilot);
		const structure = view.aggregate!.find((f) => f.key === 'structure')!;
		expect(structure).toMatchObject({ organisations: 5, min: 1, max: 4 });
		// Nobody answered the other areas: no figures there, not even from fewer organisations.
		expect(view.aggregate!.find((f) => f.key === 'collaboration')).toMatchObject({ organisations: 0, mean: null });

		// A freshly opened second round does not take an organisation out of the picture.
		await startNextRound(database.db, team, ids[4], NOW);
		expect((await cohortView(database.db, pilot)).aggregate).not.toBeNull();

		// The other project's cohort is empty, and adding one organisation there shows no figures.
		await addToCohort(database.db, team, other, ids[0], NOW);
		await addToCohort(database.db, team, other, ids[0], NOW);
		const otherView = await cohortView(database.db, other);
		expect(otherView.organisations.map((o) => o.id)).toEqual([ids[0]]);
		expect(otherView.aggregate).toBeNull();
		expect((await listCohorts(database.db)).map((c) => [c.slug, c.organisations])).toEqual([['pilot', 5], ['anderes', 1]]);

		// Removing takes it out of the cohort only; its answers stay.
		await removeFromCohort(database.db, team, pilot, ids[4], NOW);
		view = await cohortView(database.db, pilot);
		expect(view.organisations).toHaveLength(4);
		expect(view.aggregate).toBeNull();
		await expect(addToCohort(database.db, team, 999_999, ids[0], NOW)).rejects.toMatchObject({ code: 'not_found' });
	});

	it('reports bad profile input per field, with the typed values kept', () => {
		const parsed = parseStaffProfileForm(form({ name: ' ', yearFounded: '19x8', contactEmail: 'kein-mail', links: 'http://x.example', projectId: 'abc' }));
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(Object.fromEntries(Object.entries(parsed.errors).map(([k, v]) => [k, v.key]))).toEqual({
			name: 'err_required',
			yearFounded: 'err_year',
			contactEmail: 'reg_err_email',
			links: 'err_url',
			projectId: 'err_choice'
		});
		expect(parsed.values.yearFounded).toBe('19x8');
	});

	it('lists organisations a page at a time, searchable by name or city, wildcards taken literally', async () => {
		await database.db.insert(organisation).values(Array.from({ length: ORGANISATION_PAGE_SIZE + 3 }, (_, i) => ({ name: `Massenverein ${String(i).padStart(3, '0')}`, city: 'Halle', confirmed: true })));
		await database.db.insert(organisation).values([{ name: '100% Nachbarschaft', city: 'Kiel' }, { name: 'Hundert Prozent', city: 'Kiel', confirmed: true }]);
		const first = await searchOrganisations(database.db, { q: 'massenverein' });
		expect([first.total, first.pages, first.rows.length]).toEqual([ORGANISATION_PAGE_SIZE + 3, 2, ORGANISATION_PAGE_SIZE]);
		const last = await searchOrganisations(database.db, { q: 'Massenverein', page: 99 });
		expect([last.page, last.rows.length, last.rows.at(-1)!.name]).toEqual([2, 3, `Massenverein ${String(ORGANISATION_PAGE_SIZE + 2).padStart(3, '0')}`]);
		expect((await searchOrganisations(database.db, { q: 'halle' })).total).toBe(ORGANISATION_PAGE_SIZE + 3);
		expect((await searchOrganisations(database.db, { q: '100%' })).rows.map((r) => r.name)).toEqual(['100% Nachbarschaft']);
		expect((await searchOrganisations(database.db, { q: '%' })).rows.map((r) => r.name)).toEqual(['100% Nachbarschaft']);
		// Unconfirmed first: they wait for the team.
		expect((await searchOrganisations(database.db, { q: 'kiel' })).rows.map((r) => [r.name, r.confirmed])).toEqual([['100% Nachbarschaft', false], ['Hundert Prozent', true]]);
		expect((await searchOrganisations(database.db, { q: 'gibt es nicht' })).rows).toEqual([]);
	});
});
