import { describe, expect, it } from 'vitest';
import instrument from './instrument-v1.json' with { type: 'json' };
import { change, cohortAggregate, organisationResult, priorities, respondentScore, toLevel, MIN_COHORT, type Answers } from './scoring.ts';
import { radarSvg } from './radar.ts';

const dims = instrument.dimensions;
const all = (level: 1 | 2 | 3 | 4 | null): Answers => Object.fromEntries(dims.flatMap((d) => d.statements.map((s) => [s.key, level])));

describe('readiness-check scoring', () => {
	it('uses only answered statements: "don\'t know / skip" does not pull a score down', () => {
		const d = dims[0];
		const answers: Answers = { [d.statements[0].key]: 4, [d.statements[1].key]: 2, [d.statements[2].key]: null };
		expect(respondentScore(d, answers)).toBe(3);
		expect(respondentScore(d, { [d.statements[0].key]: null })).toBeNull();
		expect(toLevel(2.5)).toBe(3);
		expect(toLevel(1.49)).toBe(1);
	});

	it('combines several respondents and shows how far they disagree', () => {
		const chair = { ...all(4) };
		const member = { ...all(1) };
		const result = organisationResult(dims, [chair, member]);
		expect(result[0]).toMatchObject({ key: 'structure', score: 2.5, level: 3, respondents: 2, spread: 3, agreement: 'large' });
		const alike = organisationResult(dims, [all(3), all(3)]);
		expect(alike[0]).toMatchObject({ spread: 0, agreement: 'agree' });
		expect(organisationResult(dims, [all(3)])[0].agreement).toBeNull();
		expect(organisationResult(dims, [all(null)])[0]).toMatchObject({ score: null, level: null, respondents: 0 });
	});

	it('shows the change between two rounds', () => {
		const first = organisationResult(dims, [all(1)]);
		const second = organisationResult(dims, [{ ...all(1), 'structure.roles': 3, 'structure.decisions': 3 }]);
		expect(change(first, second).structure).toBe(1);
		expect(change(first, second).it).toBe(0);
	});

	it('puts the largest gap to the target first, then the weakest', () => {
		const results = organisationResult(dims, [{ ...all(3), 'it.devices': 1, 'it.accounts': 1, 'it.backup': 1, 'it.privacy': 1 }]);
		expect(priorities(results)[0]).toBe('it');
		expect(priorities(results, { funding: 4 })[0]).toBe('it');
		expect(priorities(results, { it: 1 })).not.toContain('it');
	});

	it('gives cohort figures only from five answering organisations on', () => {
		const orgs = Array.from({ length: MIN_COHORT - 1 }, (_, i) => organisationResult(dims, [all(((i % 4) + 1) as 1 | 2 | 3 | 4)]));
		expect(cohortAggregate(dims, orgs)).toBeNull();
		expect(cohortAggregate(dims, [...orgs, organisationResult(dims, [all(null)])])).toBeNull();
		const figures = cohortAggregate(dims, [...orgs, organisationResult(dims, [all(4)])])!;
		expect(figures[0]).toMatchObject({ key: 'structure', organisations: 5, min: 1, max: 4, mean: 2.8 });
	});
});

describe('radar chart', () => {
	it('is an accessible SVG with one polygon per series and escaped labels', () => {
		const svg = radarSvg({
			axes: ['Struktur', 'Zusammenarbeit', 'IT & <Daten>'],
			series: [
				{ name: 'Heute', values: [2, 3, null], color: '#0b5cad' },
				{ name: 'Ziel', values: [3, 4, 3], color: '#7a4b00', dashed: true }
			],
			title: 'Ergebnis',
			description: 'Struktur 2, Zusammenarbeit 3'
		});
		expect(svg.startsWith('<svg')).toBe(true);
		expect(svg).toMatch(/role="img" aria-labelledby="radar-\d+-t radar-\d+-d"/);
		expect(svg).toContain('<title id=');
		expect(svg).toContain('IT &amp; &lt;Daten&gt;');
		// Numbered axes for phones, each with its full name, matching the numbered table rows.
		expect(svg).toContain('<text class="radar-number"');
		expect(svg).toMatch(/<title>Zusammenarbeit<\/title>2<\/text>/);
		expect(svg.match(/stroke-width="2"/g)).toHaveLength(2);
		expect(svg).toContain('stroke-dasharray');
	});
});
