import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { organisation } from '../db/schema/organisations.ts';
import { saveModule } from './check.ts';
import { organisationResults } from './results.ts';
import { currentInstrument, instrumentVersions, parseDimensionForm, reviseDimension } from './instrument.ts';

const NOW = new Date('2027-03-01T09:00:00Z');
const team = { id: 'staff', email: 'team@example.org' };
let database: Database;

/** The edit form as the page posts it: every language of the area's title and statements. */
async function formFor(dimensionKey: string, change: Record<string, string> = {}) {
	const { content } = await currentInstrument(database.db);
	const d = content.dimensions.find((x) => x.key === dimensionKey)!;
	const f = new FormData();
	for (const [l, v] of Object.entries(d.title)) f.set(`title.${l}`, v);
	for (const s of d.statements) for (const [l, v] of Object.entries(s.text)) f.set(`s.${s.key}.${l}`, v);
	for (const [k, v] of Object.entries(change)) f.set(k, v);
	return { content, form: f };
}

beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.close());

describe('revising the questionnaire without code', () => {
	it('stores a new version with the new wording; answers and results carry over by key', async () => {
		const [{ id: orgId }] = await database.db.insert(organisation).values({ name: 'Wortlautverein', confirmed: true }).returning();
		await saveModule(database.db, orgId, 'a', { 'structure.roles': 4, 'structure.decisions': 2, 'structure.strategy': null, 'structure.documents': 3 }, NOW);
		const before = (await organisationResults(database.db, orgId)).rounds[0].results[0];

		const { content, form } = await formFor('structure', { 'title.de': 'Struktur und Leitung des Vereins', 's.structure.roles.tr': 'Görevler açıkça dağıtılmıştır.' });
		const parsed = parseDimensionForm(content, 'structure', form);
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		expect(await reviseDimension(database.db, team, 'structure', parsed.data, NOW)).toEqual({ version: 2, changed: true });

		const current = await currentInstrument(database.db);
		expect(current.version).toBe(2);
		expect(current.content.dimensions[0].title.de).toBe('Struktur und Leitung des Vereins');
		expect(current.content.dimensions[0].title.en).toBe(content.dimensions[0].title.en);
		expect(current.content.dimensions[0].statements[0].text.tr).toBe('Görevler açıkça dağıtılmıştır.');
		// Everything else is as it was.
		expect(current.content.dimensions.slice(1)).toEqual(content.dimensions.slice(1));
		expect(current.content.levels).toEqual(content.levels);
		expect((await instrumentVersions(database.db)).map((v) => v.version)).toEqual([2, 1]);
		expect((await organisationResults(database.db, orgId)).rounds[0].results[0]).toEqual(before);
	});

	it('saves nothing when nothing changed, and refuses an empty German text', async () => {
		const same = await formFor('collaboration');
		const parsed = parseDimensionForm(same.content, 'collaboration', same.form);
		expect(parsed.ok && (await reviseDimension(database.db, team, 'collaboration', parsed.data, NOW))).toEqual({ version: 2, changed: false });

		const empty = await formFor('collaboration', { 's.collaboration.meetings.de': '   ', 'title.ar': 'x'.repeat(201) });
		const refused = parseDimensionForm(empty.content, 'collaboration', empty.form);
		expect(refused.ok).toBe(false);
		if (refused.ok) return;
		expect(refused.errors['title.ar'].key).toBe('err_too_long');
		expect(Object.values(refused.errors).map((e) => e.key)).toContain('err_required');
		expect(() => parseDimensionForm(empty.content, 'nope', empty.form)).toThrow();
		await expect(reviseDimension(database.db, team, 'nope', { title: { de: 'x' }, statements: {} }, NOW)).rejects.toMatchObject({ code: 'not_found' });
	});

	it('gives two people saving at once consecutive versions, each keeping the other\'s change', async () => {
		const a = await formFor('methods', { 'title.de': 'Methoden und Werkzeuge (neu)' });
		const b = await formFor('funding', { 'title.de': 'Zugang zu Fördermitteln (neu)' });
		const pa = parseDimensionForm(a.content, 'methods', a.form);
		const pb = parseDimensionForm(b.content, 'funding', b.form);
		if (!pa.ok || !pb.ok) throw new Error('form');
		const results = await Promise.all([reviseDimension(database.db, team, 'methods', pa.data, NOW), reviseDimension(database.db, team, 'funding', pb.data, NOW)]);
		expect(results.map((r) => r.version).sort()).toEqual([3, 4]);
		const titles = (await currentInstrument(database.db)).content.dimensions.map((d) => d.title.de);
		expect(titles).toContain('Methoden und Werkzeuge (neu)');
		expect(titles).toContain('Zugang zu Fördermitteln (neu)');
	});

	it('refuses to silently replace wording somebody else changed in the same area since the form was opened', async () => {
		const start = (await currentInstrument(database.db)).version;
		const mine = await formFor('it', { 'title.de': 'IT und Datenschutz (meine Fassung)' });
		const theirs = await formFor('it', { 'title.de': 'IT und Datenschutz (ihre Fassung)' });
		const other = await formFor('projects', { 'title.de': 'Projektmanagement (andere Fassung)' });
		const parse = (f: Awaited<ReturnType<typeof formFor>>, key: string) => {
			const p = parseDimensionForm(f.content, key, f.form);
			if (!p.ok) throw new Error('form');
			return p.data;
		};
		await reviseDimension(database.db, team, 'it', parse(theirs, 'it'), NOW, start);
		await expect(reviseDimension(database.db, team, 'it', parse(mine, 'it'), NOW, start)).rejects.toMatchObject({ code: 'stale', params: { version: start + 1 } });
		// Another area changed in between does not stand in the way.
		expect(await reviseDimension(database.db, team, 'projects', parse(other, 'projects'), NOW, start)).toEqual({ version: start + 2, changed: true });
		// Knowing the newer version, the editor may replace it deliberately.
		expect(await reviseDimension(database.db, team, 'it', parse(mine, 'it'), NOW, start + 2)).toEqual({ version: start + 3, changed: true });
	});
});
