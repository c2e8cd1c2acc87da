import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { registration } from '../db/schema/registration.ts';
import { isLocale } from '../../i18n/locales.ts';
import { DomainError } from '../errors.ts';
import { participantList } from './attendance.ts';
import { certificatePdf, issueCertificate } from './certificates.ts';
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
	const list = await participantList(db, reg.itemId);
	const dates = (reg.sessionId === null ? list.sessions : list.sessions.filter((s) => s.id === reg.sessionId)).map((s) => s.startsAt);
	const pdf = await certificatePdf(cert, {
		dates,
		project: list.project.phaseName || list.project.title.de || '',
		locale: isLocale(reg.language) ? reg.language : 'de',
		verifyUrl: `${opts.origin}/zertifikat/${cert.code}`
	});
	return { pdf, filename: `teilnahmebescheinigung-${cert.code}.pdf` };
}
