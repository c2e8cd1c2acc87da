import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { organisation } from '../db/schema/organisations.ts';
import { nameWords, ORGANISATION_MATCHES, organisationMatches } from './organisations.ts';

let database: Database;

beforeAll(async () => {
	database = await openTestDatabase();
	await database.db.insert(organisation).values([
		{ name: 'Deutsch-Türkischer Kulturverein Köln', confirmed: true },
		{ name: 'Syrischer Kulturverein Köln-Nord', confirmed: true },
		{ name: 'Kulturverein Bonn', confirmed: true },
		{ name: 'Kulturverein Köln 100% digital', confirmed: true },
		// Typed by someone, not confirmed by the team: never offered to others.
		{ name: 'Kulturverein Köln Süd', confirmed: false },
		...Array.from({ length: 12 }, (_, n) => ({ name: `Elternverein Nummer ${n + 1}`, confirmed: true }))
	]);
});
afterAll(() => database?.close());

const names = async (typed: string) => (await organisationMatches(database.db, typed)).map((o) => o.name);

describe('the registration form’s organisation search', () => {
	it('finds confirmed organisations whose name contains every word typed, shortest first', async () => {
		expect(await names('kulturverein köln')).toEqual(['Syrischer Kulturverein Köln-Nord', 'Kulturverein Köln 100% digital', 'Deutsch-Türkischer Kulturverein Köln'].sort((a, b) => a.length - b.length));
		expect(await names('Türkischer Kulturverein')).toEqual(['Deutsch-Türkischer Kulturverein Köln']);
		expect(await names('Kulturverein')).toHaveLength(4);
	});

	it('offers nothing for an exact name (any case), a name without close matches, or nothing to search for', async () => {
		expect(await names('KULTURVEREIN BONN')).toEqual([]);
		// The unconfirmed one is found by registering (exact name), and not offered as a close match.
		expect(await names('kulturverein köln süd')).toEqual([]);
		expect(await names('Kulturverein Süd')).toEqual([]);
		expect(await names('Beispielverein e.V.')).toEqual([]);
		expect(await names('e.V.')).toEqual([]);
		expect(await names('   ')).toEqual([]);
	});

	it('searches for words only (% and _ are no wildcards), and offers at most a handful', async () => {
		expect(await names('100% digital')).toEqual(['Kulturverein Köln 100% digital']);
		expect(await names('%%% _ Bonn')).toEqual(['Kulturverein Bonn']);
		expect(await names('Elternverein Nummer')).toHaveLength(ORGANISATION_MATCHES);
	});

	it('looks for the words of 3 letters or more, once each', () => {
		expect(nameWords('Deutsch-Türkischer Kulturverein e.V. Köln Köln')).toEqual(['deutsch', 'türkischer', 'kulturverein', 'köln']);
		expect(nameWords('جمعية الجسر')).toEqual(['جمعية', 'الجسر']);
	});
});
