/**
 * The one way to write CSV and XLSX files. Every text cell goes through `safeCell`, so a name like
 * `=cmd|' /C calc'!A0` arrives in the spreadsheet as text, never as a formula (OWASP "CSV
 * Injection": a cell that begins with = + - @ TAB or CR gets a leading apostrophe). Numbers stay
 * numbers. No other module imports csv-stringify or exceljs (a test checks this).
 */
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';

export type Cell = string | number | null | undefined;

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
	const book = new ExcelJS.Workbook();
	book.creator = 'Bildungsturbo';
	const sheet = book.addWorksheet(sheetName);
	sheet.addRow(header.map(safeCell)).font = { bold: true };
	for (const row of rows) sheet.addRow(row.map(safeCell));
	sheet.columns.forEach((c) => (c.width = columnWidth));
	return Buffer.from(await book.xlsx.writeBuffer());
}
