/**
 * Participant lists for the team and the funder: CSV (csv-stringify), XLSX (exceljs) and a
 * printable PDF (pdfkit) with name, organisation and a signature column only.
 */
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import { localise } from '../../content/translatable.ts';
import { formatSessionDates } from '../../programme/dates.ts';
import type { participantList } from '../registration/attendance.ts';
import { pdfFonts } from './fonts.ts';

type List = Awaited<ReturnType<typeof participantList>>;

const HEADERS = ['Name', 'Organisation', 'E-Mail', 'Sprache', 'Termine erwartet', 'Termine anwesend'];

function cells(list: List) {
	return list.rows.map((r) => [r.name, r.organisation, r.email, r.language, r.expected, r.attended]);
}

/** UTF-8 with BOM and semicolons, so that spreadsheet programs set to German open it correctly. */
export function participantCsv(list: List): string {
	return '\uFEFF' + stringify([HEADERS, ...cells(list)], { delimiter: ';' });
}

export async function participantXlsx(list: List): Promise<Buffer> {
	const book = new ExcelJS.Workbook();
	book.creator = 'Bildungsturbo';
	const sheet = book.addWorksheet('Teilnehmende');
	sheet.addRow(HEADERS).font = { bold: true };
	for (const row of cells(list)) sheet.addRow(row);
	sheet.columns.forEach((c) => (c.width = 24));
	return Buffer.from(await book.xlsx.writeBuffer());
}

/** The funder's signature list: title, dates, place; then name, organisation, signature. */
export function participantPdf(list: List): Promise<Buffer> {
	const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: 'Teilnahmeliste', Creator: 'Bildungsturbo' } });
	const fonts = pdfFonts(doc);
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
	const title = localise(list.item.title, 'de').text;
	doc.font(fonts.bold).fontSize(16).text('Teilnahmeliste', { align: 'left' });
	doc.font(fonts.regular);
	doc.moveDown(0.3).fontSize(12).text(title);
	const cities = [...new Set(list.sessions.map((s) => s.city).filter(Boolean))].join(', ');
	doc.fontSize(10).fillColor('#444').text(
		[list.project.phaseName, formatSessionDates(list.sessions.map((s) => s.startsAt), 'de'), cities || (list.item.format !== 'in_person' ? 'Online' : '')]
			.filter(Boolean)
			.join(' · ')
	);
	doc.fillColor('black').moveDown();
	const x = [50, 230, 400];
	const widths = [170, 160, 145];
	const header = (y: number) => {
		doc.font(fonts.bold).fontSize(10);
		['Name', 'Organisation', 'Unterschrift'].forEach((h, i) => doc.text(h, x[i], y, { width: widths[i] }));
		doc.moveTo(50, y + 14).lineTo(545, y + 14).stroke();
		doc.font(fonts.regular);
		return y + 20;
	};
	let y = header(doc.y);
	for (const r of list.rows) {
		if (y > 770) {
			doc.addPage();
			y = header(50);
		}
		doc.text(r.name, x[0], y, { width: widths[0], height: 28, ellipsis: true });
		doc.text(r.organisation, x[1], y, { width: widths[1], height: 28, ellipsis: true });
		doc.moveTo(50, y + 26).lineTo(545, y + 26).strokeColor('#bbb').stroke().strokeColor('black');
		y += 32;
	}
	doc.end();
	return done;
}
