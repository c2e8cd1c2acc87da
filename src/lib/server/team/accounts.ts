/**
 * The programme team's own accounts: who is in the team (admin, staff, consultant), role changes,
 * deactivation and reactivation. Invitations are in invitations.ts. Only an active admin manages
 * accounts; every change is audited in its own transaction.
 *
 * Locking rule: every change to a team account takes one transaction-level advisory lock
 * (`lockTeam`) before it reads anything, then checks the acting admin and counts the active
 * admins. So two admins demoting or deactivating each other at the same moment run one after the
 * other, and the second sees the first's change: the team never ends up without an active admin.
 */
import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { session, user } from '../db/schema/auth.ts';
import { teamInvitation } from '../db/schema/team.ts';
import { recordAudit, type Actor } from '../audit/record.ts';
import { TEAM_ROLES, type TeamRole } from '../auth/guard.ts';
import { DomainError } from '../errors.ts';

/** What the list shows about an account's access. */
export type AccountStatus = 'active' | 'invited' | 'invitation_expired' | 'deactivated';

export interface TeamAccount {
	id: string;
	name: string;
	email: string;
	role: TeamRole;
	twoFactor: boolean;
	lastSignInAt: Date | null;
	status: AccountStatus;
	/** While invited: until when the emailed link works. */
	invitedUntil: Date | null;
}

const TEAM_LOCK = 'team-accounts';

/** Serialises every change to team accounts (see the locking rule above). */
export async function lockTeam(tx: Tx): Promise<void> {
	await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${TEAM_LOCK}))`);
}

/**
 * Whether the account has set a password (a credential account with a hash). Written out: Drizzle
 * leaves columns unqualified in a one-table query, and `"id"` in the subquery would be the account's.
 */
const hasPassword = sql<boolean>`exists (select 1 from "account" as "credential" where "credential"."user_id" = "user"."id" and "credential"."provider_id" = 'credential' and "credential"."password" is not null)`;

/** The team's accounts: active first, then invited, then deactivated; by name. */
export async function listTeam(db: Db, now: Date): Promise<TeamAccount[]> {
	const rows = await db
		.select({
			id: user.id,
			name: user.name,
			email: user.email,
			role: user.role,
			twoFactor: user.twoFactorEnabled,
			lastSignInAt: user.lastSignInAt,
			deactivatedAt: user.deactivatedAt,
			hasPassword
		})
		.from(user)
		.where(inArray(user.role, [...TEAM_ROLES]))
		.orderBy(asc(user.name), asc(user.email));
	const pending = await db
		.select({ userId: teamInvitation.userId, expiresAt: teamInvitation.expiresAt })
		.from(teamInvitation)
		.where(eq(teamInvitation.status, 'pending'))
		.orderBy(desc(teamInvitation.expiresAt));
	const openUntil = new Map<string, Date>();
	for (const p of pending) if (!openUntil.has(p.userId) && p.expiresAt > now) openUntil.set(p.userId, p.expiresAt);
	const order: Record<AccountStatus, number> = { active: 0, invited: 1, invitation_expired: 2, deactivated: 3 };
	return rows
		.map((r): TeamAccount => {
			const status: AccountStatus = r.deactivatedAt ? 'deactivated' : r.hasPassword ? 'active' : openUntil.has(r.id) ? 'invited' : 'invitation_expired';
			return {
				id: r.id,
				name: r.name,
				email: r.email,
				role: r.role as TeamRole,
				twoFactor: r.twoFactor,
				lastSignInAt: r.lastSignInAt,
				status,
				invitedUntil: status === 'invited' ? (openUntil.get(r.id) ?? null) : null
			};
		})
		.sort((a, b) => order[a.status] - order[b.status]);
}

/** Admins who can sign in: role admin, not deactivated, a password set. Call under lockTeam. */
async function activeAdminIds(tx: Tx): Promise<string[]> {
	const rows = await tx
		.select({ id: user.id })
		.from(user)
		.where(and(eq(user.role, 'admin'), isNull(user.deactivatedAt), hasPassword));
	return rows.map((r) => r.id);
}

/**
 * Takes the team lock and checks that `actor` is still an active admin (a second tab, or another
 * admin who demoted them a moment ago). Returns the active admins' ids. Throws `forbidden`.
 */
export async function lockAsAdmin(tx: Tx, actor: Actor): Promise<string[]> {
	await lockTeam(tx);
	const admins = await activeAdminIds(tx);
	if (!admins.includes(actor.id)) throw new DomainError('forbidden');
	return admins;
}

async function teamAccount(tx: Tx, userId: string) {
	const [row] = await tx
		.select({ id: user.id, role: user.role, deactivatedAt: user.deactivatedAt })
		.from(user)
		.where(and(eq(user.id, userId), inArray(user.role, [...TEAM_ROLES])));
	if (!row) throw new DomainError('not_found');
	return row;
}

/** Refuses a change that would take the last active admin away (`last_admin`). */
function keepAnAdmin(admins: string[], userId: string) {
	if (admins.includes(userId) && admins.length <= 1) throw new DomainError('last_admin');
}

/** Changes an account's role. The last active admin stays admin. Throws `forbidden`, `not_found`, `last_admin`. */
export async function setTeamRole(db: Db, actor: Actor, input: { userId: string; role: TeamRole }, now: Date): Promise<void> {
	await db.transaction(async (tx) => {
		const admins = await lockAsAdmin(tx, actor);
		const row = await teamAccount(tx, input.userId);
		if (row.role === input.role) return;
		if (row.role === 'admin') keepAnAdmin(admins, row.id);
		await tx.update(user).set({ role: input.role, updatedAt: now }).where(eq(user.id, row.id));
		await tx.update(teamInvitation).set({ role: input.role }).where(and(eq(teamInvitation.userId, row.id), eq(teamInvitation.status, 'pending')));
		await recordAudit(tx, actor, 'team.role_changed', { type: 'user', id: row.id }, now, { from: row.role, role: input.role });
	});
}

/**
 * Deactivates an account: it cannot sign in any more, its sessions end at once, an open invitation
 * is withdrawn. Nothing is deleted (audit entries, slots and notes keep their author). The last
 * active admin cannot be deactivated. Throws `forbidden`, `not_found`, `last_admin`.
 */
export async function deactivateTeamMember(db: Db, actor: Actor, userId: string, now: Date): Promise<void> {
	await db.transaction(async (tx) => {
		const admins = await lockAsAdmin(tx, actor);
		const row = await teamAccount(tx, userId);
		if (row.deactivatedAt) return;
		keepAnAdmin(admins, row.id);
		await tx.update(user).set({ deactivatedAt: now, updatedAt: now }).where(eq(user.id, row.id));
		await tx.delete(session).where(eq(session.userId, row.id));
		await tx
			.update(teamInvitation)
			.set({ status: 'withdrawn', respondedAt: now })
			.where(and(eq(teamInvitation.userId, row.id), eq(teamInvitation.status, 'pending')));
		await recordAudit(tx, actor, 'team.deactivated', { type: 'user', id: row.id }, now, { role: row.role });
	});
}

/** Lets a deactivated account sign in again (with its old password; someone never invited through needs a new invitation). */
export async function reactivateTeamMember(db: Db, actor: Actor, userId: string, now: Date): Promise<void> {
	await db.transaction(async (tx) => {
		await lockAsAdmin(tx, actor);
		const row = await teamAccount(tx, userId);
		if (!row.deactivatedAt) return;
		await tx.update(user).set({ deactivatedAt: null, updatedAt: now }).where(and(eq(user.id, row.id), isNotNull(user.deactivatedAt)));
		await recordAudit(tx, actor, 'team.reactivated', { type: 'user', id: row.id }, now, { role: row.role });
	});
}
