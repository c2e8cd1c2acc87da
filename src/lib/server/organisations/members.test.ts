import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { organisation } from '../db/schema/organisations.ts';
import { listMembers, membershipOf, removeMember, setMemberRole, type MemberRole } from './members.ts';
import { acceptInvitation, inviteToOrganisation } from './invitations.ts';
import { eq } from 'drizzle-orm';
import { user } from '../db/schema/auth.ts';
import { saveModule } from '../assessment/check.ts';
import { organisationResults } from '../assessment/results.ts';
import { exportPersonData } from '../registration/privacy.ts';

const NOW = new Date('2027-01-10T09:00:00Z');
const team = { id: 'staff', email: 'team@example.org' };
let database: Database;
let orgId = 0;
let otherId = 0;

beforeAll(async () => {
	database = await openTestDatabase();
	[{ id: orgId }, { id: otherId }] = await database.db.insert(organisation).values([{ name: 'Verein A', confirmed: true }, { name: 'Verein B', confirmed: true }]).returning();
});
afterAll(() => database?.close());

/** A person the team invited and who accepted. */
async function inviteMember(db: Database['db'], actor: typeof team, input: { organisationId: number; email: string; name: string; role: MemberRole }, now: Date) {
	const { id, email } = await inviteToOrganisation(db, actor, { ...input, language: 'de' }, now);
	const [account] = await db.select().from(user).where(eq(user.email, email));
	await acceptInvitation(db, { userId: account.id, email }, id, now);
	return { userId: account.id, email };
}

describe("an organisation's people", () => {
	it('keeps at least one admin, lets the admin manage members, and keeps other associations out', async () => {
		const { userId: amal } = await inviteMember(database.db, team, { organisationId: orgId, email: 'Amal@Example.org ', name: 'Amal', role: 'org_admin' }, NOW);
		const { userId: bora } = await inviteMember(database.db, team, { organisationId: orgId, email: 'bora@example.org', name: 'Bora', role: 'member' }, NOW);
		const { userId: cem } = await inviteMember(database.db, team, { organisationId: otherId, email: 'cem@example.org', name: 'Cem', role: 'org_admin' }, NOW);
		expect((await listMembers(database.db, orgId)).map((p) => [p.email, p.role, p.signedIn])).toEqual([
			['amal@example.org', 'org_admin', false],
			['bora@example.org', 'member', false]
		]);

		// The only admin can neither step down nor be removed.
		await expect(setMemberRole(database.db, team, { organisationId: orgId, userId: amal, role: 'member' }, NOW)).rejects.toMatchObject({ code: 'last_admin' });
		await expect(removeMember(database.db, team, { organisationId: orgId, userId: amal }, NOW)).rejects.toMatchObject({ code: 'last_admin' });

		// Another association's admin cannot touch these people.
		const cemMembership = (await membershipOf(database.db, cem))!;
		await expect(removeMember(database.db, { id: cem, email: 'cem@example.org' }, { organisationId: orgId, userId: bora, byMemberOf: cemMembership }, NOW)).rejects.toMatchObject({ code: 'not_found' });
		await expect(setMemberRole(database.db, { id: cem, email: 'cem@example.org' }, { organisationId: orgId, userId: bora, role: 'org_admin', byMemberOf: cemMembership }, NOW)).rejects.toMatchObject({ code: 'not_found' });
		// Nor can a person of another association be removed through this one.
		await expect(removeMember(database.db, team, { organisationId: orgId, userId: cem }, NOW)).rejects.toMatchObject({ code: 'not_found' });

		// With a second admin, the first may step down; the admin removes a member, who loses access.
		const amalMembership = (await membershipOf(database.db, amal))!;
		await setMemberRole(database.db, team, { organisationId: orgId, userId: bora, role: 'org_admin' }, NOW);
		await setMemberRole(database.db, { id: amal, email: 'amal@example.org' }, { organisationId: orgId, userId: amal, role: 'member', byMemberOf: amalMembership }, NOW);
		expect((await membershipOf(database.db, amal))!.role).toBe('member');
		// Before: the person export shows the account, its membership and its own answers.
		await saveModule(database.db, orgId, amal, { 'structure.roles': 3 }, NOW);
		const before = await exportPersonData(database.db, 'amal@example.org');
		expect(before.account).toMatchObject({ name: 'Amal', role: 'org_member' });
		expect(before.memberships).toEqual([expect.objectContaining({ organisation: 'Verein A', role: 'member' })]);
		expect(before.checkAnswers).toEqual([expect.objectContaining({ organisation: 'Verein A', round: 1, answers: { 'structure.roles': 3 } })]);
		await removeMember(database.db, team, { organisationId: orgId, userId: amal }, NOW);
		expect(await membershipOf(database.db, amal)).toBeNull();
		// Without any organisation the account has no purpose and is gone; the answer stays, anonymous.
		expect(await database.db.select().from(user).where(eq(user.id, amal))).toEqual([]);
		const after = await exportPersonData(database.db, 'amal@example.org');
		expect([after.account, after.memberships, after.checkAnswers]).toEqual([null, [], []]);
		expect((await organisationResults(database.db, orgId)).rounds[0].respondents).toBe(1);
		expect((await listMembers(database.db, orgId)).map((p) => p.email)).toEqual(['bora@example.org']);
		expect((await membershipOf(database.db, cem))!.organisationId).toBe(otherId);
	});
});
