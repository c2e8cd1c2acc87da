/**
 * Display text for programme items, in the viewer's language: the "Datum" and "Ort" columns and
 * the one-line summary of a series. Pure; messages come from the Paraglide catalogue.
 */
import * as m from '../paraglide/messages.js';
import type { Locale } from '../i18n/locales.ts';
import { durationHours, formatDateRange, formatHours, formatSessionDates, localDate } from './dates.ts';
import type { SeriesRule } from './series.ts';

interface SessionLike {
	startsAt: Date;
	endsAt: Date;
	city: string;
	track: string;
}
interface ItemLike {
	format: 'in_person' | 'online' | 'hybrid';
	state: 'scheduled' | 'date_tba' | 'cancelled' | 'postponed' | 'bundled';
	series: SeriesRule | null;
	sessions: SessionLike[];
}

const WEEKDAYS = [m.weekdays_1, m.weekdays_2, m.weekdays_3, m.weekdays_4, m.weekdays_5, m.weekdays_6, m.weekdays_7];

/** "06.04.–22.06.2022, mittwochs, 12 × 2 Termine à 2 Stunden" from the sessions actually planned. */
export function seriesSummary(item: ItemLike, locale: Locale): string | null {
	if (!item.series || item.sessions.length === 0) return null;
	const dates = [...new Set(item.sessions.map((s) => localDate(s.startsAt)))].sort();
	const perDay = Math.round(item.sessions.length / dates.length);
	const hours = [...new Set(item.sessions.map((s) => durationHours(s.startsAt, s.endsAt)))];
	return m.series_summary(
		{
			range: formatDateRange(dates[0], dates[dates.length - 1], locale),
			weekdays: WEEKDAYS[item.series.weekday - 1]({}, { locale }),
			dates: dates.length,
			perDay,
			duration: hours.map((h) => formatHours(h, locale)).join(' / ')
		},
		{ locale }
	);
}

/** The "Datum" column: dates, a series summary, or what is known instead of a date. */
export function itemDateText(item: ItemLike, locale: Locale): string {
	if (item.state === 'date_tba' || (item.sessions.length === 0 && item.state === 'scheduled')) return m.state_date_tba({}, { locale });
	if (item.state === 'bundled' && item.sessions.length === 0) return m.state_bundled({}, { locale });
	return seriesSummary(item, locale) ?? formatSessionDates(item.sessions.map((s) => s.startsAt), locale);
}

/** The "Ort" column: the cities in order of first use, plus "Online" where it applies. */
export function itemPlaceText(item: ItemLike, locale: Locale): string {
	const cities = [...new Set(item.sessions.map((s) => s.city.trim()).filter(Boolean))];
	if (item.format === 'online') return m.format_online({}, { locale });
	if (item.format === 'hybrid') return [...cities, m.format_online({}, { locale })].join(' / ');
	return cities.join(' / ');
}

/**
 * Where one session takes place, in full: "Musterstraße 1, Köln" in person, "Online", or both for
 * a hybrid item. Used on the item page, the participant's page and in every mail.
 */
export function sessionPlaceText(format: ItemLike['format'], s: { address: string; city: string }, locale: Locale): string {
	const venue = [s.address.trim(), s.city.trim()].filter(Boolean).join(', ');
	if (format === 'online') return m.format_online({}, { locale });
	if (format === 'hybrid') return [venue, m.format_online({}, { locale })].filter(Boolean).join(' / ');
	return venue;
}
