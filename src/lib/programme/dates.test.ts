import { describe, expect, it } from 'vitest';
import { formatDate, formatDateRange, formatDateTime, formatHours, formatSessionDates, formatSessionDay, formatTimeRange, localDate, partSeparator } from './dates.ts';

/** An instant at a Berlin wall-clock time, written with the explicit offset of that date. */
const at = (iso: string) => new Date(iso);

describe('formatDate', () => {
	it('writes one German date as dd.MM.yyyy', () => {
		expect(formatDate('2021-10-16', 'de')).toBe('16.10.2021');
	});

	it('keeps the calendar date in English, without the German form', () => {
		const en = formatDate('2021-10-16', 'en');
		expect(en).toContain('16');
		expect(en).toContain('2021');
		expect(en).not.toBe('16.10.2021');
	});
});

describe('formatDateRange', () => {
	it('shortens the left side within one year', () => {
		expect(formatDateRange('2022-04-06', '2022-06-22', 'de')).toBe('06.04.–22.06.2022');
	});

	it('writes both sides in full across years', () => {
		expect(formatDateRange('2021-12-30', '2022-01-02', 'de')).toBe('30.12.2021–02.01.2022');
	});

	it('collapses a range of one day into that date', () => {
		expect(formatDateRange('2022-04-06', '2022-04-06', 'de')).toBe('06.04.2022');
	});

	it('uses an English format for en', () => {
		const en = formatDateRange('2022-04-06', '2022-06-22', 'en');
		expect(en).toMatch(/\b6\b|\b06\b/);
		expect(en).toContain('22');
		expect(en).toContain('2022');
		expect(en).not.toContain('06.04.');
		expect(en).not.toContain('22.06.2022');
	});
});

describe('formatSessionDates', () => {
	it('is empty without sessions', () => {
		expect(formatSessionDates([], 'de')).toBe('');
	});

	it('shows one date once, however many sessions it has', () => {
		const starts = [at('2021-10-16T10:00:00+02:00'), at('2021-10-16T14:00:00+02:00')];
		expect(formatSessionDates(starts, 'de')).toBe('16.10.2021');
	});

	it('writes two adjacent days in one month as "19./20.03.2022"', () => {
		const starts = [at('2022-03-20T10:00:00+01:00'), at('2022-03-19T10:00:00+01:00')];
		expect(formatSessionDates(starts, 'de')).toBe('19./20.03.2022');
	});

	it('writes two adjacent days across months as "30.04./01.05.2022"', () => {
		const starts = [at('2022-04-30T10:00:00+02:00'), at('2022-05-01T10:00:00+02:00')];
		expect(formatSessionDates(starts, 'de')).toBe('30.04./01.05.2022');
	});

	it('writes two adjacent days across years with the year on both sides', () => {
		const starts = [at('2022-12-31T10:00:00+01:00'), at('2023-01-01T10:00:00+01:00')];
		expect(formatSessionDates(starts, 'de')).toBe('31.12.2022/01.01.2023');
	});

	it('writes a run of days across years with the year on both sides', () => {
		const starts = [at('2022-12-30T10:00:00+01:00'), at('2022-12-31T10:00:00+01:00'), at('2023-01-01T10:00:00+01:00')];
		expect(formatSessionDates(starts, 'de')).toBe('30.12.2022–01.01.2023');
	});

	it('writes a run of three days across months like a date range', () => {
		const starts = [at('2022-04-30T10:00:00+02:00'), at('2022-05-01T10:00:00+02:00'), at('2022-05-02T10:00:00+02:00')];
		expect(formatSessionDates(starts, 'de')).toBe('30.04.–02.05.2022');
	});

	it('writes a run of three days in one month as "19.–21.03.2022"', () => {
		const starts = [at('2022-03-19T10:00:00+01:00'), at('2022-03-21T10:00:00+01:00'), at('2022-03-20T10:00:00+01:00')];
		expect(formatSessionDates(starts, 'de')).toBe('19.–21.03.2022');
	});

	it('lists days that are not adjacent, in order', () => {
		const starts = [at('2021-11-06T10:00:00+01:00'), at('2021-10-16T10:00:00+02:00'), at('2021-10-23T10:00:00+02:00')];
		const text = formatSessionDates(starts, 'de');
		expect(text).not.toContain('–');
		expect(text).not.toContain('/');
		const positions = ['16.10.2021', '23.10.2021', '06.11.2021'].map((d) => text.indexOf(d));
		expect(positions.every((p) => p >= 0)).toBe(true);
		expect([...positions].sort((a, b) => a - b)).toEqual(positions);
	});

	it('groups sessions by their Berlin date, not the process date', () => {
		// 23:30 Berlin on the 19th is already the 20th in Kathmandu (the test TZ); 00:30 Berlin on the 21st
		// is still the 20th in UTC. In Berlin these are the 19th and the 21st: not adjacent.
		const starts = [at('2022-03-19T23:30:00+01:00'), at('2022-03-21T00:30:00+01:00')];
		const text = formatSessionDates(starts, 'de');
		expect(text).toContain('19.03.2022');
		expect(text).toContain('21.03.2022');
	});

	it('uses an English format for en, with the right day numbers', () => {
		const starts = [at('2022-03-19T10:00:00+01:00'), at('2022-03-20T10:00:00+01:00')];
		const en = formatSessionDates(starts, 'en');
		expect(en).toContain('19');
		expect(en).toContain('20');
		expect(en).not.toContain('19./20.03.2022');
		expect(en).not.toContain('.03.');
	});
});

describe('localDate', () => {
	it('gives the Berlin date of an evening instant in UTC that is already the next day in Berlin', () => {
		expect(localDate(new Date('2022-03-26T23:30:00Z'))).toBe('2022-03-27');
	});

	it('gives the Berlin date of an early-morning Kathmandu instant that is still the previous day in Berlin', () => {
		// 2022-06-23 02:00 in Kathmandu (+05:45) = 2022-06-22 22:15 in Berlin (+02:00).
		expect(localDate(new Date('2022-06-23T02:00:00+05:45'))).toBe('2022-06-22');
	});
});

describe('formatTimeRange', () => {
	it('shows Berlin wall-clock time in summer (UTC+2)', () => {
		const text = formatTimeRange(new Date('2022-06-22T14:00:00Z'), new Date('2022-06-22T16:00:00Z'), 'de');
		expect(text).toMatch(/^16:00\s*[–-]\s*18:00/);
		expect(text).not.toContain('14:00');
		expect(text).not.toContain('19:45'); // Kathmandu
	});

	it('shows Berlin wall-clock time in winter (UTC+1)', () => {
		const text = formatTimeRange(new Date('2022-01-12T09:00:00Z'), new Date('2022-01-12T16:00:00Z'), 'de');
		expect(text).toMatch(/^10:00\s*[–-]\s*17:00/);
	});

	it('uses a 12-hour clock for en', () => {
		const text = formatTimeRange(new Date('2022-06-22T14:00:00Z'), new Date('2022-06-22T16:00:00Z'), 'en');
		expect(text).toMatch(/\b4:00\b/);
		expect(text).toMatch(/\b6:00\b/);
		expect(text.toLowerCase()).toContain('pm');
		expect(text).not.toContain('16:00');
	});
});

describe('one date style per language', () => {
	it('writes Arabic dates in words with the Arabic comma, the same pattern everywhere', () => {
		const day = formatSessionDay(new Date('2026-12-09T17:00:00Z'), 'ar');
		expect(day).toBe('الأربعاء، 9 ديسمبر 2026');
		expect(day).not.toContain(',');
		expect(formatDate('2022-05-08', 'ar')).toBe('8 مايو 2022');
		expect(formatDateTime(new Date('2026-12-09T17:00:00Z'), 'ar')).toBe('الأربعاء، 9 ديسمبر 2026، 18:00');
		const list = formatSessionDates([new Date('2022-05-08T08:00:00Z'), new Date('2022-05-21T08:00:00Z')], 'ar');
		expect(list).not.toMatch(/\d+\/\d+/);
	});

	it('says hours in words with the language’s plural forms, the Arabic dual included', () => {
		expect(formatHours(2, 'ar')).toBe('ساعتان');
		expect(formatHours(2, 'de')).toBe('2 Stunden');
		expect(formatHours(1.5, 'de')).toBe('1,5 Stunden');
		expect(formatHours(14, 'ru')).toBe('14 часов');
	});
});

describe('parts of a date line', () => {
	it('are separated by the Arabic comma in Arabic, a comma elsewhere', () => {
		expect(partSeparator('ar')).toBe('، ');
		expect(partSeparator('de')).toBe(', ');
	});
});
