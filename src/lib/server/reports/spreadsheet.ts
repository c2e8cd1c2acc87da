/**
 * The one way to write CSV and XLSX files. Every text cell goes through `safeCell`, so a name like
 * `=cmd|' /C calc'!A0` arrives in the spreadsheet as text, never as a formula (OWASP "CSV
 * Injection": a cell that begins with = + - @ TAB or CR gets a leading apostrophe). Numbers stay
 * numbers. No other module imports csv-stringify or exceljs (a test checks this).
 */
import { stringify } from 'csv-stringify/sync';

/** exceljs on first use: ≈ 0.5 s and 14 MB of heap that most processes never need (npm run bench). */
const excel = async () => (await import('exceljs')).default;

export type Cell = string | number | null | undefined;

/** The content types of the files written here, for the routes that send them. */
export const CONTENT_TYPE = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text that a spreadsheet program would read as a formula is prefixed with `'`. */
export function safeCell(value: Cell): string | number {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') return value;
	return FORMULA_START.test(value) ? `'${value}` : value;
}

/** UTF-8 with BOM and semicolons, so that spreadsheet programs set to German open it correctly. */
export function toCsv(rows: Cell[][]): string {
	return '\uFEFF' + stringify(rows.map((r) => r.map(safeCell)), { delimiter: ';' });
}

/** One worksheet: a bold header row, then the rows. */
export async function toXlsx(sheetName: string, header: string[], rows: Cell[][], columnWidth = 24): Promise<Buffer> {
	const book = new (await excel()).Workbook();
	book.creator = 'Bildungsturbo';
	const sheet = book.addWorksheet(sheetName);
	sheet.addRow(header.map(safeCell)).font = { bold: true };
	for (const row of rows) sheet.addRow(row.map(safeCell));
	sheet.columns.forEach((c) => (c.width = columnWidth));
	return Buffer.from(await book.xlsx.writeBuffer());
}

/** A sheet of a workbook: cells may also be dates, shown with `dateFormat` (Excel number format). */
export interface Sheet {
	name: string;
	header: string[];
	rows: (Cell | Date)[][];
	dateFormat?: string;
	columnWidth?: number;
}

/** Sheet names may not hold : \ / ? * [ ] and have at most 31 characters (Excel refuses the file otherwise). */
const sheetName = (name: string, taken: Set<string>) => {
	const base = name.replace(/[:\\/?*[\]]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 31) || 'Tabelle';
	let unique = base;
	for (let i = 2; taken.has(unique.toLowerCase()); i++) unique = `${base.slice(0, 28)} ${i}`;
	taken.add(unique.toLowerCase());
	return unique;
};

/** A workbook with one sheet per table: numbers stay numbers, dates are dates (not text). */
export async function toWorkbook(sheets: Sheet[]): Promise<Buffer> {
	const book = new (await excel()).Workbook();
	book.creator = 'Bildungsturbo';
	const taken = new Set<string>();
	for (const s of sheets) {
		const sheet = book.addWorksheet(sheetName(s.name, taken));
		sheet.addRow(s.header.map(safeCell)).font = { bold: true };
		for (const row of s.rows) {
			const added = sheet.addRow(row.map((c) => (c instanceof Date ? c : safeCell(c))));
			row.forEach((c, i) => {
				if (c instanceof Date) added.getCell(i + 1).numFmt = s.dateFormat ?? 'dd.mm.yyyy';
			});
		}
		sheet.columns.forEach((c, i) => (c.width = s.columnWidth ?? (i === 0 ? 40 : 16)));
	}
	return Buffer.from(await book.xlsx.writeBuffer());
}
