import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { session, user, verification } from '../db/schema/auth.ts';
import { auditEntry } from '../db/schema/audit.ts';
import { mailOutbox } from '../db/schema/registration.ts';
import { createAuth, type Auth } from '../auth/auth.ts';
import { ensureFirstAdmin } from '../auth/staff.ts';
import { signInStaff } from '../auth/sign-in.ts';
import type { TeamRole } from '../auth/guard.ts';
import type { Actor } from '../audit/record.ts';
import { DomainError } from '../errors.ts';
import { deactivateTeamMember, listTeam, reactivateTeamMember, setTeamRole } from './accounts.ts';
import { acceptTeamInvitation, enqueueTeamInvitationMail, INVITATION_PATH, invitationForToken, inviteTeamMember, resendTeamInvitation, TEAM_INVITE_LIMITS } from './invitations.ts';

const NOW = new Date();
const ORIGIN = 'http://localhost:3000';
const ADMIN = 'chefin@example.org';
const PASSWORD = 'correct horse battery';

let database: Database;
let auth: Auth;
let admin: Actor;

const client = (n: number) => `203.0.113.${n}`;
const mailsTo = (to: string) => database.db.select().from(mailOutbox).where(eq(mailOutbox.to, to)).orderBy(mailOutbox.id);

/** The token of the newest invitation mail to `to`, and that mail. */
async function invitationMail(to: string) {
	const mail = (await mailsTo(to)).at(-1)!;
	const link = mail.text.match(/https?:\/\/\S+/)![0];
	return { mail, link, token: decodeURIComponent(link.split(INVITATION_PATH)[1]) };
}

async function signIn(email: string, password = PASSWORD, n = 1) {
	return signInStaff(database.db, auth, { email, password, client: client(n), headers: new Headers() }, NOW);
}

const cookie = (headers: Headers) => new Headers({ cookie: headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') });

/** An account that accepted its invitation: invited by `by`, password set. */
async function member(email: string, role: TeamRole, by: Actor = admin): Promise<Actor> {
	const { userId } = await inviteTeamMember(database.db, auth, by, { email, name: email.split('@')[0], role, language: 'de' }, NOW);
	const { token } = await invitationMail(email);
	expect(await acceptTeamInvitation(database.db, auth, { token, password: PASSWORD }, NOW)).toMatchObject({ status: 'accepted' });
	return { id: userId, email };
}

const code = (p: Promise<unknown>) => p.then(() => 'ok', (e) => (e instanceof DomainError ? e.code : String(e)));
const roleOf = async (id: string) => (await database.db.select({ role: user.role }).from(user).where(eq(user.id, id)))[0]?.role;

beforeAll(async () => {
	database = await openTestDatabase();
	auth = createAuth(database.db, {
		secret: 'test-secret-test-secret-test-secret',
		publicOrigin: ORIGIN,
		sendPasswordLink: async (mail) => {
			await enqueueTeamInvitationMail(database.db, ORIGIN, mail, NOW);
		}
	});
	await ensureFirstAdmin(database.db, auth, { email: ADMIN, password: PASSWORD, now: NOW });
	const [row] = await database.db.select({ id: user.id }).from(user).where(eq(user.email, ADMIN));
	admin = { id: row.id, email: ADMIN };
});
afterAll(() => database?.close());

describe('inviting a person to the team', () => {
	it('creates the account without a password and mails a link in the invitee’s language; setting the password accepts', async () => {
		const email = 'layla@example.org';
		const { userId } = await inviteTeamMember(database.db, auth, admin, { email: 'Layla@Example.org ', name: 'Layla Haddad', role: 'consultant', language: 'ar' }, NOW);
		const { mail, link, token } = await invitationMail(email);
		expect(mail.language).toBe('ar');
		expect(mail.subject).toBe('دعوة إلى فريق Bildungsturbo');
		expect(link.startsWith(`${ORIGIN}/ar${INVITATION_PATH}`)).toBe(true);
		// Only the token's hash is stored (better-auth, storeIdentifier "hashed").
		expect(await database.db.select().from(verification).where(eq(verification.identifier, `reset-password:${token}`))).toEqual([]);
		expect((await listTeam(database.db, NOW)).find((a) => a.id === userId)).toMatchObject({ status: 'invited', role: 'consultant', name: 'Layla Haddad', twoFactor: false, lastSignInAt: null });
		// No password yet: nothing signs in.
		expect((await signIn(email, 'anything at all', 2)).status).toBe('failed');

		expect(await invitationForToken(database.db, auth, token, NOW)).toMatchObject({ email, role: 'consultant', language: 'ar' });
		expect(await acceptTeamInvitation(database.db, auth, { token, password: 'short' }, NOW)).toEqual({ status: 'password_too_short' });
		expect(await acceptTeamInvitation(database.db, auth, { token, password: PASSWORD }, NOW)).toEqual({ status: 'accepted', email, role: 'consultant' });
		// The link works once.
		expect(await invitationForToken(database.db, auth, token, NOW)).toBeNull();
		expect(await acceptTeamInvitation(database.db, auth, { token, password: 'another long password' }, NOW)).toEqual({ status: 'invalid' });

		const signedIn = await signIn(email, PASSWORD, 3);
		expect(signedIn).toMatchObject({ status: 'signed-in', role: 'consultant' });
		const listed = (await listTeam(database.db, NOW)).find((a) => a.id === userId)!;
		expect(listed.status).toBe('active');
		expect(listed.lastSignInAt).toEqual(NOW);
		const actions = await database.db.select({ action: auditEntry.action, actorId: auditEntry.actorId }).from(auditEntry).where(eq(auditEntry.entityId, userId));
		expect(actions).toEqual([
			{ action: 'team.invited', actorId: admin.id },
			{ action: 'team.invitation_accepted', actorId: userId }
		]);
	});

	it('refuses an address that already has an account, and limits invitations per address', async () => {
		await database.db.insert(user).values({ id: randomUUID(), email: 'verein@example.org', name: 'Verein', role: 'org_member', emailVerified: true, createdAt: NOW, updatedAt: NOW });
		const invite = (email: string) => inviteTeamMember(database.db, auth, admin, { email, name: '', role: 'staff', language: 'de' }, NOW);
		expect(await code(invite('verein@example.org'))).toBe('account_exists');
		expect(await code(invite(ADMIN))).toBe('account_exists');
		// Never accepted: inviting again is a resend, up to the daily limit per address.
		for (let i = 0; i < TEAM_INVITE_LIMITS.recipient; i++) expect(await code(invite('nina@example.org'))).toBe('ok');
		expect(await code(invite('nina@example.org'))).toBe('invite_limit_recipient');
		expect((await mailsTo('nina@example.org')).length).toBe(TEAM_INVITE_LIMITS.recipient);
		expect((await listTeam(database.db, NOW)).filter((a) => a.email === 'nina@example.org')).toHaveLength(1);
	});

	it('resends an invitation with its name, role and language; the old link stops working; nothing to resend once accepted', async () => {
		const { userId } = await inviteTeamMember(database.db, auth, admin, { email: 'leyla@example.org', name: 'Leyla', role: 'consultant', language: 'tr' }, NOW);
		const first = await invitationMail('leyla@example.org');
		await resendTeamInvitation(database.db, auth, admin, userId, NOW);
		const second = await invitationMail('leyla@example.org');
		expect(second.token).not.toBe(first.token);
		expect(second.mail.language).toBe('tr');
		expect(second.link).toContain('/tr/admin/anmelden/einladung/');
		expect(await invitationForToken(database.db, auth, first.token, NOW)).toBeNull();
		expect(await invitationForToken(database.db, auth, second.token, NOW)).toMatchObject({ role: 'consultant', name: 'Leyla', language: 'tr' });
		expect(await acceptTeamInvitation(database.db, auth, { token: second.token, password: PASSWORD }, NOW)).toMatchObject({ status: 'accepted' });
		expect(await code(resendTeamInvitation(database.db, auth, admin, userId, NOW))).toBe('not_found');
		expect(await code(resendTeamInvitation(database.db, auth, admin, randomUUID(), NOW))).toBe('not_found');
	});

	it('lets only an active admin invite', async () => {
		const staff = await member('sam@example.org', 'staff');
		expect(await code(inviteTeamMember(database.db, auth, staff, { email: 'x@example.org', name: '', role: 'admin', language: 'de' }, NOW))).toBe('forbidden');
		expect((await mailsTo('x@example.org')).length).toBe(0);
	});
});

describe('roles and deactivation', () => {
	it('changes a role (admins only), audited', async () => {
		const consultant = await member('omar@example.org', 'consultant');
		const staff = await member('tina@example.org', 'staff');
		expect(await code(setTeamRole(database.db, staff, { userId: consultant.id, role: 'admin' }, NOW))).toBe('forbidden');
		await setTeamRole(database.db, admin, { userId: consultant.id, role: 'staff' }, NOW);
		expect(await roleOf(consultant.id)).toBe('staff');
		const [entry] = await database.db.select().from(auditEntry).where(and(eq(auditEntry.entityId, consultant.id), eq(auditEntry.action, 'team.role_changed')));
		expect(entry.details).toEqual({ from: 'consultant', role: 'staff' });
		expect(await code(setTeamRole(database.db, admin, { userId: randomUUID(), role: 'staff' }, NOW))).toBe('not_found');
	});

	it('deactivation ends the sessions and blocks sign-in; reactivation lets the old password work again', async () => {
		const person = await member('rosa@example.org', 'staff');
		const first = await signIn(person.email, PASSWORD, 10);
		expect(first.status).toBe('signed-in');
		const headers = cookie((first as { headers: Headers }).headers);
		expect(await auth.api.getSession({ headers })).not.toBeNull();

		await deactivateTeamMember(database.db, admin, person.id, NOW);
		expect(await database.db.select().from(session).where(eq(session.userId, person.id))).toEqual([]);
		expect(await auth.api.getSession({ headers })).toBeNull();
		expect((await signIn(person.email, PASSWORD, 11)).status).toBe('failed');
		expect((await listTeam(database.db, NOW)).find((a) => a.id === person.id)?.status).toBe('deactivated');
		expect(await code(inviteTeamMember(database.db, auth, admin, { email: person.email, name: '', role: 'staff', language: 'de' }, NOW))).toBe('account_exists');

		await reactivateTeamMember(database.db, admin, person.id, NOW);
		expect((await signIn(person.email, PASSWORD, 12)).status).toBe('signed-in');
		const actions = (await database.db.select({ action: auditEntry.action }).from(auditEntry).where(eq(auditEntry.entityId, person.id))).map((r) => r.action);
		expect(actions).toEqual(expect.arrayContaining(['team.deactivated', 'team.reactivated']));
	});

	it('a deactivated invitee’s link no longer works', async () => {
		const { userId } = await inviteTeamMember(database.db, auth, admin, { email: 'ben@example.org', name: 'Ben', role: 'consultant', language: 'de' }, NOW);
		const { token } = await invitationMail('ben@example.org');
		await deactivateTeamMember(database.db, admin, userId, NOW);
		expect(await acceptTeamInvitation(database.db, auth, { token, password: PASSWORD }, NOW)).toEqual({ status: 'invalid' });
	});
});

describe('the last active admin', () => {
	it('can be neither demoted nor deactivated, not even by themselves', async () => {
		const db = await openTestDatabase();
		const solo = createAuth(db.db, { secret: 'test-secret-test-secret-test-secret', publicOrigin: ORIGIN });
		await ensureFirstAdmin(db.db, solo, { email: 'solo@example.org', password: PASSWORD, now: NOW });
		const [row] = await db.db.select({ id: user.id }).from(user);
		const me = { id: row.id, email: 'solo@example.org' };
		expect(await code(setTeamRole(db.db, me, { userId: me.id, role: 'staff' }, NOW))).toBe('last_admin');
		expect(await code(deactivateTeamMember(db.db, me, me.id, NOW))).toBe('last_admin');
		await db.close();
	});

	it('survives two admins demoting each other at the same moment, and deactivating each other', async () => {
		const a = await member('ada@example.org', 'admin');
		const b = await member('bea@example.org', 'admin');
		// The first admin steps down, so that a and b are the only active admins.
		await setTeamRole(database.db, a, { userId: admin.id, role: 'staff' }, NOW);
		const demotions = await Promise.all([code(setTeamRole(database.db, a, { userId: b.id, role: 'staff' }, NOW)), code(setTeamRole(database.db, b, { userId: a.id, role: 'consultant' }, NOW))]);
		expect(demotions.sort()).toEqual(['forbidden', 'ok']);
		const admins = (await listTeam(database.db, NOW)).filter((x) => x.role === 'admin' && x.status === 'active');
		expect(admins).toHaveLength(1);

		// Back to two admins, then each deactivates the other.
		const survivor = admins[0].id === a.id ? a : b;
		const other = survivor === a ? b : a;
		await setTeamRole(database.db, survivor, { userId: other.id, role: 'admin' }, NOW);
		const deactivations = await Promise.all([code(deactivateTeamMember(database.db, a, b.id, NOW)), code(deactivateTeamMember(database.db, b, a.id, NOW))]);
		expect(deactivations.sort()).toEqual(['forbidden', 'ok']);
		expect((await listTeam(database.db, NOW)).filter((x) => x.role === 'admin' && x.status === 'active')).toHaveLength(1);
		// And the one left cannot leave either.
		const left = (await listTeam(database.db, NOW)).find((x) => x.role === 'admin' && x.status === 'active')!;
		expect(await code(deactivateTeamMember(database.db, { id: left.id, email: left.email }, left.id, NOW))).toBe('last_admin');
	});
});
