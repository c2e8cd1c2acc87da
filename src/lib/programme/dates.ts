/**
 * Date display for sessions, always in Europe/Berlin. German follows the programme's own style
 * ("19./20.03.2022", "06.04.–22.06.2022"); other languages use the platform's Intl formats.
 */
import { DateTime } from 'luxon';
import type { Locale } from '../i18n/locales.ts';
import { ZONE } from './time.ts';

const INTL_LOCALE: Record<Locale, string> = {
	de: 'de-DE',
	en: 'en-GB',
	tr: 'tr-TR',
	ar: 'ar-EG-u-nu-latn',
	ru: 'ru-RU',
	uk: 'uk-UA'
};

export function intlLocale(locale: Locale): string {
	return INTL_LOCALE[locale];
}

/** The Berlin calendar date of an instant, "YYYY-MM-DD". */
export function localDate(instant: Date): string {
	return DateTime.fromJSDate(instant, { zone: ZONE }).toISODate()!;
}

function dt(date: string): DateTime {
	return DateTime.fromISO(date, { zone: ZONE });
}

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * One formatter per language and purpose, made once (a new Intl.DateTimeFormat costs about 100 µs).
 * Every language but German, which keeps the programme's own "06.04.2022", writes dates in words
 * with one pattern everywhere ("9 December 2026", "9 ديسمبر 2026", never "2026/12/09" beside "2022/5/8").
 */
function cached(locale: Locale, purpose: 'date' | 'day' | 'weekday' | 'time' | 'datetime', options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const key = `${locale}:${purpose}`;
	let format = formats.get(key);
	if (!format) {
		format = new Intl.DateTimeFormat(intlLocale(locale), { ...options, timeZone: ZONE });
		formats.set(key, format);
	}
	return format;
}

const DATE_WORDS: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', year: 'numeric' };

function dateFormat(locale: Locale): Intl.DateTimeFormat {
	return cached(locale, 'date', DATE_WORDS);
}

/** One calendar date: "16.10.2021" in German. */
export function formatDate(date: string, locale: Locale): string {
	if (locale === 'de') return dt(date).toFormat('dd.MM.yyyy');
	return dateFormat(locale).format(dt(date).toJSDate());
}

/** From–to of two dates: "06.04.–22.06.2022" in German. */
export function formatDateRange(from: string, to: string, locale: Locale): string {
	if (from === to) return formatDate(from, locale);
	if (locale === 'de') {
		const a = dt(from);
		const b = dt(to);
		const left = a.year !== b.year ? a.toFormat('dd.MM.yyyy') : a.month !== b.month ? a.toFormat('dd.MM.') : a.toFormat('dd.');
		return `${left}–${b.toFormat('dd.MM.yyyy')}`;
	}
	return dateFormat(locale).formatRange(dt(from).toJSDate(), dt(to).toJSDate());
}

function consecutive(dates: string[]): boolean {
	return dates.every((d, i) => i === 0 || dt(dates[i - 1]).plus({ days: 1 }).toISODate() === d);
}

/**
 * The dates of an item's sessions as the programme table shows them: one date, two adjacent days
 * ("19./20.03.2022"), a run of days ("19.–21.03.2022"), or a list. Empty for no sessions.
 */
export function formatSessionDates(starts: Date[], locale: Locale): string {
	const dates = [...new Set(starts.map(localDate))].sort();
	if (dates.length === 0) return '';
	if (dates.length === 1) return formatDate(dates[0], locale);
	const first = dates[0];
	const last = dates[dates.length - 1];
	if (consecutive(dates)) {
		if (locale === 'de' && dates.length === 2) {
			const a = dt(first);
			const b = dt(last);
			const left = a.year !== b.year ? a.toFormat('dd.MM.yyyy') : a.month !== b.month ? a.toFormat('dd.MM.') : a.toFormat('dd.');
			return `${left}/${b.toFormat('dd.MM.yyyy')}`;
		}
		return formatDateRange(first, last, locale);
	}
	return new Intl.ListFormat(intlLocale(locale), { type: 'unit', style: 'short' }).format(
		dates.map((d) => formatDate(d, locale))
	);
}

function timeFormat(locale: Locale): Intl.DateTimeFormat {
	return cached(locale, 'time', { hour: '2-digit', minute: '2-digit', hourCycle: locale === 'en' ? 'h12' : 'h23' });
}

/** Wall-clock time range in Berlin: "10:00–17:00". */
export function formatTimeRange(start: Date, end: Date, locale: Locale): string {
	return timeFormat(locale).formatRange(start, end);
}

/**
 * Weekday and date of one session: "Mi., 06.04.2022" in German; elsewhere one Intl pattern with the
 * language's own separator ("الأربعاء، 9 ديسمبر 2026", "Wed, 9 December 2026").
 */
export function formatSessionDay(start: Date, locale: Locale): string {
	if (locale === 'de') return `${cached(locale, 'weekday', { weekday: 'short' }).format(start)}, ${formatDate(localDate(start), locale)}`;
	return cached(locale, 'day', { weekday: locale === 'ar' ? 'long' : 'short', ...DATE_WORDS }).format(start);
}

/** Length of a session in hours, rounded to a quarter. */
export function durationHours(start: Date, end: Date): number {
	return Math.round(((end.getTime() - start.getTime()) / 3_600_000) * 4) / 4;
}

/** The separator between the parts of a date line: the Arabic comma in Arabic. */
export function partSeparator(locale: Locale): string {
	return locale === 'ar' ? '، ' : ', ';
}

const hourFormats = new Map<Locale, Intl.NumberFormat>();

/** A duration in hours in words, with the language's plural forms: "2 Stunden", "ساعتان" (dual). */
export function formatHours(hours: number, locale: Locale): string {
	let format = hourFormats.get(locale);
	if (!format) {
		format = new Intl.NumberFormat(intlLocale(locale), { style: 'unit', unit: 'hour', unitDisplay: 'long', maximumFractionDigits: 2 });
		hourFormats.set(locale, format);
	}
	return format.format(hours);
}

/** The number as people write it in that language ("1,5" in German). */
const numberFormats = new Map<Locale, Intl.NumberFormat>();

export function formatNumber(value: number, locale: Locale): string {
	let format = numberFormats.get(locale);
	if (!format) {
		format = new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 2 });
		numberFormats.set(locale, format);
	}
	return format.format(value);
}

/** Day and wall-clock time of an instant in Berlin: "Mi., 06.04.2022, 16:00". */
export function formatDateTime(instant: Date, locale: Locale): string {
	return `${formatSessionDay(instant, locale)}${partSeparator(locale)}${timeFormat(locale).format(instant)}`;
}
