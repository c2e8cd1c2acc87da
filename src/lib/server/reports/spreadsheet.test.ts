import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { safeCell, toCsv, toXlsx } from './spreadsheet.ts';
import { participantCsv, participantXlsx } from './participant-list.ts';
import { cohortCsv } from './cohort-csv.ts';

const HOSTILE = ["=cmd|' /C calc'!A0", '+SUM(1,2)', '-2+3', '@SUM(1)', '\t=1+1', '\r=1+1'];

async function xlsxCells(buffer: Buffer): Promise<unknown[]> {
	const book = new ExcelJS.Workbook();
	await book.xlsx.load(buffer as unknown as ArrayBuffer);
	const values: unknown[] = [];
	book.worksheets[0].eachRow((row) => row.eachCell((cell) => values.push(cell.value)));
	return values;
}

/** No cell of a CSV file (quoted or not) begins with a character that starts a formula. */
function expectCsvSafe(csv: string) {
	expect(csv.replace(/^\uFEFF/, '')).not.toMatch(/(^|[;\n])"?[=+\-@\t\r]/);
}

describe('CSV and XLSX formula injection (OWASP)', () => {
	it('prefixes a text cell that starts like a formula; other text and numbers stay as they are', () => {
		for (const h of HOSTILE) expect(safeCell(h)).toBe(`'${h}`);
		expect(safeCell('Ayşe Yılmaz')).toBe('Ayşe Yılmaz');
		expect(safeCell('a=b')).toBe('a=b');
		expect(safeCell(-3)).toBe(-3);
		expect(safeCell(null)).toBe('');
		expect(toCsv([['x', 1]])).toBe('\uFEFFx;1\n');
	});

	it('the participant list as CSV and XLSX', async () => {
		const list = {
			rows: HOSTILE.map((h, i) => ({ registrationId: i, name: h, email: `p${i}@example.org`, organisation: h, language: 'de', expected: 2, attended: 1 }))
		} as unknown as Parameters<typeof participantCsv>[0];
		const csv = participantCsv(list);
		expectCsvSafe(csv);
		expect(csv).toContain(`\n'=cmd|' /C calc'!A0;'=cmd|' /C calc'!A0;p0@example.org;de;2;1\n`);
		const cells = await xlsxCells(await participantXlsx(list));
		expect(cells).toContain("'=cmd|' /C calc'!A0");
		for (const c of cells) if (typeof c === 'string') expect(c).not.toMatch(/^[=+\-@\t\r]/);
		// Counts stay numbers.
		expect(cells).toContain(2);
	});

	it('the cohort CSV (dimension titles are the wording the team edits)', () => {
		const view = {
			instrument: { dimensions: [{ key: 'd1', title: { de: HOSTILE[0] } }] },
			organisations: [],
			aggregate: [{ key: 'd1', organisations: 5, mean: 2.5, min: 1, max: 4 }]
		} as unknown as Parameters<typeof cohortCsv>[0];
		const csv = cohortCsv(view, 'de');
		expectCsvSafe(csv);
		expect(csv).toContain(`\n'=cmd|' /C calc'!A0;5;2.5;1;4\n`);
	});

	it('a header row is protected too', async () => {
		expect(await xlsxCells(await toXlsx('S', ['=A1'], []))).toEqual(["'=A1"]);
	});

	it('every CSV and XLSX file is written through spreadsheet.ts', () => {
		const offenders: string[] = [];
		const walk = (dir: string) => {
			for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
				const file = path.join(dir, entry.name);
				if (entry.isDirectory()) {
					if (entry.name !== 'paraglide') walk(file);
				} else if (/\.(ts|js|svelte)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) && !file.endsWith(path.join('reports', 'spreadsheet.ts'))) {
					if (/from ['"](csv-stringify|exceljs)|text\/csv|spreadsheetml/.test(fs.readFileSync(file, 'utf8'))) offenders.push(file);
				}
			}
		};
		walk(path.resolve('src'));
		// The two download routes set the content type; they build their files with spreadsheet.ts.
		// programme/materials.ts names the XLSX type only to recognise an uploaded material; it writes none.
		const allowed = [/teilnehmende\.\[format\]/, /kohorte\.csv/, /programme[\\/]materials\.ts$/];
		expect(offenders.filter((f) => !allowed.some((a) => a.test(f)))).toEqual([]);
		for (const f of offenders) expect(fs.readFileSync(f, 'utf8')).not.toMatch(/from ['"](csv-stringify|exceljs)/);
	});
});
