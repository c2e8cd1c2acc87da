/**
 * Invitations to an organisation: an offer the invited person accepts or declines. Inviting changes
 * nothing for the person and tells the inviting side nothing about them (whether they have an
 * account, their name, other associations): it sees the address it typed and whether the offer is
 * still open. The same path serves an organisation's admin and the programme team.
 *
 * The mail carries a sign-in link (better-auth magic link, which needs an account: one is created
 * for an unknown address, with no membership and so no access). After signing in, the person sees
 * the offer, naming the association and who invited them, at /verein/einladung. An account that an
 * invitation created and that ends up with no membership and no open offer is deleted again.
 *
 * Limits (rows of this table, counted under locks, so shared by every app instance): per address,
 * from one organisation and from all together, and per organisation for its admins (the team is
 * trusted to onboard a whole cohort in a day).
 */
import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, gt, isNull, lte, ne, sql } from 'drizzle-orm';
import * as m from '../../paraglide/messages.js';
import { BASE_LOCALE, isLocale, type Locale } from '../../i18n/locales.ts';
import { formatDate, localDate } from '../../programme/dates.ts';
import type { Db, Tx } from '../db/client.ts';
import { user, verification } from '../db/schema/auth.ts';
import { organisation, organisationInvitation, organisationMember } from '../db/schema/organisations.ts';
import { recordAudit, type Actor } from '../audit/record.ts';
import { deleteMailTo, enqueueMail } from '../mail/outbox.ts';
import { mailLink } from '../mail/link.ts';
import { DomainError } from '../errors.ts';
import type { MemberRole, Membership } from './members.ts';

/** How long an offer stays open. The sign-in link in its mail lasts 24 hours (auth.ts). */
export const INVITATION_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Invitations per rolling 24 hours. */
export const INVITE_LIMITS = {
	/** To one address from one organisation (a resend counts). */
	recipientFromOrganisation: 3,
	/** To one address from all organisations together: nobody is flooded with offers. */
	recipient: 10,
	/** From one organisation's admins, to anybody. */
	organisation: 30
} as const;

export interface InviteInput {
	organisationId: number;
	email: string;
	/** Typed by the inviter; names an account this invitation creates, nothing else. */
	name: string;
	role: MemberRole;
	/** The invitee's language: the mail and its link use it. */
	language: string;
	/** Set when an organisation's admin invites (their own organisation only); unset for the team. */
	byMemberOf?: Membership;
}

/** Only the team, or the organisation's own admin, invite to it. */
function assertInvites(organisationId: number, byMemberOf?: Membership) {
	if (byMemberOf && (byMemberOf.organisationId !== organisationId || byMemberOf.role !== 'org_admin')) throw new DomainError('not_found');
}

/** Serialises everything that creates or deletes the account of `email` or counts its invitations. */
async function lockAddress(tx: Tx, email: string) {
	await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`invitation:${email}`}))`);
}

async function countSince(tx: Tx, since: Date, ...conditions: ReturnType<typeof eq>[]) {
	const [{ n }] = await tx
		.select({ n: count() })
		.from(organisationInvitation)
		.where(and(gt(organisationInvitation.createdAt, since), ...conditions));
	return n;
}

/**
 * Invites `email` to the organisation. An open invitation to the same address is replaced (a
 * resend). Throws `not_found` (no such organisation, or not the admin's own), `already_member`
 * (field `email`), `invite_limit_recipient` or `invite_limit_organisation`. The caller then asks
 * for the sign-in link (see enqueueInvitationMail).
 */
export async function inviteToOrganisation(db: Db, actor: Actor, input: InviteInput, now: Date): Promise<{ id: number; email: string }> {
	const email = input.email.trim().toLowerCase();
	const language: Locale = isLocale(input.language) ? input.language : BASE_LOCALE;
	assertInvites(input.organisationId, input.byMemberOf);
	return db.transaction(async (tx) => {
		// One organisation's invitations one at a time, then one address's: always in this order.
		const [org] = await tx.select({ id: organisation.id }).from(organisation).where(eq(organisation.id, input.organisationId)).for('update');
		if (!org) throw new DomainError('not_found');
		await lockAddress(tx, email);
		let [account] = await tx.select({ id: user.id }).from(user).where(eq(user.email, email));
		if (account) {
			const [member] = await tx
				.select({ id: organisationMember.id })
				.from(organisationMember)
				.where(and(eq(organisationMember.organisationId, input.organisationId), eq(organisationMember.userId, account.id)));
			if (member) throw new DomainError('already_member', 'email');
		}
		const since = new Date(now.getTime() - DAY_MS);
		const fromHere = eq(organisationInvitation.organisationId, input.organisationId);
		const toAddress = eq(organisationInvitation.email, email);
		// Both address limits give the same answer: the inviter learns nothing about other associations.
		if ((await countSince(tx, since, fromHere, toAddress)) >= INVITE_LIMITS.recipientFromOrganisation || (await countSince(tx, since, toAddress)) >= INVITE_LIMITS.recipient) {
			throw new DomainError('invite_limit_recipient', 'email');
		}
		if (input.byMemberOf && (await countSince(tx, since, fromHere)) >= INVITE_LIMITS.organisation) {
			throw new DomainError('invite_limit_organisation', 'form', { max: INVITE_LIMITS.organisation });
		}
		await tx
			.update(organisationInvitation)
			.set({ status: 'withdrawn', respondedAt: now })
			.where(and(fromHere, toAddress, eq(organisationInvitation.status, 'pending')));
		if (!account) {
			[account] = await tx
				.insert(user)
				.values({ id: randomUUID(), email, name: input.name.trim() || email, role: 'org_member', emailVerified: false, createdAt: now, updatedAt: now })
				.returning({ id: user.id });
		}
		const [inviter] = await tx.select({ id: user.id, name: user.name }).from(user).where(eq(user.id, actor.id));
		const [row] = await tx
			.insert(organisationInvitation)
			.values({
				organisationId: input.organisationId,
				email,
				name: input.name.trim(),
				role: input.role,
				language,
				invitedBy: inviter?.id ?? null,
				inviterName: inviter?.name.trim() || actor.email,
				byTeam: !input.byMemberOf,
				status: 'pending',
				createdAt: now,
				expiresAt: new Date(now.getTime() + INVITATION_DAYS * DAY_MS)
			})
			.returning({ id: organisationInvitation.id });
		await recordAudit(tx, actor, 'organisation.member_invited', { type: 'organisation', id: input.organisationId }, now, { email, role: input.role, invitation: row.id });
		return { id: row.id, email };
	});
}

const open = (now: Date) => and(eq(organisationInvitation.status, 'pending'), gt(organisationInvitation.expiresAt, now));

/** An organisation's open invitations, by the typed address only. */
export async function listInvitations(db: Db, organisationId: number, now: Date) {
	return db
		.select({ id: organisationInvitation.id, email: organisationInvitation.email, role: organisationInvitation.role, createdAt: organisationInvitation.createdAt, expiresAt: organisationInvitation.expiresAt })
		.from(organisationInvitation)
		.where(and(eq(organisationInvitation.organisationId, organisationId), open(now)))
		.orderBy(asc(organisationInvitation.email));
}

/** The inviter (or the team) takes an open invitation back. Throws `not_found` for anything else. */
export async function withdrawInvitation(db: Db, actor: Actor, input: { organisationId: number; invitationId: number; byMemberOf?: Membership }, now: Date) {
	assertInvites(input.organisationId, input.byMemberOf);
	await db.transaction(async (tx) => {
		const [row] = await tx
			.update(organisationInvitation)
			.set({ status: 'withdrawn', respondedAt: now })
			.where(and(eq(organisationInvitation.id, input.invitationId), eq(organisationInvitation.organisationId, input.organisationId), eq(organisationInvitation.status, 'pending')))
			.returning({ email: organisationInvitation.email });
		if (!row) throw new DomainError('not_found');
		await deleteUnusedAccount(tx, row.email, now);
		await recordAudit(tx, actor, 'organisation.invitation_withdrawn', { type: 'organisation', id: input.organisationId }, now, { invitation: input.invitationId });
	});
}

/** The open offers to the signed-in person's address, newest first. */
export async function invitationsFor(db: Db, email: string, now: Date) {
	return db
		.select({
			id: organisationInvitation.id,
			organisationName: organisation.name,
			inviterName: organisationInvitation.inviterName,
			byTeam: organisationInvitation.byTeam,
			role: organisationInvitation.role,
			expiresAt: organisationInvitation.expiresAt
		})
		.from(organisationInvitation)
		.innerJoin(organisation, eq(organisation.id, organisationInvitation.organisationId))
		.where(and(eq(organisationInvitation.email, email.trim().toLowerCase()), open(now)))
		.orderBy(desc(organisationInvitation.createdAt));
}

/** Who invited, as the mail and the offer say it. */
export function inviterLabel(row: { inviterName: string; byTeam: boolean }, locale: Locale): string {
	return row.byTeam ? m.invite_by_team({ name: row.inviterName }, { locale }) : row.inviterName;
}

/** Locks one open offer to `email`; `not_found` when there is none (another address's, answered, expired). */
async function openOffer(tx: Tx, email: string, invitationId: number, now: Date) {
	const [row] = await tx
		.select()
		.from(organisationInvitation)
		.where(and(eq(organisationInvitation.id, invitationId), eq(organisationInvitation.email, email.trim().toLowerCase()), open(now)))
		.for('update');
	if (!row) throw new DomainError('not_found');
	return row;
}

/** The invited person accepts: they join with the offered role. */
export async function acceptInvitation(db: Db, account: { userId: string; email: string }, invitationId: number, now: Date) {
	return db.transaction(async (tx) => {
		const offer = await openOffer(tx, account.email, invitationId, now);
		await tx
			.insert(organisationMember)
			.values({ organisationId: offer.organisationId, userId: account.userId, role: offer.role === 'org_admin' ? 'org_admin' : 'member', createdAt: now })
			.onConflictDoNothing();
		await tx.update(organisationInvitation).set({ status: 'accepted', respondedAt: now }).where(eq(organisationInvitation.id, offer.id));
		await recordAudit(tx, { id: account.userId, email: account.email }, 'organisation.invitation_accepted', { type: 'organisation', id: offer.organisationId }, now, { invitation: offer.id, role: offer.role });
		return { organisationId: offer.organisationId };
	});
}

/**
 * The invited person declines: nothing changes but the offer. An account that then has no
 * membership and no open offer is deleted (its session with it); `accountDeleted` says so.
 */
export async function declineInvitation(db: Db, account: { userId: string; email: string }, invitationId: number, now: Date) {
	return db.transaction(async (tx) => {
		const offer = await openOffer(tx, account.email, invitationId, now);
		await tx.update(organisationInvitation).set({ status: 'declined', respondedAt: now }).where(eq(organisationInvitation.id, offer.id));
		await recordAudit(tx, { id: account.userId, email: account.email }, 'organisation.invitation_declined', { type: 'organisation', id: offer.organisationId }, now, { invitation: offer.id });
		const [org] = await tx.select({ name: organisation.name }).from(organisation).where(eq(organisation.id, offer.organisationId));
		return { organisationName: org?.name ?? '', accountDeleted: await deleteUnusedAccount(tx, offer.email, now) };
	});
}

/** Deletes the association account of `email` if it has no membership and no open offer, with its mails and tokens. */
async function deleteUnusedAccount(tx: Tx, email: string, now: Date): Promise<boolean> {
	await lockAddress(tx, email);
	const [account] = await tx.select({ id: user.id }).from(user).where(and(eq(user.email, email), eq(user.role, 'org_member')));
	if (!account) return false;
	const [member] = await tx.select({ id: organisationMember.id }).from(organisationMember).where(eq(organisationMember.userId, account.id)).limit(1);
	const [offer] = await tx.select({ id: organisationInvitation.id }).from(organisationInvitation).where(and(eq(organisationInvitation.email, email), open(now))).limit(1);
	if (member || offer) return false;
	await tx.delete(user).where(eq(user.id, account.id));
	// Its mails (invitations, sign-in links) and sign-in tokens hold the address: they go with it.
	await deleteMailTo(tx, email);
	await tx.delete(verification).where(sql`strpos(${verification.value}, ${email}) > 0`);
	return true;
}

/** How long an answered, withdrawn or expired invitation is kept: past the daily limits' window, then deleted (it holds an address). */
export const CLOSED_INVITATION_DAYS = 30;

/**
 * For the maintenance job: marks lapsed offers `expired`, deletes accounts left without purpose,
 * and deletes invitations closed more than CLOSED_INVITATION_DAYS ago.
 */
export async function closeExpiredInvitations(db: Db, now: Date): Promise<number> {
	await db
		.delete(organisationInvitation)
		.where(and(ne(organisationInvitation.status, 'pending'), lte(organisationInvitation.respondedAt, new Date(now.getTime() - CLOSED_INVITATION_DAYS * DAY_MS))));
	const lapsed = await db
		.update(organisationInvitation)
		.set({ status: 'expired', respondedAt: now })
		.where(and(eq(organisationInvitation.status, 'pending'), lte(organisationInvitation.expiresAt, now)))
		.returning({ email: organisationInvitation.email });
	for (const email of new Set(lapsed.map((r) => r.email))) {
		await db.transaction((tx) => deleteUnusedAccount(tx, email, now));
	}
	return lapsed.length;
}

/**
 * Writes the invitation mail when a sign-in link goes to an address with an open invitation whose
 * mail has not gone out yet (the oldest such, marked so it goes out once): in the invitee's
 * language, naming the association and the inviter, with the link in that language. Returns false
 * when there is none; the caller then sends the plain sign-in mail.
 */
export async function enqueueInvitationMail(db: Db, mail: { email: string; url: string }, now: Date): Promise<boolean> {
	const email = mail.email.trim().toLowerCase();
	return db.transaction(async (tx) => {
		const [candidate] = await tx
			.select({ id: organisationInvitation.id })
			.from(organisationInvitation)
			.where(and(eq(organisationInvitation.email, email), open(now), isNull(organisationInvitation.mailedAt)))
			.orderBy(asc(organisationInvitation.createdAt), asc(organisationInvitation.id))
			.limit(1)
			.for('update', { skipLocked: true });
		if (!candidate) return false;
		const [row] = await tx.update(organisationInvitation).set({ mailedAt: now }).where(eq(organisationInvitation.id, candidate.id)).returning();
		const [org] = await tx.select({ name: organisation.name }).from(organisation).where(eq(organisation.id, row.organisationId));
		const locale: Locale = isLocale(row.language) ? row.language : BASE_LOCALE;
		const o = { locale };
		// `?einladung`: after signing in, the link page opens the offer.
		const url = new URL(mail.url);
		const link = mailLink(url.origin, `${url.pathname}?einladung`, locale);
		const role = row.role === 'org_admin' ? m.org_role_org_admin({}, o) : m.org_role_member({}, o);
		const params = { organisation: org?.name ?? '', inviter: inviterLabel(row, locale), role, link, date: formatDate(localDate(row.expiresAt), locale) };
		await enqueueMail(
			tx,
			{
				to: email,
				subject: m.mail_invite_subject(params, o),
				text: [m.mail_invite_body(params, o), m.mail_signature({}, o)].join('\n\n'),
				template: 'invitation',
				language: locale
			},
			now
		);
		return true;
	});
}
