import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { user } from '../db/schema/auth.ts';
import { organisation, organisationInvitation, organisationMember } from '../db/schema/organisations.ts';
import { mailOutbox } from '../db/schema/registration.ts';
import { listMembers, membershipOf } from './members.ts';
import {
	acceptInvitation,
	closeExpiredInvitations,
	declineInvitation,
	enqueueInvitationMail,
	INVITE_LIMITS,
	inviteToOrganisation,
	invitationsFor,
	listInvitations,
	withdrawInvitation
} from './invitations.ts';

const NOW = new Date('2027-01-10T09:00:00Z');
const later = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000);
const team = { id: 'staff-1', email: 'team@example.org' };
let database: Database;
let a = 0;
let b = 0;
let c = 0;

beforeAll(async () => {
	database = await openTestDatabase();
	const { db } = database;
	await db.insert(user).values({ id: team.id, email: team.email, name: 'Jana Team', role: 'staff', createdAt: NOW, updatedAt: NOW });
	[{ id: a }, { id: b }, { id: c }] = await db
		.insert(organisation)
		.values([{ name: 'Verein A', confirmed: true }, { name: 'Verein B', confirmed: true }, { name: 'Verein C', confirmed: true }])
		.returning();
});
afterAll(() => database?.close());

/** Invites and accepts at once: a person who is in the organisation. */
async function member(org: number, email: string, name: string, role: 'org_admin' | 'member') {
	const { id } = await inviteToOrganisation(database.db, team, { organisationId: org, email, name, role, language: 'de' }, NOW);
	const [account] = await database.db.select().from(user).where(eq(user.email, email));
	await acceptInvitation(database.db, { userId: account.id, email }, id, NOW);
	return { userId: account.id, membership: (await membershipOf(database.db, account.id))! };
}

const accountOf = async (email: string) => (await database.db.select().from(user).where(eq(user.email, email)))[0];

describe('invitations to an association', () => {
	it("inviting another association's member reveals nothing and changes nothing until they accept", async () => {
		const { db } = database;
		const amal = await member(a, 'amal@example.org', 'Amal Admin', 'org_admin');
		const cem = await member(b, 'cem@example.org', 'Cem Yılmaz', 'member');
		const amalActor = { id: amal.userId, email: 'amal@example.org' };

		await inviteToOrganisation(db, amalActor, { organisationId: a, email: ' Cem@Example.org', name: 'Someone', role: 'member', language: 'tr', byMemberOf: amal.membership }, NOW);
		// A's admin sees the typed address and nothing about the person: not their name, not B.
		expect((await listMembers(db, a)).map((p) => p.email)).toEqual(['amal@example.org']);
		const open = await listInvitations(db, a, NOW);
		expect(open).toEqual([expect.objectContaining({ email: 'cem@example.org', role: 'member' })]);
		expect(JSON.stringify(open)).not.toMatch(/Cem Yılmaz|Verein B/);
		// Nothing changed for Cem: still only in B, his name untouched.
		expect((await membershipOf(db, cem.userId))!.organisationId).toBe(b);
		expect((await accountOf('cem@example.org')).name).toBe('Cem Yılmaz');
		expect((await listMembers(db, b)).map((p) => p.email)).toEqual(['cem@example.org']);

		// Cem sees the offer, naming the association and who invited him; he accepts.
		const offers = await invitationsFor(db, 'cem@example.org', NOW);
		expect(offers).toEqual([expect.objectContaining({ organisationName: 'Verein A', inviterName: 'Amal Admin', byTeam: false, role: 'member' })]);
		// Another person cannot accept it for him.
		await expect(acceptInvitation(db, { userId: amal.userId, email: 'amal@example.org' }, offers[0].id, NOW)).rejects.toMatchObject({ code: 'not_found' });
		await acceptInvitation(db, { userId: cem.userId, email: 'cem@example.org' }, offers[0].id, later(1));
		expect((await listMembers(db, a)).map((p) => p.name).sort()).toEqual(['Amal Admin', 'Cem Yılmaz']);
		expect(await db.select().from(organisationMember).where(eq(organisationMember.userId, cem.userId))).toHaveLength(2);
		expect(await listInvitations(db, a, later(1))).toEqual([]);
		// An answered offer cannot be answered again.
		await expect(declineInvitation(db, { userId: cem.userId, email: 'cem@example.org' }, offers[0].id, later(1))).rejects.toMatchObject({ code: 'not_found' });
		// Already in: inviting again says so, for the own association only.
		await expect(inviteToOrganisation(db, amalActor, { organisationId: a, email: 'cem@example.org', name: '', role: 'member', language: 'de', byMemberOf: amal.membership }, later(2))).rejects.toMatchObject({ code: 'already_member', field: 'email' });
		// Nobody invites into another association.
		await expect(inviteToOrganisation(db, amalActor, { organisationId: b, email: 'x@example.org', name: '', role: 'member', language: 'de', byMemberOf: amal.membership }, NOW)).rejects.toMatchObject({ code: 'not_found' });
	});

	it('a new address gets an account without access; declining, withdrawing or expiry removes it again', async () => {
		const { db } = database;
		const dana = await inviteToOrganisation(db, team, { organisationId: c, email: 'dana@example.org', name: 'Dana', role: 'org_admin', language: 'de' }, NOW);
		const account = await accountOf('dana@example.org');
		expect(account).toMatchObject({ name: 'Dana', role: 'org_member' });
		expect(await membershipOf(db, account.id)).toBeNull();
		expect((await invitationsFor(db, 'dana@example.org', NOW))[0]).toMatchObject({ inviterName: 'Jana Team', byTeam: true, role: 'org_admin' });
		expect(await enqueueInvitationMail(db, { email: 'dana@example.org', url: 'https://bildung.example.org/verein/link/T' }, NOW)).toBe(true);
		const declined = await declineInvitation(db, { userId: account.id, email: 'dana@example.org' }, dana.id, NOW);
		expect(declined).toEqual({ organisationName: 'Verein C', accountDeleted: true });
		expect(await accountOf('dana@example.org')).toBeUndefined();
		// The mail with her address went with the account.
		expect(await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'dana@example.org'))).toEqual([]);
		expect(await listMembers(db, c)).toEqual([]);

		// Withdrawn by the team: gone from the list, the account with it.
		const emil = await inviteToOrganisation(db, team, { organisationId: c, email: 'emil@example.org', name: '', role: 'member', language: 'de' }, NOW);
		expect((await listInvitations(db, c, NOW)).map((i) => i.email)).toEqual(['emil@example.org']);
		// Another association's admin cannot withdraw it.
		const amal = (await membershipOf(db, (await accountOf('amal@example.org')).id))!;
		await expect(withdrawInvitation(db, { id: 'x', email: 'amal@example.org' }, { organisationId: c, invitationId: emil.id, byMemberOf: amal }, NOW)).rejects.toMatchObject({ code: 'not_found' });
		await expect(withdrawInvitation(db, { id: 'x', email: 'amal@example.org' }, { organisationId: a, invitationId: emil.id, byMemberOf: amal }, NOW)).rejects.toMatchObject({ code: 'not_found' });
		await withdrawInvitation(db, team, { organisationId: c, invitationId: emil.id }, NOW);
		expect(await listInvitations(db, c, NOW)).toEqual([]);
		expect(await accountOf('emil@example.org')).toBeUndefined();
		expect(await invitationsFor(db, 'emil@example.org', NOW)).toEqual([]);

		// Expired: no longer offered, cannot be accepted, and the maintenance job tidies up.
		const fay = await inviteToOrganisation(db, team, { organisationId: c, email: 'fay@example.org', name: '', role: 'member', language: 'de' }, NOW);
		const fayAccount = await accountOf('fay@example.org');
		const eightDays = later(8 * 24);
		expect(await invitationsFor(db, 'fay@example.org', eightDays)).toEqual([]);
		await expect(acceptInvitation(db, { userId: fayAccount.id, email: 'fay@example.org' }, fay.id, eightDays)).rejects.toMatchObject({ code: 'not_found' });
		expect(await closeExpiredInvitations(db, eightDays)).toBeGreaterThanOrEqual(1);
		expect(await accountOf('fay@example.org')).toBeUndefined();
		// Accounts with a membership are never touched by it.
		expect(await accountOf('cem@example.org')).toBeDefined();
		// Closed invitations go a month after they closed; open ones stay.
		const open = await inviteToOrganisation(db, team, { organisationId: c, email: 'gina@example.org', name: '', role: 'member', language: 'de' }, later(40 * 24));
		expect((await db.select().from(organisationInvitation).where(eq(organisationInvitation.email, 'fay@example.org'))).length).toBe(1);
		await closeExpiredInvitations(db, later(39 * 24));
		expect(await db.select().from(organisationInvitation).where(eq(organisationInvitation.email, 'fay@example.org'))).toEqual([]);
		expect(await db.select().from(organisationInvitation).where(eq(organisationInvitation.email, 'dana@example.org'))).toEqual([]);
		expect((await db.select().from(organisationInvitation).where(eq(organisationInvitation.id, open.id))).length).toBe(1);
	});

	it('limits invitations per recipient and per inviting association, per day', async () => {
		const { db } = database;
		const [{ id: d }] = await db.insert(organisation).values({ name: 'Verein D', confirmed: true }).returning();
		const admin = await member(d, 'guel@example.org', 'Gül', 'org_admin');
		const actor = { id: admin.userId, email: 'guel@example.org' };
		const invite = (email: string, at: Date, org = d, by: 'admin' | 'team' = 'admin') =>
			inviteToOrganisation(db, by === 'admin' ? actor : team, { organisationId: org, email, name: '', role: 'member', language: 'de', byMemberOf: by === 'admin' ? admin.membership : undefined }, at);

		// A resend replaces the open invitation (one open offer per address) and counts.
		for (let i = 0; i < INVITE_LIMITS.recipientFromOrganisation; i++) await invite('hans@example.org', later(i));
		expect((await listInvitations(db, d, later(3))).filter((x) => x.email === 'hans@example.org')).toHaveLength(1);
		await expect(invite('hans@example.org', later(3))).rejects.toMatchObject({ code: 'invite_limit_recipient', field: 'email' });
		// The team is held to the address limit too; a day later it is lifted.
		await expect(invite('hans@example.org', later(3), d, 'team')).rejects.toMatchObject({ code: 'invite_limit_recipient' });
		await invite('hans@example.org', later(25));

		// All associations together: the same answer, so nobody learns who else invited.
		const orgs = await db
			.insert(organisation)
			.values(Array.from({ length: INVITE_LIMITS.recipient }, (_, i) => ({ name: `Verein X${i}`, confirmed: true })))
			.returning();
		for (const org of orgs.slice(0, INVITE_LIMITS.recipient)) await invite('ida@example.org', NOW, org.id, 'team');
		await expect(invite('ida@example.org', NOW)).rejects.toMatchObject({ code: 'invite_limit_recipient' });

		// Per association and day, for its admins: stored in the database, across addresses.
		const sent = (await db.select().from(organisationInvitation).where(and(eq(organisationInvitation.organisationId, d)))).filter((r) => r.createdAt > later(26 - 24)).length;
		for (let i = sent; i < INVITE_LIMITS.organisation; i++) await invite(`p${i}@example.org`, later(26));
		await expect(invite('one-more@example.org', later(26))).rejects.toMatchObject({ code: 'invite_limit_organisation', params: { max: INVITE_LIMITS.organisation } });
		// The team may still onboard people into the association.
		await invite('by-team@example.org', later(26), d, 'team');
	});

	it('the mail is in the chosen language, names association and inviter, and offers to decline', async () => {
		const { db } = database;
		const [{ id: e }] = await db.insert(organisation).values({ name: 'Nachbarschaftsverein E', confirmed: true }).returning();
		const admin = await member(e, 'jale@example.org', 'Jale Demir', 'org_admin');
		await inviteToOrganisation(db, { id: admin.userId, email: 'jale@example.org' }, { organisationId: e, email: 'kerem@example.org', name: '', role: 'member', language: 'tr', byMemberOf: admin.membership }, NOW);
		const url = 'https://bildung.example.org/verein/link/TOKEN123';
		expect(await enqueueInvitationMail(db, { email: 'Kerem@example.org', url }, NOW)).toBe(true);
		// It goes out once; the next link to the address is a plain sign-in link again.
		expect(await enqueueInvitationMail(db, { email: 'kerem@example.org', url }, NOW)).toBe(false);
		const [mail] = await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'kerem@example.org'));
		expect(mail).toMatchObject({ language: 'tr', template: 'invitation' });
		expect(mail.subject).toContain('Nachbarschaftsverein E');
		expect(mail.text).toContain('Jale Demir sizi');
		expect(mail.text).toContain('https://bildung.example.org/tr/verein/link/TOKEN123?einladung');
		expect(mail.text).toContain('reddedin');
		expect(mail.text).not.toMatch(/talep etmediyseniz|nicht angefordert/);

		// The team's invitation says it is from the team; German has no prefix in the link.
		await inviteToOrganisation(db, team, { organisationId: e, email: 'lena@example.org', name: '', role: 'org_admin', language: 'de' }, NOW);
		expect(await enqueueInvitationMail(db, { email: 'lena@example.org', url }, NOW)).toBe(true);
		const [teamMail] = await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'lena@example.org'));
		expect(teamMail.text).toContain('Jana Team vom Bildungsturbo-Team lädt Sie ein, im Bereich von „Nachbarschaftsverein E“');
		expect(teamMail.text).toContain('als Vereins-Admin');
		expect(teamMail.text).toContain('https://bildung.example.org/verein/link/TOKEN123?einladung');
		expect(teamMail.text).toContain('ignorieren Sie diese E-Mail. Dann ändert sich nichts.');
		// No open invitation: no invitation mail.
		expect(await enqueueInvitationMail(db, { email: 'nobody@example.org', url }, NOW)).toBe(false);
	});

	it('is the only way in: no page or action adds people directly', () => {
		const files = (dir: string): string[] =>
			fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
		const doors = files(path.resolve('src/routes')).filter((f) => /\.(ts|svelte)$/.test(f));
		expect(doors.length).toBeGreaterThan(20);
		expect(doors.filter((f) => fs.readFileSync(f, 'utf8').includes('inviteMember'))).toEqual([]);
	});
});
