/**
 * Data protection: removing personal data (on request, or when the retention period after the
 * project's end is over) and exporting everything stored about one person (registrations, and an
 * association account with its memberships and check answers). Counts stay: the rows
 * remain, without name, email, needs and consent details.
 */
import { and, asc, eq, inArray, isNull, max, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { programmeItem, project, session } from '../db/schema/programme.ts';
import { attendance, certificate, mailOutbox, registration, reminderSent } from '../db/schema/registration.ts';
import { organisation, organisationMember } from '../db/schema/organisations.ts';
import { session as signInSession, user } from '../db/schema/auth.ts';
import { auditEntry } from '../db/schema/audit.ts';
import { assessmentResponse, assessmentRound } from '../db/schema/assessment.ts';
import { personRef, recordAudit, type Actor } from '../audit/record.ts';
import { localDate } from '../../programme/dates.ts';
import { revokeLinksOfErased } from './links.ts';
import { consultationDataOf } from '../consultation/privacy.ts';

/**
 * Removes the personal data of these registrations, their mails and certificate names. A person
 * left without any registration loses their participant links too (revoked, address blanked).
 */
export async function anonymiseRegistrations(tx: Db | Tx, ids: number[], now: Date, reason: 'request' | 'retention', actor: Actor | null = null) {
	const emails = ids.length ? (await tx.select({ email: registration.email }).from(registration).where(inArray(registration.id, ids))).map((r) => r.email) : [];
	for (const id of ids) {
		await tx
			.update(registration)
			.set({ name: '', email: `anonymised-${id}@invalid`, needs: '', photoConsent: false, anonymisedAt: now, updatedAt: now })
			.where(eq(registration.id, id));
		await tx.delete(mailOutbox).where(eq(mailOutbox.registrationId, id));
		await tx.update(certificate).set({ name: '' }).where(eq(certificate.registrationId, id));
		await recordAudit(tx, actor, 'registration.anonymised', { type: 'registration', id }, now, { reason });
	}
	await revokeLinksOfErased(tx, emails, now);
}

/**
 * Anonymises every registration of projects that ended more than `afterDays` ago (runtime end, or
 * the last session when a project has no runtime). Returns how many registrations it changed.
 * Reads the projects first, then only the registrations of ended ones not yet anonymised (the
 * partial index `registration_identified_idx`): an hourly run that finds nothing to do reads no
 * registration, however many there are.
 */
export async function anonymiseExpired(db: Db, afterDays: number, now: Date): Promise<number> {
	const cutoff = localDate(new Date(now.getTime() - afterDays * 86_400_000));
	const projects = await db.select({ id: project.id, runtimeEnd: project.runtimeEnd }).from(project);
	const withoutRuntime = projects.filter((p) => p.runtimeEnd === null).map((p) => p.id);
	const lastSessions = withoutRuntime.length
		? await db
				.select({ projectId: programmeItem.projectId, endsAt: max(session.endsAt) })
				.from(session)
				.innerJoin(programmeItem, eq(programmeItem.id, session.itemId))
				.where(inArray(programmeItem.projectId, withoutRuntime))
				.groupBy(programmeItem.projectId)
		: [];
	const lastSession = new Map(lastSessions.map((s) => [s.projectId, s.endsAt ? localDate(new Date(s.endsAt)) : undefined]));
	const ended = projects.filter((p) => {
		const end = p.runtimeEnd ?? lastSession.get(p.id);
		return end !== undefined && end < cutoff;
	});
	if (ended.length === 0) return 0;
	// By item ids, not a join: the planner then looks each item up in the partial index.
	const items = await db.select({ id: programmeItem.id }).from(programmeItem).where(inArray(programmeItem.projectId, ended.map((p) => p.id)));
	if (items.length === 0) return 0;
	const due = await db
		.select({ id: registration.id })
		.from(registration)
		.where(and(inArray(registration.itemId, items.map((i) => i.id)), isNull(registration.anonymisedAt)));
	if (due.length === 0) return 0;
	await db.transaction((tx) => anonymiseRegistrations(tx, due.map((d) => d.id), now, 'retention'));
	return due.length;
}

/** Everything stored about one email address, for the team to hand to the person (GDPR Art. 15). */
export async function exportPersonData(db: Db, email: string) {
	const rows = await db
		.select({ r: registration, org: organisation.name, item: programmeItem.title, project: project.phaseName })
		.from(registration)
		.innerJoin(programmeItem, eq(programmeItem.id, registration.itemId))
		.innerJoin(project, eq(project.id, programmeItem.projectId))
		.leftJoin(organisation, eq(organisation.id, registration.organisationId))
		.where(eq(registration.email, email.trim().toLowerCase()));
	const ids = rows.map((x) => x.r.id);
	const [marks, certificates, mails, reminders] = ids.length
		? await Promise.all([
				db.select({ registrationId: attendance.registrationId, sessionId: attendance.sessionId, present: attendance.present, startsAt: session.startsAt }).from(attendance).innerJoin(session, eq(session.id, attendance.sessionId)).where(inArray(attendance.registrationId, ids)),
				db.select().from(certificate).where(inArray(certificate.registrationId, ids)),
				db.select({ registrationId: mailOutbox.registrationId, subject: mailOutbox.subject, status: mailOutbox.status, createdAt: mailOutbox.createdAt, text: mailOutbox.text }).from(mailOutbox).where(inArray(mailOutbox.registrationId, ids)),
				db.select().from(reminderSent).where(and(inArray(reminderSent.registrationId, ids)))
			])
		: [[], [], [], []];
	const association = await associationData(db, email.trim().toLowerCase());
	const traces = await signInsAndAudit(db, email.trim().toLowerCase(), ids);
	const consultations = await consultationDataOf(db, email);
	return {
		email: email.trim().toLowerCase(),
		exportedAt: new Date().toISOString(),
		...association,
		...traces,
		...consultations,
		registrations: rows.map(({ r, org, item, project: phase }) => ({
			id: r.id,
			project: phase,
			programmeItem: item.de ?? '',
			sessionId: r.sessionId,
			status: r.status,
			name: r.name,
			organisation: org,
			language: r.language,
			needs: r.needs,
			privacyVersion: r.privacyVersion,
			privacyAcceptedAt: r.privacyAcceptedAt,
			photoConsent: r.photoConsent,
			emailConfirmedAt: r.emailConfirmedAt,
			createdAt: r.createdAt,
			attendance: marks.filter((a) => a.registrationId === r.id),
			certificates: certificates.filter((c) => c.registrationId === r.id).map((c) => ({ code: c.code, issuedAt: c.issuedAt })),
			mails: mails.filter((m) => m.registrationId === r.id),
			reminders: reminders.filter((x) => x.registrationId === r.id)
		}))
	};
}

/**
 * What an association account holds: the account, its memberships, its own answers to the digital
 * check (respondent = the account), and mail sent to the address outside any registration (sign-in
 * links). Answers stay in the results after the account is gone; they no longer lead to anyone.
 */
async function associationData(db: Db, email: string) {
	const [account] = await db.select({ id: user.id, name: user.name, role: user.role, createdAt: user.createdAt, emailVerified: user.emailVerified }).from(user).where(eq(user.email, email));
	const memberships = account
		? await db
				.select({ organisation: organisation.name, role: organisationMember.role, since: organisationMember.createdAt })
				.from(organisationMember)
				.innerJoin(organisation, eq(organisation.id, organisationMember.organisationId))
				.where(eq(organisationMember.userId, account.id))
		: [];
	const checkAnswers = account
		? await db
				.select({ organisation: organisation.name, round: assessmentRound.number, answers: assessmentResponse.answers, updatedAt: assessmentResponse.updatedAt, completedAt: assessmentResponse.completedAt })
				.from(assessmentResponse)
				.innerJoin(assessmentRound, eq(assessmentRound.id, assessmentResponse.roundId))
				.innerJoin(organisation, eq(organisation.id, assessmentRound.organisationId))
				.where(eq(assessmentResponse.respondentId, account.id))
		: [];
	const otherMails = await db
		.select({ subject: mailOutbox.subject, status: mailOutbox.status, createdAt: mailOutbox.createdAt, template: mailOutbox.template })
		.from(mailOutbox)
		.where(and(eq(mailOutbox.to, email), isNull(mailOutbox.registrationId)));
	return {
		account: account ? { name: account.name, role: account.role, createdAt: account.createdAt, signedIn: account.emailVerified } : null,
		memberships,
		checkAnswers,
		otherMails
	};
}

/**
 * The account's sign-in sessions (when, until when, browser, client address) and every audit entry
 * about the person: on their registrations, on their account, by their account, or naming it.
 */
async function signInsAndAudit(db: Db, email: string, registrationIds: number[]) {
	const [account] = await db.select({ id: user.id }).from(user).where(eq(user.email, email));
	const sessions = account
		? await db
				.select({ createdAt: signInSession.createdAt, expiresAt: signInSession.expiresAt, userAgent: signInSession.userAgent, ipAddress: signInSession.ipAddress })
				.from(signInSession)
				.where(eq(signInSession.userId, account.id))
				.orderBy(asc(signInSession.createdAt))
		: [];
	const about = [
		eq(auditEntry.entityId, personRef(email)),
		sql`strpos(${auditEntry.details}::text, ${personRef(email)}) > 0`,
		...(registrationIds.length ? [and(eq(auditEntry.entityType, 'registration'), inArray(auditEntry.entityId, registrationIds.map(String)))] : []),
		...(account ? [and(eq(auditEntry.entityType, 'user'), eq(auditEntry.entityId, account.id)), eq(auditEntry.actorId, account.id), sql`${auditEntry.details} ->> 'userId' = ${account.id}`] : [])
	];
	const auditEntries = await db
		.select({ at: auditEntry.at, action: auditEntry.action, entityType: auditEntry.entityType, entityId: auditEntry.entityId, details: auditEntry.details })
		.from(auditEntry)
		.where(or(...about))
		.orderBy(asc(auditEntry.id));
	return { sessions, auditEntries };
}
