import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { extractText, getDocumentProxy } from 'unpdf';
import { eq } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { mailOutbox } from '../db/schema/registration.ts';
import { programmeItem } from '../db/schema/programme.ts';
import * as programme from '../programme/commands.ts';
import * as reg from './commands.ts';
import { attendanceSheet, markAttendance, participantList } from './attendance.ts';
import { certificateStates, eligible, findCertificate, issueCertificate } from './certificates.ts';
import { certificateFile } from './certificate-file.ts';
import { participantCsv, participantPdf, participantXlsx } from '../reports/participant-list.ts';

const NOW = new Date('2027-02-01T09:00:00Z');
/** The day after the workshop's second day: certificates exist only from then on. */
const AFTER = new Date('2027-03-21T09:00:00Z');
const actor = { id: 'staff', email: 'team@example.org' };
let database: Database;
let itemId = 0;
let sessions: number[] = [];
const ids: Record<string, number> = {};

beforeAll(async () => {
	database = await openTestDatabase();
	const db = database.db;
	const env: reg.Env = { db, now: NOW, origin: 'http://localhost:3000', secret: 's', holdHours: 48 };
	const p = await programme.createProject(db, actor, { slug: 'att', phaseName: 'Digit-Ready III', fundingProgramme: 'B', funder: 'D', runtimeStart: '2027-01-01', runtimeEnd: '2027-12-31', title: { de: 'P' }, description: {} }, NOW);
	const item = await programme.createItem(db, actor, p.id, { number: 1, kind: 'workshop', format: 'in_person', state: 'scheduled', stateNote: {}, registrationOpen: true, capacity: 10, perSession: false, requiresApproval: false, title: { de: 'Zwei Tage Workshop', tr: 'İki günlük atölye' }, description: {} }, NOW);
	itemId = item.id;
	for (const date of ['2027-03-19', '2027-03-20']) {
		sessions.push((await programme.createSession(db, actor, item.id, { date, startTime: '10:00', endTime: '17:00', city: 'Köln', address: '', track: '', meetingId: null, capacity: null }, NOW)).id);
	}
	for (const [name, email, language] of [['Ayşe Yılmaz', 'ayse@example.org', 'tr'], ['Олександр Коваль', 'o@example.org', 'uk']]) {
		const r = await reg.registerParticipant(env, { itemId: item.id, sessionId: null, name, email, organisationId: null, organisationName: 'Verein', language, needs: '', photoConsent: false });
		const [mail] = await db.select().from(mailOutbox).where(eq(mailOutbox.registrationId, r.registration.id));
		await reg.confirmRegistration(env, mail.text.match(/bestaetigen\/([\w-]+)/)![1]);
		ids[email] = r.registration.id;
	}
	await db.update(programmeItem).set({ registrationOpen: false }).where(eq(programmeItem.id, item.id));
});
afterAll(() => database?.close());

describe('attendance, lists and certificates', () => {
	it('marks attendance per session and counts it per person', async () => {
		await markAttendance(database.db, actor, sessions[0], ids['ayse@example.org'], true, NOW);
		await markAttendance(database.db, actor, sessions[1], ids['ayse@example.org'], true, NOW);
		await markAttendance(database.db, actor, sessions[0], ids['o@example.org'], false, NOW);
		// Tapping again changes the mark, it does not add one.
		await markAttendance(database.db, actor, sessions[0], ids['o@example.org'], true, NOW);
		const sheet = await attendanceSheet(database.db, sessions[0]);
		expect(sheet.people.map((p) => [p.name, p.present])).toEqual([
			['Ayşe Yılmaz', true],
			['Олександр Коваль', true]
		]);
		const list = await participantList(database.db, itemId);
		expect(list.rows.map((r) => [r.name, r.attended, r.expected])).toEqual([
			['Ayşe Yılmaz', 2, 2],
			['Олександр Коваль', 1, 2]
		]);
	});

	it('issues certificates only from the set share on, once, verifiable by code', async () => {
		expect(eligible(1, 2, 0.75)).toBe(false);
		expect(eligible(3, 4, 0.75)).toBe(true);
		// Before the last session has ended there is no certificate, however good the attendance.
		await expect(issueCertificate(database.db, actor, ids['ayse@example.org'], 0.75, NOW)).rejects.toMatchObject({ code: 'certificate_too_early' });
		await expect(issueCertificate(database.db, actor, ids['ayse@example.org'], 0.75, new Date('2027-03-20T15:00:00Z'))).rejects.toMatchObject({ code: 'certificate_too_early' });
		await expect(issueCertificate(database.db, actor, ids['o@example.org'], 0.75, AFTER)).rejects.toMatchObject({ code: 'not_eligible' });
		expect(await certificateStates(database.db, itemId, 0.75, NOW)).toEqual({ [ids['ayse@example.org']]: 'certificate_too_early', [ids['o@example.org']]: 'certificate_too_early' });
		expect(await certificateStates(database.db, itemId, 0.75, AFTER)).toEqual({ [ids['ayse@example.org']]: null, [ids['o@example.org']]: 'not_eligible' });
		const cert = await issueCertificate(database.db, actor, ids['ayse@example.org'], 0.75, AFTER);
		expect((await issueCertificate(database.db, actor, ids['ayse@example.org'], 0.75, AFTER)).code).toBe(cert.code);
		expect(cert.itemTitle).toBe('İki günlük atölye');
		const found = await findCertificate(database.db, cert.code);
		expect(found?.name).toBe('Ayşe Yılmaz');
		expect(await findCertificate(database.db, 'nope')).toBeNull();
		const file = await certificateFile(database.db, { registrationId: ids['ayse@example.org'], email: 'ayse@example.org', actor: null, minShare: 0.75, origin: 'http://x', now: AFTER });
		expect(file.pdf.subarray(0, 5).toString()).toBe('%PDF-');
		await expect(
			certificateFile(database.db, { registrationId: ids['ayse@example.org'], email: 'someone@else.org', actor: null, minShare: 0.75, origin: 'http://x', now: AFTER })
		).rejects.toMatchObject({ code: 'not_found' });
	});

	it('exports the participant list as CSV, XLSX and a signature PDF', async () => {
		const list = await participantList(database.db, itemId);
		const csv = participantCsv(list);
		expect(csv.startsWith('\uFEFFName;Organisation;E-Mail')).toBe(true);
		expect(csv).toContain('Ayşe Yılmaz;Verein;ayse@example.org;tr;2;2');
		const book = new ExcelJS.Workbook();
		await book.xlsx.load((await participantXlsx(list)) as unknown as ArrayBuffer);
		expect(book.getWorksheet('Teilnehmende')!.getRow(3).getCell(1).value).toBe('Олександр Коваль');
		const pdf = await participantPdf(list);
		expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
		expect(pdf.length).toBeGreaterThan(1000);
	});
});

/** The text a PDF viewer shows, page by page (pdf.js through unpdf): proof the file opens. */
async function pdfText(pdf: Buffer): Promise<string> {
	const doc = await getDocumentProxy(new Uint8Array(pdf));
	const { text } = await extractText(doc, { mergePages: true });
	return text;
}

describe('the PDFs open in a PDF reader', () => {
	it('certificate and signature list show their content', async () => {
		const file = await certificateFile(database.db, { registrationId: ids['ayse@example.org'], email: 'ayse@example.org', actor: null, minShare: 0.75, origin: 'http://localhost:3000', now: AFTER });
		const certificate = await pdfText(file.pdf);
		expect(certificate).toContain('Katılım belgesi');
		expect(certificate).toContain('Ayşe Yılmaz');
		expect(certificate).toContain('İki günlük atölye');
		// The printed verification link opens the page in the certificate's language.
		expect(certificate).toContain('http://localhost:3000/tr/zertifikat/');
		const list = await pdfText(await participantPdf(await participantList(database.db, itemId)));
		expect(list).toContain('Teilnahmeliste');
		expect(list).toContain('Олександр Коваль');
		expect(list).toContain('Unterschrift');
	});
});
