/**
 * People of an organisation: who is in, their roles, removal. People join by accepting an invitation
 * (invitations.ts). Members sign in with an emailed link (better-auth magic link). What a member
 * may see is always scoped by their own membership, never by an id from the address.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, ne, sql } from 'drizzle-orm';
import * as m from '../../paraglide/messages.js';
import { isLocale } from '../../i18n/locales.ts';
import { localizeUrl } from '../../paraglide/runtime.js';
import type { Db, Tx } from '../db/client.ts';
import { user, verification } from '../db/schema/auth.ts';
import { organisation, organisationInvitation, organisationMember } from '../db/schema/organisations.ts';
import { recordAudit, type Actor } from '../audit/record.ts';
import { deleteMailTo, enqueueMail } from '../mail/outbox.ts';
import { DomainError } from '../errors.ts';

export type MemberRole = 'org_admin' | 'member';

export interface Membership {
	organisationId: number;
	organisationName: string;
	role: MemberRole;
}

export async function membershipOf(db: Db, userId: string): Promise<Membership | null> {
	const [row] = await db
		.select({ organisationId: organisationMember.organisationId, role: organisationMember.role, organisationName: organisation.name })
		.from(organisationMember)
		.innerJoin(organisation, eq(organisation.id, organisationMember.organisationId))
		.where(eq(organisationMember.userId, userId))
		.limit(1);
	return row ? { ...row, role: row.role === 'org_admin' ? 'org_admin' : 'member' } : null;
}

/** An organisation's people with their role, and whether they have signed in yet. */
export async function listMembers(db: Db, organisationId: number) {
	return db
		.select({ userId: user.id, name: user.name, email: user.email, role: organisationMember.role, signedIn: user.emailVerified })
		.from(organisationMember)
		.innerJoin(user, eq(user.id, organisationMember.userId))
		.where(eq(organisationMember.organisationId, organisationId))
		// Admins first ('org_admin' sorts after 'member').
		.orderBy(desc(organisationMember.role), asc(user.name));
}

/**
 * Adds a person to an organisation at once, without asking them (creating their account, role
 * `org_member`, if needed). For test fixtures and seeding only: no door calls it, because it would
 * annex another association's people and show their names; people join through an invitation they
 * accept (invitations.ts; invitations.test.ts checks that no route imports this).
 */
export async function inviteMember(
	db: Db,
	actor: Actor,
	input: { organisationId: number; email: string; name: string; role: MemberRole; byMemberOf?: Membership },
	now: Date
) {
	const email = input.email.trim().toLowerCase();
	assertManages(input.organisationId, input.byMemberOf);
	return db.transaction(async (tx) => {
		const [org] = await tx.select({ id: organisation.id }).from(organisation).where(eq(organisation.id, input.organisationId));
		if (!org) throw new DomainError('not_found');
		let [account] = await tx.select().from(user).where(eq(user.email, email));
		if (!account) {
			[account] = await tx.insert(user).values({ id: randomUUID(), email, name: input.name.trim() || email, role: 'org_member', emailVerified: false, createdAt: now, updatedAt: now }).returning();
		}
		const [existing] = await tx
			.select()
			.from(organisationMember)
			.where(and(eq(organisationMember.organisationId, org.id), eq(organisationMember.userId, account.id)));
		if (!existing) {
			await tx.insert(organisationMember).values({ organisationId: org.id, userId: account.id, role: input.role, createdAt: now });
			await recordAudit(tx, actor, 'organisation.member_invited', { type: 'organisation', id: org.id }, now, { userId: account.id, role: input.role });
		}
		return { userId: account.id, email };
	});
}

/** Only the team, or the organisation's own admin, manage its people. */
function assertManages(organisationId: number, byMemberOf?: Membership) {
	if (byMemberOf && (byMemberOf.organisationId !== organisationId || byMemberOf.role !== 'org_admin')) throw new DomainError('not_found');
}

/** Locks the organisation's people for one change, and says how many admins it has. */
async function lockedAdmins(tx: Tx, organisationId: number) {
	await tx.execute(sql`select id from ${organisationMember} where ${organisationMember.organisationId} = ${organisationId} for update`);
	const [{ n }] = await tx
		.select({ n: count() })
		.from(organisationMember)
		.where(and(eq(organisationMember.organisationId, organisationId), eq(organisationMember.role, 'org_admin')));
	return n;
}

async function memberRow(tx: Tx, organisationId: number, userId: string) {
	const [row] = await tx
		.select()
		.from(organisationMember)
		.where(and(eq(organisationMember.organisationId, organisationId), eq(organisationMember.userId, userId)));
	if (!row) throw new DomainError('not_found');
	return row;
}

/** Changes a person's role; an organisation always keeps at least one admin. */
export async function setMemberRole(db: Db, actor: Actor, input: { organisationId: number; userId: string; role: MemberRole; byMemberOf?: Membership }, now: Date) {
	assertManages(input.organisationId, input.byMemberOf);
	await db.transaction(async (tx) => {
		const admins = await lockedAdmins(tx, input.organisationId);
		const row = await memberRow(tx, input.organisationId, input.userId);
		if (row.role === input.role) return;
		if (row.role === 'org_admin' && admins <= 1) throw new DomainError('last_admin');
		await tx.update(organisationMember).set({ role: input.role }).where(eq(organisationMember.id, row.id));
		await recordAudit(tx, actor, 'organisation.member_role_changed', { type: 'organisation', id: input.organisationId }, now, { userId: input.userId, role: input.role });
	});
}

/**
 * Takes a person out of an organisation: they lose access to its area at once. An association
 * account left without any organisation is deleted. Answers they gave stay in the results,
 * anonymous as before. The last admin stays.
 */
export async function removeMember(db: Db, actor: Actor, input: { organisationId: number; userId: string; byMemberOf?: Membership }, now: Date) {
	assertManages(input.organisationId, input.byMemberOf);
	await db.transaction(async (tx) => {
		const admins = await lockedAdmins(tx, input.organisationId);
		const row = await memberRow(tx, input.organisationId, input.userId);
		if (row.role === 'org_admin' && admins <= 1) throw new DomainError('last_admin');
		await tx.delete(organisationMember).where(eq(organisationMember.id, row.id));
		// An association account without any membership left has no purpose: it is deleted (its
		// sessions with it). Answers it gave stay in the results, keyed by an id that leads nowhere.
		const [account] = await tx.select({ role: user.role, email: user.email }).from(user).where(eq(user.id, input.userId));
		const [elsewhere] = await tx.select({ id: organisationMember.id }).from(organisationMember).where(eq(organisationMember.userId, input.userId)).limit(1);
		if (account?.role === 'org_member' && !elsewhere) {
			await tx.delete(user).where(eq(user.id, input.userId));
			// Its sign-in mails, closed invitations and sign-in tokens (all hold the address) go with it.
			await deleteMailTo(tx, account.email);
			await tx.delete(organisationInvitation).where(and(eq(organisationInvitation.email, account.email), ne(organisationInvitation.status, 'pending')));
			await tx.delete(verification).where(sql`strpos(${verification.value}, ${account.email}) > 0`);
		}
		await recordAudit(tx, actor, 'organisation.member_removed', { type: 'organisation', id: input.organisationId }, now, { userId: input.userId });
	});
}

/**
 * The sign-in mail with the link (magic link), in the language of the page that asked for it; the
 * link opens the sign-in page in that language and the mail names the person's associations. Only
 * association accounts (role org_member: members and invitees) get one: for an unknown address or
 * a staff account (who sign in with their password) nothing is sent. Returns whether a mail was queued.
 */
export async function enqueueSignInMail(db: Db, mail: { email: string; url: string }, language: string, now: Date): Promise<boolean> {
	const locale = isLocale(language) ? language : 'de';
	const o = { locale };
	const [account] = await db.select({ id: user.id, role: user.role }).from(user).where(eq(user.email, mail.email.trim().toLowerCase()));
	if (account?.role !== 'org_member') return false;
	const organisations = await db
		.select({ name: organisation.name })
		.from(organisationMember)
		.innerJoin(organisation, eq(organisation.id, organisationMember.organisationId))
		.where(eq(organisationMember.userId, account.id))
		.orderBy(asc(organisation.name));
	const link = localizeUrl(mail.url, { locale }).href;
	const names = new Intl.ListFormat(locale, { type: 'conjunction' }).format(organisations.map((row) => row.name));
	const intro = organisations.length ? [m.mail_signin_for({ organisations: names }, o)] : [];
	await enqueueMail(
		db,
		{
			to: mail.email,
			subject: m.mail_signin_subject({}, o),
			text: [...intro, m.mail_signin_body({ link }, o), m.mail_signature({}, o)].join('\n\n'),
			template: 'signin',
			language: locale
		},
		now
	);
	return true;
}
