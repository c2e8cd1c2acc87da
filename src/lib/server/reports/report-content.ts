/**
 * What the funder report's documents (the PDF, funder-report-pdf.ts; the DOCX draft, sachbericht-docx.ts)
 * share beyond the tables of figure-tables.ts: the project's name and period in words, table cells
 * as text in the reader's language, and the charts' data (the same as the report page's).
 */
import * as m from '../../paraglide/messages.js';
import { localise } from '../../content/translatable.ts';
import type { Locale } from '../../i18n/locales.ts';
import { formatDate, formatNumber, intlLocale } from '../../programme/dates.ts';
import type { ProjectFigures } from './figures.ts';
import { measureLabel, type FigureTable, type TableCell } from './figure-tables.ts';

/** The project as the report names it: its title, and the phase name when that differs. */
export function projectName(f: ProjectFigures, locale: Locale): string {
	return localise(f.project.title, locale).text || f.project.phaseName;
}

/**
 * The per-item columns a portrait page has room for without breaking words (of figure-tables.ts's
 * 13): no., item, sessions, hours, participants, attendance rate. The XLSX has them all.
 */
export const ITEM_COLUMNS = [0, 1, 4, 5, 8, 10];

/** "Zeitraum: 01.01.2027 bis 31.12.2027", or the whole runtime (with its days when known). */
export function periodText(f: ProjectFigures, locale: Locale): string {
	const o = { locale };
	if (f.period) return m.report_pdf_period({ from: formatDate(f.period.from, locale), to: formatDate(f.period.to, locale) }, o);
	if (f.project.runtimeStart && f.project.runtimeEnd)
		return m.report_pdf_whole_runtime({ from: formatDate(f.project.runtimeStart, locale), to: formatDate(f.project.runtimeEnd, locale) }, o);
	return m.report_pdf_whole({}, o);
}

/** A table cell as text: numbers as people write them, days as dates, months as MM.YYYY, empty as "–". */
export function cellText(cell: TableCell, format: FigureTable['dateFormat'], locale: Locale): string {
	if (cell === null) return '–';
	if (typeof cell === 'number') return formatNumber(cell, locale);
	if (cell instanceof Date) {
		const iso = cell.toISOString().slice(0, 10);
		return format === 'month' ? `${iso.slice(5, 7)}.${iso.slice(0, 4)}` : formatDate(iso, locale);
	}
	return cell;
}

/** Columns holding numbers (aligned at the end): those whose every non-empty cell is a number. */
export function numericColumns(t: FigureTable): boolean[] {
	return t.header.map((_, c) => t.rows.some((r) => typeof r[c] === 'number') && t.rows.every((r) => r[c] === null || typeof r[c] === 'number' || r[c] instanceof Date));
}

export interface ReportChart {
	title: string;
	bars: { label: string; value: number }[];
	/** Values are percentages with a reference line at 100 (plan reached). */
	percentOfPlan?: boolean;
}

/**
 * The charts of the report: how much of each plan was reached (when targets are set), then hours
 * per item, per city and per month, the bars the report page draws (its +page.svelte).
 */
export function reportCharts(f: ProjectFigures, locale: Locale): ReportChart[] {
	const o = { locale };
	const charts: ReportChart[] = [];
	const planned = f.planVsActual.filter((p) => p.planned > 0);
	if (planned.length)
		charts.push({
			title: m.report_chart_plan({}, o),
			bars: planned.map((p) => ({ label: measureLabel(p.measure, locale), value: Math.round((p.actual / p.planned) * 1000) / 10 })),
			percentOfPlan: true
		});
	const month = new Intl.DateTimeFormat(intlLocale(locale), { month: 'short', year: 'numeric', timeZone: 'UTC' });
	if (f.perItem.length) charts.push({ title: m.report_chart_item({}, o), bars: f.perItem.map((i) => ({ label: `${i.number ?? '–'} ${localise(i.title, locale).text}`, value: i.hours })) });
	if (f.perCity.length) charts.push({ title: m.report_chart_city({}, o), bars: f.perCity.map((c) => ({ label: c.city || m.report_online({}, o), value: c.hours })) });
	if (f.perMonth.length) charts.push({ title: m.report_chart_month({}, o), bars: f.perMonth.map((r) => ({ label: month.format(new Date(`${r.month}-01T00:00:00Z`)), value: r.hours })) });
	return charts;
}
