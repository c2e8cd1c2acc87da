/**
 * Series (Terminserie): a rule that expands into concrete sessions, e.g. "mittwochs,
 * 06.04.–22.06.2022, two 2-hour slots per day". After generation each session can be edited alone.
 */
import { DateTime } from 'luxon';
import { ZONE } from './time.ts';

export interface SeriesSlot {
	/** Local wall-clock time in Europe/Berlin, "HH:MM". */
	start: string;
	end: string;
	/** Parallel strand, e.g. "Beratung Organisationsentwicklung"; may be empty. */
	track: string;
}

export interface SeriesRule {
	/** ISO weekday: 1 = Monday … 7 = Sunday. */
	weekday: number;
	/** First and last calendar date of the range, "YYYY-MM-DD", both inclusive. */
	from: string;
	to: string;
	slots: SeriesSlot[];
	/** Dates inside the range without sessions (holidays), "YYYY-MM-DD". */
	excludedDates: string[];
	/** How many dates the programme text announces ("10 x 2 Termine"), if it says. */
	announcedDates: number | null;
}

export interface GeneratedSession {
	date: string;
	startsAt: Date;
	endsAt: Date;
	track: string;
}

/** Upper bound so that a typo in a year cannot create thousands of rows. */
export const MAX_SERIES_DATES = 200;

/**
 * Expands a rule into sessions, ordered by start. Wall-clock times are kept across a
 * daylight-saving change (a 10:00 slot stays 10:00 in Berlin, its UTC instant moves).
 * Throws RangeError for a rule that `validateSeriesRule` would reject.
 */
export function generateSeries(rule: SeriesRule): GeneratedSession[] {
	const problems = validateSeriesRule(rule);
	if (problems.length) throw new RangeError(problems.join('; '));
	const excluded = new Set(rule.excludedDates);
	const last = DateTime.fromISO(rule.to, { zone: ZONE });
	let day = DateTime.fromISO(rule.from, { zone: ZONE });
	while (day.weekday !== rule.weekday) day = day.plus({ days: 1 });
	const out: GeneratedSession[] = [];
	for (; day <= last; day = day.plus({ weeks: 1 })) {
		const date = day.toISODate()!;
		if (excluded.has(date)) continue;
		for (const slot of rule.slots) {
			out.push({
				date,
				startsAt: atLocalTime(date, slot.start),
				endsAt: atLocalTime(date, slot.end),
				track: slot.track
			});
		}
	}
	return out.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** The instant of a Berlin wall-clock time on a date. */
export function atLocalTime(date: string, time: string): Date {
	const [hour, minute] = time.split(':').map(Number);
	return DateTime.fromISO(date, { zone: ZONE }).set({ hour, minute, second: 0, millisecond: 0 }).toJSDate();
}

/** Number of distinct dates a rule produces. */
export function countSeriesDates(rule: SeriesRule): number {
	return new Set(generateSeries(rule).map((s) => s.date)).size;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Problems as stable codes; empty when the rule can be expanded. */
export function validateSeriesRule(rule: SeriesRule): string[] {
	const problems: string[] = [];
	if (!Number.isInteger(rule.weekday) || rule.weekday < 1 || rule.weekday > 7) problems.push('weekday');
	const from = DATE.test(rule.from) ? DateTime.fromISO(rule.from) : null;
	const to = DATE.test(rule.to) ? DateTime.fromISO(rule.to) : null;
	if (!from?.isValid) problems.push('from');
	if (!to?.isValid) problems.push('to');
	if (from?.isValid && to?.isValid) {
		if (to < from) problems.push('range_reversed');
		else if (to.diff(from, 'weeks').weeks > MAX_SERIES_DATES) problems.push('range_too_long');
	}
	if (rule.slots.length === 0) problems.push('slots_empty');
	for (const slot of rule.slots) {
		if (!TIME.test(slot.start) || !TIME.test(slot.end)) problems.push('slot_time');
		else if (slot.end <= slot.start) problems.push('slot_end_before_start');
	}
	return [...new Set(problems)];
}
