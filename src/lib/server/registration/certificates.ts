/**
 * Certificates of attendance: issued to confirmed participants who attended at least the set share
 * of their sessions, printed in their language, with a verification URL and QR code that confirm
 * the certificate (name, programme item, attendance, date) and show nothing else.
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import QRCode from 'qrcode';
import * as m from '../../paraglide/messages.js';
import type { Db } from '../db/client.ts';
import { certificate, registration } from '../db/schema/registration.ts';
import { recordAudit, type Actor } from '../audit/record.ts';
import { DomainError } from '../errors.ts';
import { localise } from '../../content/translatable.ts';
import { isLocale, type Locale } from '../../i18n/locales.ts';
import { durationHours, formatDate, formatHours, formatSessionDates, localDate } from '../../programme/dates.ts';
import { participantList } from './attendance.ts';
import { createDocument, INK, TYPE, type DocumentBranding } from '../reports/document.ts';
import { writeText } from '../reports/pdf-text.ts';

export type Certificate = typeof certificate.$inferSelect;

/** Whether this attendance earns a certificate at `minShare` (0–1). */
export function eligible(attended: number, expected: number, minShare: number): boolean {
	return expected > 0 && attended / expected >= minShare - 1e-9;
}

/** The sessions a registration covers: all of the item's, or its one session. */
export function sessionsOf<S extends { id: number }>(registrationSessionId: number | null, sessions: S[]): S[] {
	return registrationSessionId === null ? sessions : sessions.filter((s) => s.id === registrationSessionId);
}

/**
 * Why a certificate cannot be issued (yet), or null when it can: it certifies sessions that have
 * taken place, so it exists only after the last of them ended, and only for those who attended
 * at least the share. Used by the service and by every page that offers the download.
 */
export function certificateRefusal(
	attendance: { attended: number; expected: number },
	sessionEnds: Date[],
	minShare: number,
	now: Date
): 'certificate_too_early' | 'not_eligible' | null {
	if (sessionEnds.length === 0 || sessionEnds.some((end) => end.getTime() > now.getTime())) return 'certificate_too_early';
	return eligible(attendance.attended, attendance.expected, minShare) ? null : 'not_eligible';
}

/**
 * Issues (or returns the already issued) certificate. Throws `certificate_too_early` before the
 * person's sessions are over and `not_eligible` below the share.
 */
export async function issueCertificate(db: Db, actor: Actor | null, registrationId: number, minShare: number, now: Date): Promise<Certificate> {
	const [existing] = await db.select().from(certificate).where(eq(certificate.registrationId, registrationId));
	if (existing) return existing;
	const [reg] = await db.select().from(registration).where(eq(registration.id, registrationId));
	if (!reg) throw new DomainError('not_found');
	const list = await participantList(db, reg.itemId, [registrationId]);
	const row = list.rows.find((r) => r.registrationId === registrationId);
	if (!row) throw new DomainError('not_found');
	const own = sessionsOf(reg.sessionId, list.sessions);
	const refused = certificateRefusal(row, own.map((s) => s.endsAt), minShare, now);
	if (refused) throw new DomainError(refused);
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

/**
 * For each confirmed registration of an item (or of those in `registrationIds`, a page of the list):
 * null when its certificate can be issued, else why not.
 */
export async function certificateStates(db: Db, itemId: number, minShare: number, now: Date, registrationIds?: number[]) {
	const list = await participantList(db, itemId, registrationIds);
	const states: Record<number, ReturnType<typeof certificateRefusal>> = {};
	for (const row of list.rows) {
		states[row.registrationId] = certificateRefusal(row, sessionsOf(row.sessionId, list.sessions).map((s) => s.endsAt), minShare, now);
	}
	return states;
}

export async function findCertificate(db: Db, code: string) {
	const [row] = await db.select().from(certificate).where(eq(certificate.code, code));
	return row ?? null;
}

export interface CertificateContext {
	/** Start and end of each session the person attended. */
	attendedSessions: { startsAt: Date; endsAt: Date }[];
	/** Dates of all the sessions the certificate covers. */
	dates: Date[];
	/** Where it took place ("Berlin, Hamburg" or "Online"). */
	place: string;
	organisation: string;
	/** The project ("Digit-Ready II") and who funds it, from the project's settings. */
	project: string;
	fundingProgramme: string;
	funder: string;
	locale: Locale;
	verifyUrl: string;
	/** The provider who issues it (settings: branding): logo and name at the top. */
	branding?: DocumentBranding | null;
	accent?: string;
}

/**
 * The certificate as a one-page A4 document an association would frame or hand to its board, in the
 * document style (reports/document.ts): the provider's logo and name as issuer, the project and its
 * programme, the person, the programme item with its dates, place and hours, a signature line, the
 * funder, and the verification QR code with its address. Mirrored for right-to-left languages.
 */
export async function certificatePdf(cert: Certificate, context: CertificateContext): Promise<Buffer> {
	const o = { locale: context.locale };
	const d = createDocument({ locale: context.locale, title: m.cert_title({}, o), branding: context.branding ?? null, accent: context.accent, footer: false });
	const { doc, fonts, direction, accent } = d;
	const qr = await QRCode.toBuffer(context.verifyUrl, { margin: 1, width: 240 });
	const { width: pageWidth, height: pageHeight } = doc.page;
	// Names, organisations and titles are what people typed: they keep their own direction.
	const center = (text: string, font: string, size: number, gap = 0.6, color = 'black', base: 'auto' | undefined = undefined) => {
		doc.font(font).fontSize(size).fillColor(color);
		writeText(doc, text, { direction, base, align: 'center', x: d.box.left, width: d.box.width });
		doc.moveDown(gap);
	};

	// A double frame in the accent, then the issuer: the provider's logo and name.
	doc.lineWidth(2).strokeColor(accent).rect(28, 28, pageWidth - 56, pageHeight - 56).stroke();
	doc.lineWidth(0.5).rect(34, 34, pageWidth - 68, pageHeight - 68).stroke();
	d.titleBlock({ title: '', align: 'center' });
	if (context.project) center(context.project, fonts.bold, TYPE.subtitle, 0.2, INK.muted, 'auto');
	if (context.fundingProgramme) center(context.fundingProgramme, fonts.regular, TYPE.body, 0.2, INK.muted, 'auto');
	doc.y = Math.max(doc.y + 24, 230);
	center(m.cert_title({}, o), fonts.bold, TYPE.display, 1.2, accent);
	center(m.cert_intro({}, o), fonts.regular, 13);
	center(cert.name, fonts.bold, 22, 0.3, 'black', 'auto');
	if (context.organisation) center(context.organisation, fonts.regular, 12, 0.6, INK.muted, 'auto');
	center(m.cert_attended({}, o), fonts.regular, 13);
	center(cert.itemTitle, fonts.bold, 17, 0.5, 'black', 'auto');
	center([formatSessionDates(context.dates, context.locale), context.place].filter(Boolean).join(' · '), fonts.regular, 12, 0.3);
	const hours = context.attendedSessions.reduce((sum, s) => sum + durationHours(s.startsAt, s.endsAt), 0);
	center(m.cert_sessions_hours({ attended: cert.attended, total: cert.total, hours: formatHours(hours, context.locale) }, o), fonts.regular, 12, 0.3);

	// Signature line at the start side, verification at the end side.
	const baseY = 610;
	const rtl = direction === 'rtl';
	const sigX = rtl ? pageWidth - 60 - 230 : 60;
	const qrX = rtl ? 85 : pageWidth - 85 - 110;
	doc.strokeColor('black').lineWidth(0.8).moveTo(sigX, baseY + 70).lineTo(sigX + 230, baseY + 70).stroke();
	doc.font(fonts.regular).fontSize(9).fillColor(INK.muted);
	writeText(doc, m.cert_signature({}, o), { direction, x: sigX, y: baseY + 76, width: 230 });
	writeText(doc, m.cert_issued({ date: formatDate(localDate(cert.issuedAt), context.locale) }, o), { direction, x: sigX, y: baseY + 40, width: 230 });
	doc.image(qr, qrX, baseY, { width: 110 });
	doc.fontSize(TYPE.small);
	writeText(doc, m.cert_verify_short({}, o), { direction, x: qrX - 40, y: baseY + 114, width: 190, align: 'center' });
	writeText(doc, context.verifyUrl, { direction: 'ltr', x: qrX - 40, y: baseY + 126, width: 190, align: 'center', maxLines: 2 });

	if (context.funder) {
		doc.fontSize(9).fillColor(INK.muted);
		const funded = context.fundingProgramme
			? m.cert_funded_programme({ funder: context.funder, programme: context.fundingProgramme }, o)
			: m.cert_funded({ funder: context.funder }, o);
		writeText(doc, funded, { direction, x: d.box.left, y: pageHeight - 92, width: d.box.width, align: 'center' });
	}
	return d.finish();
}
