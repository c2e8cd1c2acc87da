import { describe, expect, it } from 'vitest';
import PDFDocument from 'pdfkit';
import { extractText, getDocumentProxy } from 'unpdf';
import { pdfFonts } from './fonts.ts';
import { endPdf, visualRuns, wrapLines, writeText } from './pdf-text.ts';
import { certificatePdf, type Certificate } from '../registration/certificates.ts';

/** Text as a PDF reader extracts it (pdf.js through unpdf): the order a person reading it sees. */
async function readBack(pdf: Buffer): Promise<string> {
	const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
	return text;
}

async function pdfOf(draw: (doc: InstanceType<typeof PDFDocument>, fonts: { regular: string }) => void): Promise<Buffer> {
	const doc = new PDFDocument({ size: 'A4', margin: 50 });
	const fonts = pdfFonts(doc);
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
	doc.font(fonts.regular).fontSize(14);
	draw(doc, fonts);
	endPdf(doc);
	return done;
}

describe('bidirectional text in PDFs', () => {
	it('puts the runs of a mixed line in visual order (UAX #9)', () => {
		// An Arabic sentence with a German name: in a right-to-left paragraph the Latin run sits in the middle,
		// the Arabic words around it right to left; each right-to-left run stays in logical order for the shaper.
		const runs = visualRuns('ورشة Digitale Infrastruktur في برلين', 'rtl');
		expect(runs.map((r) => [r.text, r.rtl])).toEqual([
			[' في برلين', true],
			['Digitale Infrastruktur', false],
			['ورشة ', true]
		]);
		expect(visualRuns('Teilnahme: محمد الأحمد (Berlin)', 'ltr').map((r) => r.text)).toEqual(['Teilnahme: ', 'محمد الأحمد', ' (Berlin)']);
	});

	it('reads back Arabic words in their order, not reversed or run together', async () => {
		const pdf = await pdfOf((doc) => {
			writeText(doc, 'شهادة حضور', { direction: 'rtl', align: 'center' });
			writeText(doc, 'محمد الأحمد', { direction: 'rtl' });
			writeText(doc, 'Teilnahme: محمد الأحمد (Berlin), 12.03.2026', { direction: 'ltr' });
		});
		const text = await readBack(pdf);
		expect(text).toContain('شهادة حضور');
		// The lam-alef ligature reads back as its two letters in order.
		expect(text).toContain('محمد الأحمد');
		expect(text).toContain('Teilnahme: محمد الأحمد (Berlin), 12.03.2026');
		expect(text).not.toContain('حضورشهادة');
	});

	it('mirrors brackets in right-to-left runs and keeps typed Latin text in its own direction', async () => {
		expect(visualRuns('الحضور (7 ساعات).', 'rtl').map((r) => r.text)).toEqual([' ساعات(.', '7', 'الحضور )']);
		// An organisation typed in German keeps its full stop at its end on an Arabic page.
		expect(visualRuns('Verein Brücke e. V.', 'auto').map((r) => r.text)).toEqual(['Verein Brücke e. V.']);
		expect(visualRuns('Verein Brücke e. V.', 'rtl').map((r) => r.text)).toEqual(['.', 'Verein Brücke e. V']);
	});

	it('wraps long German words inside the line instead of running out of it', () => {
		const measure = (s: string) => s.length * 10;
		const lines = wrapLines(measure, 'des Organisationsentwicklungsansatzes im Transferhandbuch', 120);
		expect(lines.every((l) => measure(l) <= 120)).toBe(true);
		expect(lines.join('').replace(/\s/g, '')).toBe('desOrganisationsentwicklungsansatzesimTransferhandbuch');
	});
});

describe('the certificate', () => {
	const cert: Certificate = { id: 1, registrationId: 1, code: 'abc123', name: 'محمد الأحمد', itemTitle: 'ورشة عمل لمدة يومين', attended: 2, total: 2, issuedAt: new Date('2027-03-21T09:00:00Z') } as Certificate;
	const context = {
		dates: [new Date('2027-03-19T09:00:00Z'), new Date('2027-03-20T09:00:00Z')],
		attendedSessions: [
			{ startsAt: new Date('2027-03-19T09:00:00Z'), endsAt: new Date('2027-03-19T16:00:00Z') },
			{ startsAt: new Date('2027-03-20T09:00:00Z'), endsAt: new Date('2027-03-20T16:00:00Z') }
		],
		place: 'Köln',
		organisation: 'Verein Brücke e. V.',
		project: 'Digit-Ready III',
		fundingProgramme: 'Bildungsturbo',
		funder: 'Stiftung Beispiel',
		verifyUrl: 'http://localhost:3000/ar/zertifikat/abc123'
	};

	it('in Arabic reads back title, name and item in order, with issuer, funder, hours and signature line', async () => {
		const text = await readBack(await certificatePdf(cert, { ...context, locale: 'ar' }));
		expect(text).toContain('شهادة حضور');
		expect(text).toContain('محمد الأحمد');
		expect(text).toContain('ورشة عمل لمدة يومين');
		expect(text).toContain('Digit-Ready III');
		expect(text).toContain('Stiftung Beispiel');
		expect(text).toContain('14 ساعة');
		expect(text).toContain('توقيع إدارة المشروع');
		expect(text).toContain('http://localhost:3000/ar/zertifikat/abc123');
	});

	it('in German names the hours, the place, the funder and the programme', async () => {
		const text = await readBack(await certificatePdf({ ...cert, name: 'Ayşe Yılmaz', itemTitle: 'Zwei Tage Workshop' }, { ...context, locale: 'de' }));
		expect(text).toContain('Teilnahmebescheinigung');
		expect(text).toContain('Ayşe Yılmaz');
		expect(text).toContain('Anwesend an 2 von 2 Terminen (14 Stunden).');
		expect(text).toContain('Köln');
		expect(text).toContain('Gefördert von Stiftung Beispiel im Programm Bildungsturbo');
		expect(text).toContain('Unterschrift der Projektleitung');
	});
});

describe('the development plan', () => {
	it('in Arabic reads back title, association and goals in order, with the chart and the numbered areas', async () => {
		const view = {
			instrument: { dimensions: [{ key: 'a', title: { de: 'Struktur', ar: 'الهيكل' } }, { key: 'b', title: { de: 'Kommunikation', ar: 'التواصل' } }, { key: 'c', title: { de: 'Daten', ar: 'البيانات' } }] },
			organisation: { name: 'جمعية الجسر (fiktiv)' },
			latest: { results: [{ key: 'a', score: 2.5 }, { key: 'b', score: 1 }, { key: 'c', score: null }] },
			targets: { a: 3 }
		};
		const plan = { goals: [{ dimensionKey: 'b', text: 'موقع إلكتروني جديد', measures: [{ text: 'اختيار نظام', owner: 'ليلى', dueDate: '2027-03-01', status: 'open' }] }], comments: [] };
		const { planPdf } = await import('../assessment/plan.ts');
		const pdf = await planPdf(view as never, plan as never, { title: 'خطة التطوير', results: 'النتيجة', plan: 'خطة التطوير', comments: 'تعليقات', asOf: 'حتى تاريخ: 1 ديسمبر 2026', legend: 'المساحة الزرقاء', statuses: { open: 'مفتوح', in_progress: 'قيد التنفيذ', done: 'منجز' } }, 'ar');
		const text = await readBack(pdf);
		expect(text).toContain('خطة التطوير');
		// Brackets inside Arabic are drawn mirrored (as they must look) and so read back mirrored: extraction maps
		// glyphs, not characters. The words around them read back in order.
		expect(text).toContain('جمعية الجسر');
		expect(text).toContain('fiktiv');
		if (process.env.PDF_OUT) (await import('node:fs')).writeFileSync(process.env.PDF_OUT, pdf);
		expect(text).toMatch(/1\. الهيكل: .*2\.5/);
		expect(text).toContain('التواصل: موقع إلكتروني جديد');
		expect(text).toContain('اختيار نظام');
	});
});

describe('the signature list', () => {
	const list = (days: number) => ({
		project: { phaseName: 'Digit-Ready II', title: { de: 'x' }, fundingProgramme: 'Bildungsturbo', funder: 'Stiftung Beispiel' },
		item: { title: { de: 'Workshop Digitale Infrastruktur' }, format: 'in_person' },
		sessions: Array.from({ length: days }, (_, i) => ({ id: i + 1, startsAt: new Date(Date.UTC(2027, 2, 19 + i, 9)), endsAt: new Date(Date.UTC(2027, 2, 19 + i, 16)), city: 'Mönchengladbach-Rheydt', address: 'Bismarckstraße 97' })),
		rows: [{ registrationId: 1, name: 'محمد الأحمد', organisation: 'Verein für Organisationsentwicklungsansätze und Integration e. V.', email: '', language: 'ar', expected: days, attended: days }]
	});

	it('has a signature column per session of a two-day workshop, the funder in the header, nothing cut off', async () => {
		const { participantPdf } = await import('./participant-list.ts');
		const text = await readBack(await participantPdf(list(2) as never));
		// (The weekday's abbreviation comes from the machine's ICU data: "Fr." or "Fr".)
		expect(text).toMatch(/Unterschrift Fr\.?, 19\.03\.2027/);
		expect(text).toMatch(/Unterschrift Sa\.?, 20\.03\.2027/);
		expect(text).toContain('Gefördert von Stiftung Beispiel');
		expect(text).toContain('Mönchengladbach-Rheydt, Bismarckstraße 97');
		expect(text).toContain('محمد الأحمد');
		// A word too long for its cell breaks inside the cell; nothing is cut off.
		expect(text.replace(/\s+/g, '')).toContain('VereinfürOrganisationsentwicklungsansätzeundIntegratione.V.');
	});

	it('gives a long series one list per session', async () => {
		const { participantPdf } = await import('./participant-list.ts');
		const pdf = await participantPdf(list(10) as never);
		expect((await getDocumentProxy(new Uint8Array(pdf))).numPages).toBe(10);
	});
});
