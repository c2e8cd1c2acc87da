/**
 * The funder report as a PDF (the one document style, document.ts): project details, plan against
 * actual (table and a chart of how much of each plan was reached), every figure, per item, per city
 * and per month (each a table and a bar chart drawn as vectors, pdf-bars.ts), the cohort's readiness
 * change and how things are counted. The tables are figure-tables.ts's, the charts report-content.ts's,
 * so the PDF shows what the report page, the XLSX and the CSV show. German, the report's language.
 */
import * as m from '../../paraglide/messages.js';
import type { Locale } from '../../i18n/locales.ts';
import { formatNumber } from '../../programme/dates.ts';
import { createDocument, type DocumentBranding } from './document.ts';
import type { ProjectFigures } from './figures.ts';
import { figureTables, measureLabel, type FigureTable } from './figure-tables.ts';
import { drawBars } from './pdf-bars.ts';
import { drawTable } from './pdf-table.ts';
import { cellText, ITEM_COLUMNS, numericColumns, periodText, projectName, reportCharts } from './report-content.ts';

export interface FunderReportPdfOptions {
	branding: DocumentBranding | null;
	accent?: string;
	locale?: Locale;
	/** Called between sections with the share done (0..1). */
	progress?: (share: number) => Promise<void>;
}

export async function funderReportPdf(f: ProjectFigures, options: FunderReportPdfOptions): Promise<Buffer> {
	const locale = options.locale ?? 'de';
	const o = { locale };
	const name = projectName(f, locale);
	const d = createDocument({ locale, title: m.report_pdf_title({ project: name }, o), subtitle: periodText(f, locale), branding: options.branding, accent: options.accent });
	const tables = Object.fromEntries(figureTables(f, locale).map((t) => [t.key, t])) as Record<FigureTable['key'], FigureTable>;
	const charts = reportCharts(f, locale);
	const chart = (title: string) => {
		const c = charts.find((x) => x.title === title);
		if (!c) return;
		const fmt = (v: number) => (c.percentOfPlan ? `${formatNumber(v, locale)} %` : formatNumber(v, locale));
		drawBars(d, { title: c.title, bars: c.bars, format: fmt, reference: c.percentOfPlan ? { value: 100, label: m.report_chart_plan_line({}, o) } : undefined });
	};
	const table = (t: FigureTable, columns?: number[]) => {
		const keep = columns ?? t.header.map((_, c) => c);
		const numeric = numericColumns(t);
		drawTable(d, {
			header: keep.map((c) => t.header[c]),
			rows: t.rows.map((r) => keep.map((c) => cellText(r[c], t.dateFormat, locale))),
			align: keep.map((c) => (numeric[c] ? 'end' : 'start')),
			wide: keep.map((c, i) => (typeof t.rows[0]?.[c] === 'string' ? i : -1)).filter((i) => i >= 0)
		});
	};
	const step = (share: number) => options.progress?.(share);
	/** A section's heading, on a new page unless its first rows fit below it. */
	const section = (title: string) => {
		d.ensureSpace(110);
		d.heading(title);
	};

	d.titleBlock();
	section(tables.info.title);
	table(tables.info);

	section(m.report_plan_vs_actual({}, o));
	if (f.planVsActual.length) {
		drawTable(d, {
			header: [m.report_measure({}, o), m.report_planned({}, o), m.report_actual({}, o), m.report_difference({}, o)],
			rows: f.planVsActual.map((p) => [measureLabel(p.measure, locale), formatNumber(p.planned, locale), formatNumber(p.actual, locale), `${p.difference > 0 ? '+' : ''}${formatNumber(p.difference, locale)}`]),
			align: ['start', 'end', 'end', 'end']
		});
		chart(m.report_chart_plan({}, o));
	} else {
		d.paragraph(m.report_no_targets({}, o));
	}
	await step(0.2);

	section(tables.overview.title);
	table(tables.overview);
	await step(0.35);

	section(tables.items.title);
	if (f.perItem.length) {
		table(tables.items, ITEM_COLUMNS);
		chart(m.report_chart_item({}, o));
	} else {
		d.paragraph(m.report_no_items({}, o));
	}
	await step(0.55);

	if (f.perCity.length) {
		section(tables.cities.title);
		table(tables.cities);
		chart(m.report_chart_city({}, o));
	}
	if (f.perMonth.length) {
		section(tables.months.title);
		table(tables.months);
		chart(m.report_chart_month({}, o));
	}
	await step(0.75);

	section(tables.cohort.title);
	if (f.readiness) d.paragraph(m.report_cohort_intro({}, o));
	table(tables.cohort);

	section(m.report_definitions({}, o));
	d.paragraph(m.report_definitions_text({}, o));
	const pdf = await d.finish();
	await step(0.95);
	return pdf;
}
