import { and, eq } from 'drizzle-orm';
import * as m from '../../paraglide/messages.js';
import type { Db } from '../db/client.ts';
import { attendance, registration } from '../db/schema/registration.ts';
import { localise } from '../../content/translatable.ts';
import { isLocale } from '../../i18n/locales.ts';
import { mailLink } from '../mail/link.ts';
import { DomainError } from '../errors.ts';
import { documentBranding } from '../settings/branding.ts';
import { participantList } from './attendance.ts';
import { certificatePdf, issueCertificate, sessionsOf } from './certificates.ts';
import type { Actor } from '../audit/record.ts';

/**
 * The certificate PDF of a registration, issuing it on first download. With `email`, only for that
 * person (participant page); staff pass their actor instead.
 */
export async function certificateFile(
	db: Db,
	opts: { registrationId: number; email?: string; actor: Actor | null; minShare: number; origin: string; now: Date }
): Promise<{ pdf: Buffer; filename: string }> {
	const [reg] = await db.select().from(registration).where(eq(registration.id, opts.registrationId));
	if (!reg || (opts.email !== undefined && reg.email !== opts.email) || reg.status !== 'confirmed') throw new DomainError('not_found');
	const cert = await issueCertificate(db, opts.actor, reg.id, opts.minShare, opts.now);
	const list = await participantList(db, reg.itemId, [reg.id]);
	const own = sessionsOf(reg.sessionId, list.sessions);
	const present = new Set(
		(await db.select({ sessionId: attendance.sessionId }).from(attendance).where(and(eq(attendance.registrationId, reg.id), eq(attendance.present, true)))).map(
			(a) => a.sessionId
		)
	);
	const locale = isLocale(reg.language) ? reg.language : 'de';
	const cities = [...new Set(own.map((s) => s.city).filter(Boolean))];
	const pdf = await certificatePdf(cert, {
		dates: own.map((s) => s.startsAt),
		attendedSessions: own.filter((s) => present.has(s.id)),
		place: cities.length ? cities.join(', ') : list.item.format === 'online' ? m.format_online({}, { locale }) : '',
		organisation: list.rows.find((r) => r.registrationId === reg.id)?.organisation ?? '',
		project: list.project.phaseName || localise(list.project.title, locale).text,
		fundingProgramme: list.project.fundingProgramme,
		funder: list.project.funder,
		locale,
		// The printed link opens the verification page in the certificate's language.
		verifyUrl: mailLink(opts.origin, `/zertifikat/${cert.code}`, reg.language),
		...(await documentBranding(db))
	});
	return { pdf, filename: `teilnahmebescheinigung-${cert.code}.pdf` };
}

/** The sentence for a refused certificate (in the request's language), or null for other errors. */
export function certificateRefusalText(e: unknown): string | null {
	if (!(e instanceof DomainError)) return null;
	if (e.code === 'certificate_too_early') return m.err_certificate_too_early();
	if (e.code === 'not_eligible') return m.err_not_eligible();
	return null;
}
