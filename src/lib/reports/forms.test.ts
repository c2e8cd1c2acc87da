import { describe, expect, it } from 'vitest';
import { parseTargets, periodFromQuery, periodQuery } from './forms.ts';
import { barChartSvg } from './bar-chart.ts';

const q = (s: string) => new URLSearchParams(s);
const form = (fields: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
};

describe('the report period', () => {
	it('takes two calendar days in order, else the whole runtime with an error to show', () => {
		expect(periodFromQuery(q(''))).toEqual({ period: null, error: null });
		expect(periodFromQuery(q('von=2027-01-01&bis=2027-06-30'))).toEqual({ period: { from: '2027-01-01', to: '2027-06-30' }, error: null });
		expect(periodFromQuery(q('von=2027-01-01&bis=2027-01-01')).period).toEqual({ from: '2027-01-01', to: '2027-01-01' });
		for (const bad of ['von=2027-06-30&bis=2027-01-01', 'von=2027-02-30&bis=2027-03-01', 'von=2027-01-01', 'bis=2027-01-01', 'von=heute&bis=morgen', 'von=2027-1-1&bis=2027-12-31'])
			expect(periodFromQuery(q(bad))).toEqual({ period: null, error: 'err_report_period' });
		expect(periodQuery({ from: '2027-01-01', to: '2027-06-30' })).toBe('?von=2027-01-01&bis=2027-06-30');
		expect(periodQuery(null)).toBe('');
	});
});

describe('the targets form', () => {
	it('reads numbers (comma or point), empty as no target, and refuses the rest per field', () => {
		const ok = parseTargets(form({ sessions: '6', participants: ' 120 ', hours: '12,5', items: '' }));
		expect(ok.ok && ok.data).toMatchObject({ sessions: 6, participants: 120, hours: 12.5, items: null, cohort: null });
		const bad = parseTargets(form({ sessions: 'sechs', hours: '-1', participants: '1.234', organisations: '99999999' }));
		expect(bad.ok).toBe(false);
		if (!bad.ok) expect(Object.keys(bad.errors).sort()).toEqual(['hours', 'organisations', 'participants', 'sessions']);
	});
});

describe('the bar chart', () => {
	it('draws a bar per value, scaled to the largest, labelled for screen readers', () => {
		const svg = barChartSvg({ title: 'Stunden je Ort', description: '2 Balken', bars: [{ label: 'Köln <Dom>', value: 10 }, { label: 'Online', value: 5 }], format: (v) => `${v} h` });
		expect(svg).toMatch(/role="img" aria-labelledby="(bars-\d+)-t \1-d"/);
		expect(svg).toContain('<title id="');
		expect(svg).toContain('Köln &lt;Dom&gt;');
		expect([...svg.matchAll(/<rect [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]))).toEqual([300, 150]);
		expect(svg).toContain('>10 h<');
		// All zero: no bar, no division by zero.
		expect([...barChartSvg({ title: 't', description: 'd', bars: [{ label: 'a', value: 0 }], format: String }).matchAll(/width="([\d.]+)"/g)].map((m) => m[1])).toContain('0');
	});
});
