/**
 * Certificates of attendance: issued to confirmed participants who attended at least the set share
 * of their sessions, printed in their language, with a verification URL and QR code that confirm
 * the certificate (name, programme item, attendance, date) and show nothing else.
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import * as m from '../../paraglide/messages.js';
import type { Db } from '../db/client.ts';
import { certificate, registration } from '../db/schema/registration.ts';
import { recordAudit, type Actor } from '../audit/record.ts';
import { DomainError } from '../errors.ts';
import { localise } from '../../content/translatable.ts';
import { isLocale, type Locale } from '../../i18n/locales.ts';
import { formatDate, formatSessionDates, localDate } from '../../programme/dates.ts';
import { participantList } from './attendance.ts';
import { pdfFonts } from '../reports/fonts.ts';

export type Certificate = typeof certificate.$inferSelect;

/** Whether this attendance earns a certificate at `minShare` (0–1). */
export function eligible(attended: number, expected: number, minShare: number): boolean {
	return expected > 0 && attended / expected >= minShare - 1e-9;
}

/** Issues (or returns the already issued) certificate. Throws `not_eligible` below the share. */
export async function issueCertificate(db: Db, actor: Actor | null, registrationId: number, minShare: number, now: Date): Promise<Certificate> {
	const [existing] = await db.select().from(certificate).where(eq(certificate.registrationId, registrationId));
	if (existing) return existing;
	const [reg] = await db.select().from(registration).where(eq(registration.id, registrationId));
	if (!reg) throw new DomainError('not_found');
	const list = await participantList(db, reg.itemId);
	const row = list.rows.find((r) => r.registrationId === registrationId);
	if (!row || !eligible(row.attended, row.expected, minShare)) throw new DomainError('not_eligible');
	const locale: Locale = isLocale(reg.language) ? reg.language : 'de';
	return db.transaction(async (tx) => {
		const [created] = await tx
			.insert(certificate)
			.values({
				registrationId,
				code: randomBytes(8).toString('base64url'),
				name: reg.name,
				itemTitle: localise(list.item.title, locale).text,
				attended: row.attended,
				total: row.expected,
				issuedAt: now
			})
			.onConflictDoNothing()
			.returning();
		if (!created) return (await tx.select().from(certificate).where(eq(certificate.registrationId, registrationId)))[0];
		await recordAudit(tx, actor, 'certificate.issued', { type: 'registration', id: registrationId }, now, { code: created.code });
		return created;
	});
}

export async function findCertificate(db: Db, code: string) {
	const [row] = await db.select().from(certificate).where(eq(certificate.code, code));
	return row ?? null;
}

/** The certificate as a one-page A4 PDF in `locale`, with the verification QR code. */
export async function certificatePdf(cert: Certificate, context: { dates: Date[]; project: string; locale: Locale; verifyUrl: string }): Promise<Buffer> {
	const o = { locale: context.locale };
	const doc = new PDFDocument({ size: 'A4', margin: 60, info: { Title: m.cert_title({}, o), Creator: 'Bildungsturbo' } });
	const fonts = pdfFonts(doc);
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
	const qr = await QRCode.toBuffer(context.verifyUrl, { margin: 1, width: 240 });
	doc.font(fonts.bold).fontSize(26).text(m.cert_title({}, o), { align: 'center' });
	doc.moveDown(2).font(fonts.regular).fontSize(13).text(m.cert_intro({}, o), { align: 'center' });
	doc.moveDown().font(fonts.bold).fontSize(20).text(cert.name, { align: 'center' });
	doc.moveDown().font(fonts.regular).fontSize(13).text(m.cert_attended({}, o), { align: 'center' });
	doc.moveDown().font(fonts.bold).fontSize(16).text(cert.itemTitle, { align: 'center' });
	doc.moveDown().font(fonts.regular).fontSize(12)
		.text(`${context.project} · ${formatSessionDates(context.dates, context.locale)}`, { align: 'center' })
		.text(m.cert_sessions({ attended: cert.attended, total: cert.total }, o), { align: 'center' });
	doc.image(qr, (doc.page.width - 120) / 2, 560, { width: 120 });
	doc.fontSize(9).fillColor('#444').text(m.cert_verify({ url: context.verifyUrl }, o), 60, 690, { align: 'center' });
	doc.text(m.cert_issued({ date: formatDate(localDate(cert.issuedAt), context.locale) }, o), { align: 'center' });
	doc.end();
	return done;
}
