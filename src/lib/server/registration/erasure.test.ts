/**
 * Personal data goes wherever deletion reaches: a person is seeded everywhere the app keeps data
 * (registration, mails and their .eml files, account, membership, session, sign-in token, rate
 * limits, audit log), then deleted; every table of the database, whatever its schema, and every
 * file of the data directory is searched for their address, name and client address.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import type { Database, Db } from '../db/client.ts';
import { session as signInSession, verification } from '../db/schema/auth.ts';
import { organisation } from '../db/schema/organisations.ts';
import * as programme from '../programme/commands.ts';
import * as reg from './commands.ts';
import { exportPersonData } from './privacy.ts';
import { inviteMember, enqueueSignInMail, removeMember } from '../organisations/members.ts';
import { acceptInvitation, inviteToOrganisation } from '../organisations/invitations.ts';
import { createDelivery, deliverDueMail, removeOrphanMailFiles } from '../mail/outbox.ts';
import { hitRateLimit } from '../auth/rate-limit.ts';
import { personRef, recordAudit } from '../audit/record.ts';

const NOW = new Date('2027-02-01T09:00:00Z');
const staff = { id: 'staff-1', email: 'team@example.org' };
const EMAIL = 'zeynep.erasure@example.org';
const NAME = 'Zeynep Erasure';
const IP = '203.0.113.77';
let database: Database;
let dataDir: string;

beforeAll(async () => {
	database = await openTestDatabase();
	dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-erasure-'));
});
afterAll(async () => {
	await database?.close();
	fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Every base table in every schema (pg-boss's included), each row as text, searched for `needle`. */
async function tablesContaining(db: Db, needle: string): Promise<string[]> {
	const tables = (await db.execute(sql`
		select table_schema as s, table_name as t from information_schema.tables
		where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`)) as unknown as { rows?: { s: string; t: string }[] } | { s: string; t: string }[];
	const list = Array.isArray(tables) ? tables : (tables.rows ?? []);
	expect(list.length).toBeGreaterThan(10);
	const hits: string[] = [];
	for (const { s, t } of list) {
		const res = (await db.execute(sql`select count(*)::int as n from ${sql.identifier(s)}.${sql.identifier(t)} x where strpos(lower(x::text), ${needle.toLowerCase()}) > 0`)) as unknown as { rows?: { n: number }[] } | { n: number }[];
		const [{ n }] = Array.isArray(res) ? res : res.rows!;
		if (n > 0) hits.push(`${s}.${t}`);
	}
	return hits;
}

function filesContaining(dir: string, needle: string): string[] {
	const hits: string[] = [];
	for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
		if (!entry.isFile()) continue;
		const file = path.join(entry.parentPath, entry.name);
		if (fs.readFileSync(file, 'latin1').toLowerCase().includes(needle.toLowerCase())) hits.push(file);
	}
	return hits;
}

describe('erasure', () => {
	it('leaves no trace of a deleted person in any table or file; the export covered sessions and audit entries before', async () => {
		const db = database.db;
		const env: reg.Env = { db, now: NOW, origin: 'https://example.org', secret: 's', holdHours: 48 };
		const delivery = await createDelivery({ smtpUrl: null, from: 'team@example.org', dataDir });

		// A participant: a registration with its mails (the confirmation carries a calendar).
		const p = await programme.createProject(db, staff, { slug: 'erase', phaseName: 'P', fundingProgramme: 'B', funder: 'D', runtimeStart: '2027-01-01', runtimeEnd: '2027-03-31', title: { de: 'P' }, description: {} }, NOW);
		const item = await programme.createItem(db, staff, p.id, { number: 1, kind: 'workshop', format: 'in_person', state: 'scheduled', stateNote: {}, registrationOpen: true, capacity: null, perSession: false, requiresApproval: false, title: { de: 'W' }, description: {} }, NOW);
		await programme.createSession(db, staff, item.id, { date: '2027-03-10', startTime: '10:00', endTime: '12:00', city: 'Köln', address: '', track: '', meetingId: null, capacity: null }, NOW);
		await reg.addRegistrationByStaff(env, staff, { itemId: item.id, sessionId: null, name: NAME, email: EMAIL, organisationId: null, organisationName: '', language: 'tr', needs: 'Dolmetschen', photoConsent: true });

		// The same person in an association: account, membership, a sign-in mail, a sign-in token, a session.
		const [{ id: orgId }] = await db.insert(organisation).values([{ name: 'Verein Z', confirmed: true }]).returning();
		const { userId } = await inviteMember(db, staff, { organisationId: orgId, email: EMAIL, name: NAME, role: 'member' }, NOW);
		// …and in a second one, by invitation (the invitation keeps the address and the typed name).
		const [{ id: otherOrgId }] = await db.insert(organisation).values([{ name: 'Verein Y', confirmed: true }]).returning();
		const invitation = await inviteToOrganisation(db, staff, { organisationId: otherOrgId, email: EMAIL, name: NAME, role: 'member', language: 'de' }, NOW);
		await acceptInvitation(db, { userId, email: EMAIL }, invitation.id, NOW);
		await enqueueSignInMail(db, { email: EMAIL, url: 'https://example.org/verein/link/t0k3n' }, 'de', NOW);
		await db.insert(verification).values({ id: randomUUID(), identifier: 'hashed-token', value: JSON.stringify({ email: EMAIL, name: '' }), expiresAt: new Date(NOW.getTime() + 86_400_000) });
		await db.insert(signInSession).values({ id: randomUUID(), token: randomUUID(), userId, ipAddress: IP, userAgent: 'Firefox', expiresAt: new Date(NOW.getTime() + 7 * 86_400_000) });
		await deliverDueMail(db, delivery, NOW);

		// Sign-in attempts: per client address and per typed address.
		await hitRateLimit(db, `sign-in:ip:${IP}`, { max: 5, windowSeconds: 60 }, NOW);
		await hitRateLimit(db, `sign-in:email:${EMAIL}`, { max: 5, windowSeconds: 60 }, NOW);
		// The team exported the person's data once (as the export route records it).
		await recordAudit(db, staff, 'person.exported', { type: 'person', id: personRef(EMAIL) }, NOW, { registrations: 1 });

		// The seed reached the database and the data directory; the rate-limit table never held the clear values.
		expect(await tablesContaining(db, EMAIL)).toEqual(expect.arrayContaining(['public.registration', 'public.mail_outbox', 'public.user', 'public.verification', 'public.organisation_invitation']));
		expect(filesContaining(dataDir, EMAIL).length).toBeGreaterThanOrEqual(2);
		expect(await tablesContaining(db, IP)).toEqual(['public.session']);
		expect(await tablesContaining(db, EMAIL)).not.toContain('public.rate_limit');

		// Art. 15: the export holds the sessions and the audit entries about the person.
		const exported = await exportPersonData(db, EMAIL);
		expect(exported.sessions).toEqual([expect.objectContaining({ ipAddress: IP, userAgent: 'Firefox' })]);
		const actions = exported.auditEntries.map((e) => e.action);
		expect(actions).toEqual(expect.arrayContaining(['registration.added_by_staff', 'organisation.member_invited', 'person.exported']));

		// Deletion: the team removes them from the association, they ask for their data to be deleted.
		await removeMember(db, staff, { organisationId: orgId, userId }, NOW);
		await removeMember(db, staff, { organisationId: otherOrgId, userId }, NOW);
		await reg.deleteParticipantData(env, EMAIL);
		// What the maintenance job does on its next run.
		await removeOrphanMailFiles(db, delivery.emlDir!);

		for (const needle of [EMAIL, NAME, IP]) {
			expect(await tablesContaining(db, needle), needle).toEqual([]);
			expect(filesContaining(dataDir, needle), needle).toEqual([]);
		}
	});
});
