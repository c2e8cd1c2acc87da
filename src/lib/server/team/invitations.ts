/**
 * Invitations to the programme team. An admin types the address, a name, the role and the
 * invitee's language; the account exists from then on with that role but without a password, so
 * it cannot sign in. The mail carries a link to set the password: better-auth's reset-password
 * token (stored hashed, valid PASSWORD_LINK_SECONDS), asked for with `requestPasswordReset`, whose
 * callback (app.ts → enqueueTeamInvitationMail) writes the invitation mail. Setting the password
 * through that link (better-auth `resetPassword`: scrypt hash, the token consumed once) accepts.
 *
 * Limits (rows of team_invitation, counted under the team lock, so shared by every instance): per
 * address and per inviting admin in a rolling day.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, gt, isNotNull, isNull } from 'drizzle-orm';
import { APIError } from 'better-auth/api';
import * as m from '../../paraglide/messages.js';
import { BASE_LOCALE, isLocale, type Locale } from '../../i18n/locales.ts';
import { formatDate, localDate } from '../../programme/dates.ts';
import type { Db, Tx } from '../db/client.ts';
import { account, user, verification } from '../db/schema/auth.ts';
import { teamInvitation } from '../db/schema/team.ts';
import { recordAudit, type Actor } from '../audit/record.ts';
import { isTeamRole, type TeamRole } from '../auth/guard.ts';
import { PASSWORD_LINK_SECONDS, type Auth, type PasswordLinkMail } from '../auth/auth.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { mailLink } from '../mail/link.ts';
import { DomainError } from '../errors.ts';
import { lockAsAdmin, lockTeam } from './accounts.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Team invitations per rolling 24 hours. */
export const TEAM_INVITE_LIMITS = {
	/** To one address (a resend counts). */
	recipient: 3,
	/** From one admin, to anybody: a cohort of consultants fits in a day. */
	inviter: 30
} as const;

/** The path of the invitation link (unlocalised); the token follows. */
export const INVITATION_PATH = '/admin/anmelden/einladung/';

export interface TeamInviteInput {
	email: string;
	name: string;
	role: TeamRole;
	/** The invitee's language: the mail, its link and the page it opens. */
	language: string;
}

async function countSince(tx: Tx, since: Date, condition: ReturnType<typeof eq>) {
	const [{ n }] = await tx.select({ n: count() }).from(teamInvitation).where(and(gt(teamInvitation.createdAt, since), condition));
	return n;
}

/**
 * Invites a person to the team, then asks better-auth for the password link (which becomes the
 * invitation mail). Inviting an address that was invited before and never set a password sends a
 * new invitation (the role and name as now typed). Throws `forbidden` (not an active admin),
 * `account_exists` (field `email`: an account with a password, a deactivated one, or an
 * association's), `invite_limit_recipient` (field `email`), `invite_limit_organisation` (the admin's daily limit).
 */
export async function inviteTeamMember(db: Db, auth: Auth, actor: Actor, input: TeamInviteInput, now: Date): Promise<{ userId: string; invitationId: number }> {
	const email = input.email.trim().toLowerCase();
	const language: Locale = isLocale(input.language) ? input.language : BASE_LOCALE;
	if (!isTeamRole(input.role)) throw new DomainError('choice', 'role');
	const created = await db.transaction(async (tx) => {
		await lockAsAdmin(tx, actor);
		const [existing] = await tx.select({ id: user.id, role: user.role, deactivatedAt: user.deactivatedAt }).from(user).where(eq(user.email, email));
		if (existing) {
			const [credential] = await tx
				.select({ id: account.id })
				.from(account)
				.where(and(eq(account.userId, existing.id), eq(account.providerId, 'credential'), isNotNull(account.password)));
			if (!isTeamRole(existing.role) || existing.deactivatedAt || credential) throw new DomainError('account_exists', 'email');
		}
		const since = new Date(now.getTime() - DAY_MS);
		if ((await countSince(tx, since, eq(teamInvitation.email, email))) >= TEAM_INVITE_LIMITS.recipient) throw new DomainError('invite_limit_recipient', 'email');
		if ((await countSince(tx, since, eq(teamInvitation.invitedBy, actor.id))) >= TEAM_INVITE_LIMITS.inviter) {
			throw new DomainError('invite_limit_organisation', 'form', { max: TEAM_INVITE_LIMITS.inviter });
		}
		const name = input.name.trim() || email;
		let userId: string;
		if (existing) {
			userId = existing.id;
			await tx.update(user).set({ role: input.role, name, updatedAt: now }).where(eq(user.id, userId));
			await tx
				.update(teamInvitation)
				.set({ status: 'withdrawn', respondedAt: now })
				.where(and(eq(teamInvitation.userId, userId), eq(teamInvitation.status, 'pending')));
			// The earlier links stop working: only the newest invitation's link sets the password. (An
			// account without a password has no verification rows but its password links, whose
			// identifiers are stored hashed and whose value is the account id.)
			await tx.delete(verification).where(eq(verification.value, userId));
		} else {
			userId = randomUUID();
			await tx.insert(user).values({ id: userId, email, name, role: input.role, emailVerified: false, createdAt: now, updatedAt: now });
		}
		const [row] = await tx
			.insert(teamInvitation)
			.values({ userId, email, role: input.role, language, invitedBy: actor.id, status: 'pending', createdAt: now, expiresAt: new Date(now.getTime() + PASSWORD_LINK_SECONDS * 1000) })
			.returning({ id: teamInvitation.id });
		await recordAudit(tx, actor, 'team.invited', { type: 'user', id: userId }, now, { role: input.role, invitation: row.id, resent: Boolean(existing) });
		return { userId, invitationId: row.id };
	});
	// After the commit: the token is better-auth's own write (on the embedded database a second
	// writer inside this transaction would wait for it forever). Its callback writes the mail.
	await auth.api.requestPasswordReset({ body: { email } });
	return created;
}

/**
 * Sends an invited person a new invitation (a new link; the old one stops working), with the
 * name, role and language of the last one. Only for an account still waiting for its password:
 * `not_found` for any other; the limits of inviteTeamMember hold (a resend counts).
 */
export async function resendTeamInvitation(db: Db, auth: Auth, actor: Actor, userId: string, now: Date): Promise<{ userId: string; invitationId: number }> {
	const [row] = await db
		.select({ email: user.email, name: user.name, role: user.role, language: teamInvitation.language })
		.from(teamInvitation)
		.innerJoin(user, eq(user.id, teamInvitation.userId))
		.where(eq(teamInvitation.userId, userId))
		.orderBy(desc(teamInvitation.createdAt))
		.limit(1);
	if (!row || !isTeamRole(row.role)) throw new DomainError('not_found');
	try {
		return await inviteTeamMember(db, auth, actor, { email: row.email, name: row.name, role: row.role, language: row.language }, now);
	} catch (e) {
		// The person has set a password meanwhile (or was deactivated): nothing to resend.
		if (e instanceof DomainError && e.code === 'account_exists') throw new DomainError('not_found');
		throw e;
	}
}

/**
 * The invitation mail, for better-auth's password-link callback: when the account has an open
 * invitation whose mail has not gone out, in the invitee's language, naming the role and who
 * invited, with the link in that language. Returns false otherwise (a password link is only ever
 * sent as an invitation; staff have no "forgotten password" mail).
 */
export async function enqueueTeamInvitationMail(db: Db, origin: string, mail: PasswordLinkMail, now: Date): Promise<boolean> {
	return db.transaction(async (tx) => {
		const [row] = await tx
			.select()
			.from(teamInvitation)
			.where(and(eq(teamInvitation.userId, mail.userId), eq(teamInvitation.status, 'pending'), gt(teamInvitation.expiresAt, now), isNull(teamInvitation.mailedAt)))
			.orderBy(desc(teamInvitation.createdAt))
			.limit(1)
			.for('update', { skipLocked: true });
		if (!row) return false;
		await tx.update(teamInvitation).set({ mailedAt: now }).where(eq(teamInvitation.id, row.id));
		const [inviter] = row.invitedBy ? await tx.select({ name: user.name }).from(user).where(eq(user.id, row.invitedBy)) : [];
		const locale: Locale = isLocale(row.language) ? row.language : BASE_LOCALE;
		const o = { locale };
		const params = {
			role: roleName(row.role, locale),
			inviter: inviter?.name ?? m.team_mail_inviter_team({}, o),
			link: mailLink(origin, `${INVITATION_PATH}${encodeURIComponent(mail.token)}`, locale),
			date: formatDate(localDate(row.expiresAt), locale)
		};
		await enqueueMail(
			tx,
			{
				to: row.email,
				subject: m.team_mail_subject(params, o),
				text: [m.team_mail_body(params, o), m.mail_signature({}, o)].join('\n\n'),
				template: 'invitation',
				language: locale
			},
			now
		);
		return true;
	});
}

/** A role in words, in `locale`. */
export function roleName(role: string, locale: Locale): string {
	const o = { locale };
	if (role === 'admin') return m.team_role_admin({}, o);
	if (role === 'consultant') return m.team_role_consultant({}, o);
	return m.team_role_staff({}, o);
}

export interface OpenInvitation {
	userId: string;
	email: string;
	name: string;
	role: TeamRole;
	language: Locale;
}

/**
 * The open invitation a password link belongs to, or null: the token is unknown, used or expired,
 * the invitation was replaced or withdrawn, or the account was deactivated.
 */
export async function invitationForToken(db: Db, auth: Auth, token: string, now: Date): Promise<OpenInvitation | null> {
	if (!/^[A-Za-z0-9_-]{8,128}$/.test(token)) return null;
	const ctx = await auth.$context;
	const found = await ctx.internalAdapter.findVerificationValue(`reset-password:${token}`);
	if (!found || found.expiresAt < now) return null;
	const [row] = await db
		.select({ userId: user.id, email: user.email, name: user.name, role: user.role, deactivatedAt: user.deactivatedAt, language: teamInvitation.language })
		.from(teamInvitation)
		.innerJoin(user, eq(user.id, teamInvitation.userId))
		.where(and(eq(teamInvitation.userId, found.value), eq(teamInvitation.status, 'pending'), gt(teamInvitation.expiresAt, now)))
		.orderBy(asc(teamInvitation.createdAt))
		.limit(1);
	if (!row || row.deactivatedAt || !isTeamRole(row.role)) return null;
	return { userId: row.userId, email: row.email, name: row.name, role: row.role, language: isLocale(row.language) ? row.language : BASE_LOCALE };
}

export type AcceptOutcome = { status: 'accepted'; email: string; role: TeamRole } | { status: 'invalid' } | { status: 'password_too_short' | 'password_too_long' };

/**
 * The invitee sets their password through the link, which accepts the invitation. The password is
 * checked, hashed and stored by better-auth (`resetPassword`, which also uses the token up, once);
 * then the invitation is marked accepted and audited. `invalid`: see invitationForToken.
 */
export async function acceptTeamInvitation(db: Db, auth: Auth, input: { token: string; password: string }, now: Date): Promise<AcceptOutcome> {
	const invitation = await invitationForToken(db, auth, input.token, now);
	if (!invitation) return { status: 'invalid' };
	try {
		await auth.api.resetPassword({ body: { token: input.token, newPassword: input.password } });
	} catch (e) {
		if (!(e instanceof APIError)) throw e;
		const code = String((e.body as { code?: string } | undefined)?.code ?? '');
		if (code === 'PASSWORD_TOO_SHORT') return { status: 'password_too_short' };
		if (code === 'PASSWORD_TOO_LONG') return { status: 'password_too_long' };
		return { status: 'invalid' };
	}
	await db.transaction(async (tx) => {
		await lockTeam(tx);
		await tx.update(user).set({ emailVerified: true, updatedAt: now }).where(eq(user.id, invitation.userId));
		await tx
			.update(teamInvitation)
			.set({ status: 'accepted', respondedAt: now })
			.where(and(eq(teamInvitation.userId, invitation.userId), eq(teamInvitation.status, 'pending')));
		await recordAudit(tx, { id: invitation.userId, email: invitation.email }, 'team.invitation_accepted', { type: 'user', id: invitation.userId }, now, { role: invitation.role });
	});
	return { status: 'accepted', email: invitation.email, role: invitation.role };
}
