/**
 * The funder report's PDF and the Sachbericht's DOCX as export jobs, on a small project built here
 * (a German workshop in Köln, an Arabic online item, targets): the PDF's text read back in order
 * (pdf.js through unpdf), Arabic in its order; the DOCX unzipped and its document.xml read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { unzipSync, strFromU8 } from 'fflate';
import { openTestDatabase } from '../testing/db.ts';
import type { Database, Db } from '../db/client.ts';
import { programmeItem, project, session } from '../db/schema/programme.ts';
import { attendance, registration } from '../db/schema/registration.ts';
import { exportResult, exportStatus, runExport } from '../jobs/exports.ts';
import { setProjectTargets } from './targets.ts';
import { parseReportKey, reportKey, requestFunderReport } from './report-exports.ts';

const NOW = new Date('2027-08-01T10:00:00Z');
const actor = { id: 'staff-1', email: 'team@example.org' };
const ARABIC = 'ورشة التحول الرقمي';
let database: Database;
let db: Db;
let projectId = 0;

async function readBack(pdf: Uint8Array): Promise<string> {
	const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
	return text;
}

/** Requests the document, runs its job here (no queue needed) and returns the file. */
async function make(format: 'pdf' | 'docx', period: { from: string; to: string } | null = null) {
	const { id } = await requestFunderReport(db, { projectId, period, format, actor, now: NOW });
	await runExport(db, id, () => NOW);
	const status = await exportStatus(db, id);
	expect(status.status, `${status.errorCode}`).toBe('done');
	const file = await exportResult(db, id);
	// REPORT_OUT=<dir> keeps the files for a look (or for LibreOffice: libreoffice --headless --convert-to pdf).
	if (process.env.REPORT_OUT) fs.writeFileSync(path.join(process.env.REPORT_OUT, file.fileName), file.bytes);
	return { status, file };
}

beforeAll(async () => {
	database = await openTestDatabase();
	db = database.db;
	const [p] = await db
		.insert(project)
		.values({ slug: 'bericht', title: { de: 'Digitale Vereine' }, description: { de: 'Vereine **digital** stärken.\n\n- Werkstätten\n- Beratung' }, phaseName: 'Phase I', fundingProgramme: 'Bildungsturbo', funder: 'DSEE', runtimeStart: '2027-01-01', runtimeEnd: '2027-06-30', status: 'published' })
		.returning();
	projectId = p.id;
	const [a] = await db.insert(programmeItem).values({ projectId, position: 1, number: 1, kind: 'workshop', format: 'in_person', title: { de: 'Werkstatt Datenschutz' } }).returning();
	const [b] = await db.insert(programmeItem).values({ projectId, position: 2, number: 2, kind: 'workshop', format: 'online', title: { de: ARABIC } }).returning();
	const [a1] = await db.insert(session).values({ itemId: a.id, startsAt: new Date('2027-03-10T09:00:00Z'), endsAt: new Date('2027-03-10T16:00:00Z'), city: 'Köln' }).returning();
	const [b1] = await db.insert(session).values({ itemId: b.id, startsAt: new Date('2027-05-05T16:00:00Z'), endsAt: new Date('2027-05-05T18:00:00Z') }).returning();
	let n = 0;
	const reg = async (itemId: number, email: string) =>
		(
			await db
				.insert(registration)
				.values({ itemId, status: 'confirmed', name: email, email, privacyVersion: '1', privacyAcceptedAt: NOW, confirmTokenHash: `t-${++n}`, confirmExpiresAt: NOW })
				.returning()
		)[0].id;
	for (const email of ['a@example.org', 'b@example.org', 'c@example.org']) {
		const r = await reg(a.id, email);
		await db.insert(attendance).values({ registrationId: r, sessionId: a1.id, present: true, markedAt: NOW });
	}
	const r = await reg(b.id, 'd@example.org');
	await db.insert(attendance).values({ registrationId: r, sessionId: b1.id, present: true, markedAt: NOW });
	await setProjectTargets(db, actor, projectId, { items: 4, participants: 8 }, NOW);
});
afterAll(() => database?.close());

describe('the funder report as a PDF', () => {
	it('reads back in order: details, plan against actual, figures, items (Arabic in order), places, months, cohort', async () => {
		const { file, status } = await make('pdf');
		expect(file.contentType).toBe('application/pdf');
		expect(file.fileName).toBe('foerderbericht-bericht.pdf');
		expect(status.back).toBe(`/admin/bericht/${projectId}`);
		const text = await readBack(file.bytes);
		const order = [
			'Förderbericht: Digitale Vereine',
			'Gesamte Laufzeit: 01.01.2027 bis 30.06.2027',
			'Angaben',
			'Plan und Ist',
			'Erreicht gegenüber dem Plan (in %)',
			'Kennzahlen',
			'Nach Programmpunkt',
			'Werkstatt Datenschutz',
			ARABIC,
			'Stunden je Programmpunkt',
			'1 Werkstatt Datenschutz',
			ARABIC,
			'Nach Ort',
			'Köln',
			'Nach Monat',
			'03.2027',
			'Kohorte: Veränderung der Digitalreife',
			'Wie gezählt wird'
		];
		// Each after the one before: the order a reader meets them.
		let from = 0;
		for (const part of order) {
			const at = text.indexOf(part, from);
			expect(at, `"${part}" after position ${from} in:\n${text}`).toBeGreaterThanOrEqual(0);
			from = at + part.length;
		}
		// Plan against actual: 2 of 4 items (50 %), 4 of 8 participants; the differences signed.
		expect(text).toMatch(/Programmpunkte durchgeführt\s+4\s+2\s+-2/);
		expect(text).toMatch(/Teilnehmende \(verschiedene Personen\)\s+8\s+4\s+-4/);
		expect(text).toContain('50 %');
		// The Arabic words in their order, not turned round.
		expect(text).not.toContain('الرقمي التحول ورشة');
		expect(text).toContain('Seite 1 von');
	});

	it('takes the period: a session outside it is left out, and the file name says which', async () => {
		const { file } = await make('pdf', { from: '2027-05-01', to: '2027-05-31' });
		expect(file.fileName).toBe('foerderbericht-bericht-2027-05-01-2027-05-31.pdf');
		const text = await readBack(file.bytes);
		expect(text).toContain('Zeitraum: 01.05.2027 bis 31.05.2027');
		expect(text).toContain(ARABIC);
		expect(text).not.toContain('Werkstatt Datenschutz');
		expect(text).not.toContain('Köln');
	});

	it('joins a second request while one waits, and refuses an unknown project', async () => {
		const first = await requestFunderReport(db, { projectId, period: null, format: 'pdf', actor, now: NOW });
		const second = await requestFunderReport(db, { projectId, period: null, format: 'pdf', actor, now: NOW });
		expect(second.id).toBe(first.id);
		const docx = await requestFunderReport(db, { projectId, period: null, format: 'docx', actor, now: NOW });
		expect(docx.id).not.toBe(first.id);
		await runExport(db, first.id, () => NOW);
		await runExport(db, docx.id, () => NOW);
		await expect(requestFunderReport(db, { projectId: 999_999, period: null, format: 'pdf', actor, now: NOW })).rejects.toMatchObject({ code: 'not_found' });
	});

	it('keys name the project and period, and a broken key is not found', () => {
		expect(parseReportKey(reportKey(7, null))).toEqual({ projectId: 7, period: null });
		expect(parseReportKey(reportKey(7, { from: '2027-01-01', to: '2027-12-31' }))).toEqual({ projectId: 7, period: { from: '2027-01-01', to: '2027-12-31' } });
		expect(() => parseReportKey('x')).toThrow('not_found');
		expect(() => parseReportKey('7/2027/2028')).toThrow('not_found');
	});
});

describe('the Sachbericht draft as DOCX', () => {
	it('holds the project data, goals, the programme as it ran, the figures against the plan and empty sections to write', async () => {
		const { file } = await make('docx');
		expect(file.fileName).toBe('sachbericht-bericht.docx');
		expect(file.contentType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
		const parts = unzipSync(file.bytes);
		expect(Object.keys(parts)).toContain('word/document.xml');
		const xml = strFromU8(parts['word/document.xml']);
		// The text of each paragraph, in document order.
		const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''));
		const headings = [...xml.matchAll(/<w:p[ >](?:(?!<\/w:p>)[\s\S])*?<w:pStyle w:val="(Heading\d|Title)"\/>[\s\S]*?<\/w:p>/g)].map((p) => [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''));
		expect(headings).toEqual([
			'Sachbericht (Entwurf): Digitale Vereine',
			'1. Angaben zum Projekt',
			'2. Ziele des Projekts',
			'Projektbeschreibung',
			'Planwerte laut Antrag',
			'3. Durchgeführtes Programm',
			'4. Zahlen im Vergleich zum Plan',
			'Plan und Ist',
			'Kennzahlen',
			'Nach Programmpunkt',
			'Nach Ort',
			'Nach Monat',
			'Kohorte: Veränderung der Digitalreife',
			'5. Verlauf und Abweichungen',
			'6. Wirkung',
			'7. Ausblick'
		]);
		const row = (...cells: string[]) => {
			const start = paragraphs.findIndex((p, i) => cells.every((c, k) => paragraphs[i + k] === c));
			return start >= 0;
		};
		expect(row('Fördergeber', 'DSEE')).toBe(true);
		expect(row('Laufzeit', '01.01.2027 – 30.06.2027')).toBe(true);
		// The description as plain text, its list items as paragraphs.
		expect(paragraphs).toContain('Vereine digital stärken.');
		expect(paragraphs).toContain('Werkstätten Beratung');
		// The programme as it ran: number, title, dates, place, format, participants.
		expect(row('1', 'Werkstatt Datenschutz', '10.03.2027', 'Köln', 'Vor Ort', '3')).toBe(true);
		expect(row('2', ARABIC, '05.05.2027', 'Online', 'Online', '1')).toBe(true);
		// Figures against the plan.
		expect(row('Programmpunkte durchgeführt', '4', '2', '-2')).toBe(true);
		expect(row('Teilnehmende (verschiedene Personen)', '8', '4', '-4')).toBe(true);
		// The Arabic title is a right-to-left run.
		expect(xml).toMatch(new RegExp(`<w:rtl/>(?:(?!</w:r>)[\\s\\S])*<w:t[^>]*>${ARABIC}</w:t>`));
		// The sections only people can write: headed, with a hint and a placeholder.
		const outlook = paragraphs.indexOf('7. Ausblick');
		expect(paragraphs.slice(outlook + 1, outlook + 3)).toEqual(['Wie geht es weiter: Verstetigung, Transfer, nächste Phase.', '[Vom Projektteam auszufüllen]']);
	});
});
