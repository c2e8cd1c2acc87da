/**
 * A project's figures (figures.ts) as labelled tables in the reader's language: one list for the
 * report page, the XLSX (a sheet per table: spreadsheet.ts `toWorkbook`) and the CSV (the tables one
 * after another). Cells stay typed: numbers as numbers, calendar days and months as dates (UTC
 * midnight, so a spreadsheet shows the same day everywhere), the attendance rate in percent.
 */
import * as m from '../../paraglide/messages.js';
import { localise } from '../../content/translatable.ts';
import type { Locale } from '../../i18n/locales.ts';
import { MIN_COHORT } from '../../assessment/scoring.ts';
import type { ProjectFigures, Totals } from './figures.ts';
import type { Measure } from './targets.ts';
import { toCsv, toWorkbook, type Cell } from './spreadsheet.ts';

export type TableCell = string | number | Date | null;

export interface FigureTable {
	/** Stable key (sheet order, tests). */
	key: 'info' | 'overview' | 'items' | 'cities' | 'months' | 'cohort';
	/** Caption (and sheet name, unless `sheet` gives a shorter one: at most 31 characters). */
	title: string;
	sheet?: string;
	/** The column that names each row (the page's row header); 0 unless said. */
	rowHeader?: number;
	header: string[];
	rows: TableCell[][];
	/** How date cells are shown: a day or a month. */
	dateFormat?: 'day' | 'month';
}

/** The totals in the order the report lists them, with the measure a target compares them to. */
export const TOTAL_ROWS: { key: keyof Totals; measure?: Measure }[] = [
	{ key: 'items', measure: 'items' },
	{ key: 'sessions', measure: 'sessions' },
	{ key: 'sessionsInPerson' },
	{ key: 'sessionsOnline' },
	{ key: 'hours', measure: 'hours' },
	{ key: 'registrations', measure: 'registrations' },
	{ key: 'cancelled' },
	{ key: 'participants', measure: 'participants' },
	{ key: 'attendees' },
	{ key: 'attendanceRate' },
	{ key: 'noShows' },
	{ key: 'certificates', measure: 'certificates' },
	{ key: 'organisations', measure: 'organisations' },
	{ key: 'consultationSlotsOffered' },
	{ key: 'consultationsBooked' },
	{ key: 'consultationsHeld', measure: 'consultations' },
	{ key: 'consultationNoShows' },
	{ key: 'consultationAssociations' },
	{ key: 'hoursOfAdvice', measure: 'hoursOfAdvice' },
	{ key: 'cohortAssociations', measure: 'cohort' }
];

/** The label of a total (`report_m_<key>`), in the reader's language. */
export function totalLabel(key: keyof Totals, locale: Locale): string {
	const fn = (m as unknown as Record<string, (p: object, o: { locale: Locale }) => string>)[`report_m_${key}`];
	return fn({}, { locale });
}

/** The label of a target's measure: the total it is compared with. */
export function measureLabel(measure: Measure, locale: Locale): string {
	return totalLabel(TOTAL_ROWS.find((r) => r.measure === measure)!.key, locale);
}

const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const label = (fn: (p: object, o: { locale: Locale }) => string, locale: Locale) => fn({}, { locale });

export function figureTables(f: ProjectFigures, locale: Locale): FigureTable[] {
	const o = { locale };
	const t = f.totals;
	const name = f.project.phaseName || localise(f.project.title, locale).text;
	const from = f.period?.from ?? f.project.runtimeStart;
	const to = f.period?.to ?? f.project.runtimeEnd;
	const info: FigureTable = {
		key: 'info',
		title: m.report_info({}, o),
		header: [m.report_measure({}, o), m.report_value({}, o)],
		dateFormat: 'day',
		rows: [
			[m.report_info_project({}, o), name],
			[m.report_info_programme({}, o), f.project.fundingProgramme],
			[m.report_info_funder({}, o), f.project.funder],
			[m.report_info_from({}, o), from ? day(from) : null],
			[m.report_info_to({}, o), to ? day(to) : null],
			[m.report_info_computed({}, o), day(f.computedAt.slice(0, 10))]
		]
	};
	const overview: FigureTable = {
		key: 'overview',
		title: m.report_overview({}, o),
		header: [m.report_measure({}, o), m.report_actual({}, o), m.report_planned({}, o), m.report_difference({}, o)],
		rows: TOTAL_ROWS.map((r) => {
			const value = r.key === 'attendanceRate' ? percent(t.attendanceRate) : t[r.key];
			const plan = r.measure ? f.planVsActual.find((p) => p.measure === r.measure) : undefined;
			return [totalLabel(r.key, locale), value, plan?.planned ?? null, plan?.difference ?? null];
		})
	};
	const items: FigureTable = {
		key: 'items',
		title: m.report_per_item({}, o),
		rowHeader: 1,
		header: [
			m.report_col_number({}, o),
			m.report_col_item({}, o),
			m.report_col_format({}, o),
			m.report_col_state({}, o),
			totalLabel('sessions', locale),
			totalLabel('hours', locale),
			totalLabel('registrations', locale),
			totalLabel('cancelled', locale),
			totalLabel('participants', locale),
			totalLabel('attendees', locale),
			totalLabel('attendanceRate', locale),
			totalLabel('noShows', locale),
			totalLabel('certificates', locale)
		],
		rows: f.perItem.map((i) => [
			i.number,
			localise(i.title, locale).text,
			label((m as unknown as Record<string, (p: object, o: { locale: Locale }) => string>)[`format_${i.format}`], locale),
			label((m as unknown as Record<string, (p: object, o: { locale: Locale }) => string>)[`state_${i.state}`], locale),
			i.sessions,
			i.hours,
			i.registrations,
			i.cancelled,
			i.participants,
			i.attendees,
			percent(i.attendanceRate),
			i.noShows,
			i.certificates
		])
	};
	const cities: FigureTable = {
		key: 'cities',
		title: m.report_per_city({}, o),
		header: [m.report_col_city({}, o), totalLabel('sessions', locale), totalLabel('hours', locale), totalLabel('attendees', locale), totalLabel('attendanceRate', locale)],
		rows: f.perCity.map((c) => [c.city || m.report_online({}, o), c.sessions, c.hours, c.attendees, percent(c.attendanceRate)])
	};
	const months: FigureTable = {
		key: 'months',
		title: m.report_per_month({}, o),
		header: [
			m.report_col_month({}, o),
			totalLabel('sessions', locale),
			totalLabel('hours', locale),
			totalLabel('attendees', locale),
			totalLabel('consultationSlotsOffered', locale),
			totalLabel('consultationsHeld', locale),
			totalLabel('hoursOfAdvice', locale)
		],
		dateFormat: 'month',
		rows: f.perMonth.map((r) => [day(`${r.month}-01`), r.sessions, r.hours, r.attendees, r.consultationSlotsOffered, r.consultationsHeld, r.hoursOfAdvice])
	};
	const readiness = f.readiness;
	const cohort: FigureTable = {
		key: 'cohort',
		title: m.report_cohort({}, o),
		sheet: m.report_cohort_sheet({}, o),
		header: [m.dimension({}, o), m.report_col_organisations({}, o), m.report_before({}, o), m.report_after({}, o), m.report_change({}, o)],
		rows: readiness
			? [
					...readiness.dimensions.map((d) => [localise(d.title, locale).text, d.organisations, d.before, d.after, d.change] as TableCell[]),
					[m.report_overall({}, o), readiness.organisations, readiness.overall?.before ?? null, readiness.overall?.after ?? null, readiness.overall?.change ?? null]
				]
			: [[m.report_cohort_too_few({ min: MIN_COHORT }, o), t.cohortAssociations, null, null, null]]
	};
	return [info, overview, items, cities, months, cohort];
}

/** The XLSX: one sheet per table, dates as dates (days as 31.12.2027, months as 12.2027). */
export function figuresXlsx(f: ProjectFigures, locale: Locale): Promise<Buffer> {
	return toWorkbook(figureTables(f, locale).map((t) => ({ name: t.sheet ?? t.title, header: t.header, rows: t.rows, dateFormat: t.dateFormat === 'month' ? 'mm.yyyy' : 'dd.mm.yyyy' })));
}

/** The CSV: the tables one after another, each under its title, an empty line between; dates as ISO text. */
export function figuresCsv(f: ProjectFigures, locale: Locale): string {
	const text = (c: TableCell, format: FigureTable['dateFormat']): Cell => (c instanceof Date ? c.toISOString().slice(0, format === 'month' ? 7 : 10) : c);
	return toCsv(figureTables(f, locale).flatMap((t, i) => [...(i ? [[]] : []), [t.title], t.header, ...t.rows.map((r) => r.map((c) => text(c, t.dateFormat)))]));
}
