/**
 * The draft of the Sachbericht (the narrative part of the Verwendungsnachweis) as a Word document,
 * written with the `docx` package: project details, goals (description and planned values), the
 * programme as it ran in the period (items with dates, places, formats and participants), the figures
 * against the plan as tables (figure-tables.ts, the same as every other export), and empty headed
 * sections for what only the team can write (course and deviations, impact, outlook). German, the
 * report's language; Word's own heading styles, so the navigation pane and a table of contents work.
 */
import type { Paragraph, Table, TextRun } from 'docx';
import * as m from '../../paraglide/messages.js';
import { localise } from '../../content/translatable.ts';
import type { Locale } from '../../i18n/locales.ts';
import { formatDate, formatNumber, formatSessionDates } from '../../programme/dates.ts';
import type { ProjectTree } from '../programme/tree.ts';
import { periodBounds, type ProjectFigures } from './figures.ts';
import { figureTables, measureLabel, type FigureTable } from './figure-tables.ts';
import { cellText, ITEM_COLUMNS, numericColumns, periodText, projectName } from './report-content.ts';

/** docx on first use, not at every start: most processes never write a Sachbericht. */
let D: typeof import('docx');

/** Letters of right-to-left scripts: such text gets a right-to-left run, so Word orders and shapes it. */
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;

/** The text width of an A4 page with docx's default margins (2.54 cm), in twips. */
const TEXT_WIDTH = 11906 - 2 * 1440;

function run(text: string, o: { bold?: boolean; italics?: boolean; size?: number } = {}): TextRun {
	return new D.TextRun({ text, bold: o.bold, italics: o.italics, size: o.size, rightToLeft: RTL.test(text) || undefined });
}

function para(text: string, o: { bold?: boolean; italics?: boolean; align?: 'end'; size?: number } = {}): Paragraph {
	return new D.Paragraph({ children: [run(text, o)], alignment: o.align === 'end' ? D.AlignmentType.END : undefined });
}

function heading(text: string, level: 1 | 2): Paragraph {
	return new D.Paragraph({ heading: level === 1 ? D.HeadingLevel.HEADING_1 : D.HeadingLevel.HEADING_2, children: [run(text)] });
}

/** A table over the text width: text columns two and a half times as wide as number columns, 9 pt. */
function table(header: string[], rows: string[][], numeric: boolean[] = []): Table {
	const weights = header.map((_, c) => (numeric[c] ? 1 : 2.5));
	const total = weights.reduce((a, b) => a + b, 0);
	const columnWidths = weights.map((w) => Math.floor((w / total) * TEXT_WIDTH));
	const cell = (text: string, c: number, head: boolean) =>
		new D.TableCell({ width: { size: columnWidths[c], type: D.WidthType.DXA }, children: [para(text, { bold: head, size: 18, align: numeric[c] && !head ? 'end' : undefined })] });
	return new D.Table({
		width: { size: TEXT_WIDTH, type: D.WidthType.DXA },
		columnWidths,
		rows: [
			new D.TableRow({ tableHeader: true, children: header.map((h, c) => cell(h, c, true)) }),
			...rows.map((r) => new D.TableRow({ children: header.map((_, c) => cell(r[c] ?? '', c, false)) }))
		]
	});
}

function figureTable(t: FigureTable, locale: Locale, columns = t.header.map((_, c) => c)): Table {
	const numeric = numericColumns(t);
	return table(
		columns.map((c) => t.header[c]),
		t.rows.map((r) => columns.map((c) => cellText(r[c], t.dateFormat, locale))),
		columns.map((c) => numeric[c])
	);
}

/** Markdown of a description as plain paragraphs: marks and list bullets dropped, text kept. */
function plainParagraphs(markdown: string): string[] {
	return markdown
		.split(/\n\s*\n/)
		.map((p) =>
			p
				.split('\n')
				.map((line) => line.replace(/^\s{0,3}(#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s?)/, ''))
				.join(' ')
				.replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
				.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
				.replace(/(\*\*|__|\*|_|`)/g, '')
				.trim()
		)
		.filter(Boolean);
}

export interface SachberichtInput {
	figures: ProjectFigures;
	/** The project with its items and sessions (programme/tree.ts), for dates and places. */
	tree: ProjectTree;
	locale?: Locale;
}

export async function sachberichtDocx({ figures: f, tree, locale = 'de' }: SachberichtInput): Promise<Buffer> {
	D = await import('docx');
	const o = { locale };
	const name = projectName(f, locale);
	const tables = Object.fromEntries(figureTables(f, locale).map((t) => [t.key, t])) as Record<FigureTable['key'], FigureTable>;
	const bounds = periodBounds(f.period);
	const runtime =
		f.project.runtimeStart && f.project.runtimeEnd ? `${formatDate(f.project.runtimeStart, locale)} – ${formatDate(f.project.runtimeEnd, locale)}` : m.report_no_runtime({}, o);

	// The programme as it ran: the items the figures count (a held session in the period), with their sessions of the period.
	const items = new Map(tree.items.map((i) => [i.id, i]));
	const programmeRows = f.perItem.map((figures, index) => {
		const item = items.get(figures.itemId);
		const sessions = (item?.sessions ?? []).filter((s) => !bounds || (s.startsAt >= bounds.from && s.startsAt < bounds.to));
		const cities = [...new Set(sessions.map((s) => s.city.trim()).filter(Boolean))];
		const format = cellText(tables.items.rows[index]?.[2] ?? null, undefined, locale);
		return [
			figures.number === null ? '' : String(figures.number),
			localise(figures.title, locale).text,
			sessions.length ? formatSessionDates(sessions.map((s) => s.startsAt), locale) : '–',
			cities.length ? cities.join(', ') : m.report_online({}, o),
			format,
			formatNumber(figures.participants, locale)
		];
	});

	const description = plainParagraphs(localise(tree.description, locale).text);
	const toWrite = (title: string, hint: string) => [heading(title, 1), para(hint, { italics: true }), para(m.sb_to_write({}, o))];

	const doc = new D.Document({
		creator: 'Bildungsturbo',
		title: m.sb_title({ project: name }, o),
		description: periodText(f, locale),
		styles: { default: { document: { run: { font: 'Calibri', size: 22, language: { value: 'de-DE' } } } } },
		sections: [
			{
				children: [
					new D.Paragraph({ heading: D.HeadingLevel.TITLE, children: [run(m.sb_title({ project: name }, o))] }),
					para(periodText(f, locale)),
					para(m.sb_draft_note({}, o), { italics: true }),

					heading(m.sb_project_data({}, o), 1),
					table(
						[m.report_info({}, o), m.report_value({}, o)],
						[
							[m.sb_title_label({}, o), name],
							[m.sb_phase({}, o), f.project.phaseName || '–'],
							[m.report_info_programme({}, o), f.project.fundingProgramme || '–'],
							[m.report_info_funder({}, o), f.project.funder || '–'],
							[m.sb_runtime({}, o), runtime],
							[m.sb_period({}, o), periodText(f, locale)]
						]
					),

					heading(m.sb_goals({}, o), 1),
					heading(m.sb_description({}, o), 2),
					...(description.length ? description.map((p) => para(p)) : [para(m.sb_no_description({}, o), { italics: true })]),
					heading(m.sb_targets({}, o), 2),
					f.planVsActual.length
						? table(
								[m.report_measure({}, o), m.report_planned({}, o)],
								f.planVsActual.map((p) => [measureLabel(p.measure, locale), formatNumber(p.planned, locale)]),
								[false, true]
							)
						: para(m.report_no_targets({}, o)),

					heading(m.sb_programme({}, o), 1),
					programmeRows.length
						? table(
								[m.report_col_number({}, o), m.report_col_item({}, o), m.sb_col_dates({}, o), m.sb_col_place({}, o), m.report_col_format({}, o), m.report_m_participants({}, o)],
								programmeRows,
								[false, false, false, false, false, true]
							)
						: para(m.report_no_items({}, o)),

					heading(m.sb_figures({}, o), 1),
					heading(m.report_plan_vs_actual({}, o), 2),
					f.planVsActual.length
						? table(
								[m.report_measure({}, o), m.report_planned({}, o), m.report_actual({}, o), m.report_difference({}, o)],
								f.planVsActual.map((p) => [
									measureLabel(p.measure, locale),
									formatNumber(p.planned, locale),
									formatNumber(p.actual, locale),
									`${p.difference > 0 ? '+' : ''}${formatNumber(p.difference, locale)}`
								]),
								[false, true, true, true]
							)
						: para(m.report_no_targets({}, o)),
					...(['overview', 'items', 'cities', 'months', 'cohort'] as const).flatMap((key) =>
						tables[key].rows.length ? [heading(tables[key].title, 2), figureTable(tables[key], locale, key === 'items' ? ITEM_COLUMNS : undefined)] : []
					),
					para(m.report_definitions_text({}, o), { italics: true }),

					...toWrite(m.sb_course({}, o), m.sb_course_hint({}, o)),
					...toWrite(m.sb_impact({}, o), m.sb_impact_hint({}, o)),
					...toWrite(m.sb_outlook({}, o), m.sb_outlook_hint({}, o))
				]
			}
		]
	});
	return D.Packer.toBuffer(doc);
}
