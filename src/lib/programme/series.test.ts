import { describe, expect, it } from 'vitest';
import { SEED_ONLINE_SERIES } from '../server/programme/demo-data.ts';
import { atLocalTime, countSeriesDates, generateSeries, validateSeriesRule, type SeriesRule } from './series.ts';

/** The online consultation series of the seed (Digit-Ready II). */
const SEED: SeriesRule = SEED_ONLINE_SERIES;

const rule = (overrides: Partial<SeriesRule>): SeriesRule => ({ ...SEED, ...overrides });

describe('generateSeries', () => {
	it('expands the seed series into 24 sessions on 12 distinct Wednesdays', () => {
		const sessions = generateSeries(SEED);
		expect(sessions).toHaveLength(24);
		const dates = [...new Set(sessions.map((s) => s.date))];
		expect(dates).toEqual([
			'2022-04-06',
			'2022-04-13',
			'2022-04-20',
			'2022-04-27',
			'2022-05-04',
			'2022-05-11',
			'2022-05-18',
			'2022-05-25',
			'2022-06-01',
			'2022-06-08',
			'2022-06-15',
			'2022-06-22'
		]);
		// Wednesday in Berlin (UTC day is the same for 14:00Z/16:00Z).
		expect(sessions.every((s) => s.startsAt.getUTCDay() === 3)).toBe(true);
		expect(countSeriesDates(SEED)).toBe(12);
	});

	it('gives each day both slots with their tracks, ordered by start, at Berlin wall-clock time', () => {
		const sessions = generateSeries(SEED);
		const [first, second] = sessions;
		expect(first.date).toBe('2022-04-06');
		expect(first.track).toBe('Beratung Organisationsentwicklung');
		expect(first.startsAt.toISOString()).toBe('2022-04-06T14:00:00.000Z');
		expect(first.endsAt.toISOString()).toBe('2022-04-06T16:00:00.000Z');
		expect(second.track).toBe('Beratung Digitale Infrastruktur');
		expect(second.startsAt.toISOString()).toBe('2022-04-06T16:00:00.000Z');
		expect(second.endsAt.toISOString()).toBe('2022-04-06T18:00:00.000Z');
		const times = sessions.map((s) => s.startsAt.getTime());
		expect([...times].sort((a, b) => a - b)).toEqual(times);
		expect(sessions.at(-1)!.startsAt.toISOString()).toBe('2022-06-22T16:00:00.000Z');
	});

	it('skips excluded dates', () => {
		const sessions = generateSeries(rule({ excludedDates: ['2022-04-13', '2022-05-25'] }));
		const dates = new Set(sessions.map((s) => s.date));
		expect(sessions).toHaveLength(20);
		expect(dates.size).toBe(10);
		expect(dates.has('2022-04-13')).toBe(false);
		expect(dates.has('2022-05-25')).toBe(false);
		expect(dates.has('2022-04-20')).toBe(true);
	});

	it('ignores excluded dates that are not in the series', () => {
		expect(generateSeries(rule({ excludedDates: ['2022-04-14', '2023-01-01'] }))).toHaveLength(24);
	});

	it('keeps 10:00 Berlin across the spring change: 09:00Z before 27 March, 08:00Z after', () => {
		const sessions = generateSeries({
			weekday: 3,
			from: '2022-03-16',
			to: '2022-04-06',
			slots: [{ start: '10:00', end: '12:00', track: '' }],
			excludedDates: [],
			announcedDates: null
		});
		expect(sessions.map((s) => s.date)).toEqual(['2022-03-16', '2022-03-23', '2022-03-30', '2022-04-06']);
		expect(sessions.map((s) => s.startsAt.toISOString())).toEqual([
			'2022-03-16T09:00:00.000Z',
			'2022-03-23T09:00:00.000Z',
			'2022-03-30T08:00:00.000Z',
			'2022-04-06T08:00:00.000Z'
		]);
		expect(sessions.map((s) => s.endsAt.toISOString())).toEqual([
			'2022-03-16T11:00:00.000Z',
			'2022-03-23T11:00:00.000Z',
			'2022-03-30T10:00:00.000Z',
			'2022-04-06T10:00:00.000Z'
		]);
	});

	it('keeps 10:00 Berlin across the autumn change: 08:00Z before 30 October, 09:00Z after', () => {
		const sessions = generateSeries({
			weekday: 3,
			from: '2022-10-19',
			to: '2022-11-09',
			slots: [{ start: '10:00', end: '12:00', track: '' }],
			excludedDates: [],
			announcedDates: null
		});
		expect(sessions.map((s) => s.date)).toEqual(['2022-10-19', '2022-10-26', '2022-11-02', '2022-11-09']);
		expect(sessions.map((s) => s.startsAt.toISOString())).toEqual([
			'2022-10-19T08:00:00.000Z',
			'2022-10-26T08:00:00.000Z',
			'2022-11-02T09:00:00.000Z',
			'2022-11-09T09:00:00.000Z'
		]);
	});

	it('keeps the weekday across a change that falls on the series day (Sunday 27 March 2022)', () => {
		const sessions = generateSeries({
			weekday: 7,
			from: '2022-03-20',
			to: '2022-04-03',
			slots: [{ start: '10:00', end: '12:00', track: '' }],
			excludedDates: [],
			announcedDates: null
		});
		expect(sessions.map((s) => s.date)).toEqual(['2022-03-20', '2022-03-27', '2022-04-03']);
		expect(sessions.map((s) => s.startsAt.toISOString())).toEqual([
			'2022-03-20T09:00:00.000Z',
			'2022-03-27T08:00:00.000Z',
			'2022-04-03T08:00:00.000Z'
		]);
	});

	it('starts at the next matching weekday when `from` is another day', () => {
		// 2022-04-04 is a Monday; the first Wednesday is 2022-04-06.
		const sessions = generateSeries(rule({ from: '2022-04-04' }));
		expect(sessions[0].date).toBe('2022-04-06');
		expect(sessions).toHaveLength(24);
		// And a `to` that is not the weekday ends at the last matching day before it.
		const shorter = generateSeries(rule({ from: '2022-04-07', to: '2022-04-26' }));
		expect([...new Set(shorter.map((s) => s.date))]).toEqual(['2022-04-13', '2022-04-20']);
	});

	it('produces nothing when the range holds no matching weekday', () => {
		expect(generateSeries(rule({ from: '2022-04-07', to: '2022-04-12' }))).toEqual([]);
	});

	it('throws RangeError for an invalid rule', () => {
		expect(() => generateSeries(rule({ from: '2022-06-22', to: '2022-04-06' }))).toThrow(RangeError);
		expect(() => generateSeries(rule({ weekday: 0 }))).toThrow(RangeError);
		expect(() => generateSeries(rule({ slots: [] }))).toThrow(/slots_empty/);
	});
});

describe('atLocalTime', () => {
	it('is the instant of a Berlin wall-clock time, whatever the process zone', () => {
		expect(atLocalTime('2022-01-12', '10:00').toISOString()).toBe('2022-01-12T09:00:00.000Z');
		expect(atLocalTime('2022-07-13', '10:00').toISOString()).toBe('2022-07-13T08:00:00.000Z');
	});
});

describe('validateSeriesRule', () => {
	it('accepts the seed rule', () => {
		expect(validateSeriesRule(SEED)).toEqual([]);
	});

	it('flags a reversed range', () => {
		expect(validateSeriesRule(rule({ from: '2022-06-22', to: '2022-04-06' }))).toEqual(['range_reversed']);
	});

	it('accepts a range of a single day', () => {
		expect(validateSeriesRule(rule({ from: '2022-04-06', to: '2022-04-06' }))).toEqual([]);
	});

	it.each([0, 8, -1, 2.5, Number.NaN])('flags weekday %s', (weekday) => {
		expect(validateSeriesRule(rule({ weekday }))).toEqual(['weekday']);
	});

	it('flags a slot that ends before (or when) it starts', () => {
		expect(validateSeriesRule(rule({ slots: [{ start: '18:00', end: '16:00', track: '' }] }))).toEqual([
			'slot_end_before_start'
		]);
		expect(validateSeriesRule(rule({ slots: [{ start: '16:00', end: '16:00', track: '' }] }))).toEqual([
			'slot_end_before_start'
		]);
	});

	it('flags malformed slot times', () => {
		expect(validateSeriesRule(rule({ slots: [{ start: '24:00', end: '25:00', track: '' }] }))).toEqual(['slot_time']);
		expect(validateSeriesRule(rule({ slots: [{ start: '9:00', end: '10:00', track: '' }] }))).toEqual(['slot_time']);
	});

	it('flags empty slots', () => {
		expect(validateSeriesRule(rule({ slots: [] }))).toEqual(['slots_empty']);
	});

	it('flags a range that is too long', () => {
		expect(validateSeriesRule(rule({ from: '2022-04-06', to: '2222-06-22' }))).toEqual(['range_too_long']);
		// 200 weeks is still allowed, a day more is not.
		expect(validateSeriesRule(rule({ from: '2022-01-05', to: '2025-11-05' }))).toEqual([]);
		expect(validateSeriesRule(rule({ from: '2022-01-05', to: '2025-11-06' }))).toEqual(['range_too_long']);
	});

	it('flags dates that are not real calendar dates or not ISO', () => {
		expect(validateSeriesRule(rule({ from: '2022-02-30' }))).toEqual(['from']);
		expect(validateSeriesRule(rule({ to: '22.06.2022' }))).toEqual(['to']);
	});

	it('reports each code once and several codes together', () => {
		const problems = validateSeriesRule({
			weekday: 9,
			from: '2022-06-22',
			to: '2022-04-06',
			slots: [
				{ start: '18:00', end: '16:00', track: '' },
				{ start: '20:00', end: '19:00', track: '' }
			],
			excludedDates: [],
			announcedDates: null
		});
		expect(problems.sort()).toEqual(['range_reversed', 'slot_end_before_start', 'weekday']);
	});
});
