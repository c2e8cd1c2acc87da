import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { organisation, organisationMember } from '../db/schema/organisations.ts';
import { registration } from '../db/schema/registration.ts';
import * as programme from '../programme/commands.ts';
import * as reg from './commands.ts';
import { searchOrganisations } from './organisations.ts';
import { REGISTRATION_PAGE_SIZE, registrationsForStaff, type RegistrationSort } from './queries.ts';
import { listAuditEntries } from '../audit/queries.ts';
import { listRegistrationItems } from './overview.ts';

// Sorting and search of the backoffice lists (?q=, ?sort=, ?dir=), on the real database.
const NOW = new Date('2027-02-01T09:00:00Z');
const actor = { id: 'staff-1', email: 'team@example.org' };
let database: Database;
let itemId = 0;
let projectId = 0;

beforeAll(async () => {
	database = await openTestDatabase();
	const db = database.db;
	// Accounts by plain SQL: only the columns every version of the table has.
	const account = (id: string, email: string, role: string) => db.execute(sql`insert into "user" (id, name, email, role) values (${id}, 'Name', ${email}, ${role})`);
	await account(actor.id, actor.email, 'staff');
	const orgs = await db
		.insert(organisation)
		.values([
			{ name: 'Zukunft e. V.', city: 'Aachen', confirmed: true },
			{ name: 'anadolu Kulturverein', city: 'Köln', confirmed: true },
			{ name: 'Mitte Nachbarschaft', city: 'Berlin', confirmed: false }
		])
		.returning();
	const member = async (orgId: number) => {
		const id = randomUUID();
		await account(id, `${id}@example.org`, 'org_member');
		await db.insert(organisationMember).values({ organisationId: orgId, userId: id });
	};
	await member(orgs[0].id);
	await member(orgs[0].id);
	await member(orgs[1].id);

	const p = await programme.createProject(db, actor, { slug: 'p', phaseName: 'P', fundingProgramme: 'B', funder: 'D', runtimeStart: '2027-01-01', runtimeEnd: '2027-12-31', title: { de: 'P' }, description: {} }, NOW);
	const item = await programme.createItem(db, actor, p.id, { number: 1, kind: 'workshop', format: 'in_person', state: 'scheduled', stateNote: {}, registrationOpen: true, capacity: 2, perSession: false, requiresApproval: false, description: {}, title: { de: 'Workshop' } }, NOW);
	await programme.createSession(db, actor, item.id, { date: '2027-03-19', startTime: '10:00', endTime: '17:00', city: 'Köln', address: '', track: '', meetingId: null, capacity: null }, NOW);
	itemId = item.id;
	projectId = p.id;
	const env: reg.Env = { db, now: NOW, origin: 'http://localhost:3000', secret: 's', holdHours: 48 };
	// Registered in this order, a minute apart: Bora, Ceren (both hold a place), Ali (full: waiting list).
	for (const [i, [name, orgId]] of ([['Bora Demir', orgs[0].id], ['ceren Aydın', null], ['Ali Yıldız', orgs[1].id]] as const).entries()) {
		await reg.registerParticipant({ ...env, now: new Date(NOW.getTime() + i * 60_000) }, { itemId, sessionId: null, name, email: `${name.split(' ')[0].toLowerCase()}@example.org`, organisationId: orgId, organisationName: '', language: 'de', needs: '', photoConsent: false });
	}
	await db.update(registration).set({ status: 'confirmed' }).where(eq(registration.name, 'Bora Demir'));
});
afterAll(() => database?.close());

describe('organisations list: sort and search', () => {
	const names = async (opts: Parameters<typeof searchOrganisations>[1]) => (await searchOrganisations(database.db, opts)).rows.map((r) => r.name);

	it('sorts by each whitelisted column, both ways, letters regardless of case', async () => {
		expect(await names({})).toEqual(['Mitte Nachbarschaft', 'anadolu Kulturverein', 'Zukunft e. V.']);
		expect(await names({ sort: 'name', dir: 'asc' })).toEqual(['anadolu Kulturverein', 'Mitte Nachbarschaft', 'Zukunft e. V.']);
		expect(await names({ sort: 'name', dir: 'desc' })).toEqual(['Zukunft e. V.', 'Mitte Nachbarschaft', 'anadolu Kulturverein']);
		expect(await names({ sort: 'city', dir: 'asc' })).toEqual(['Zukunft e. V.', 'Mitte Nachbarschaft', 'anadolu Kulturverein']);
		expect(await names({ sort: 'people', dir: 'desc' })).toEqual(['Zukunft e. V.', 'anadolu Kulturverein', 'Mitte Nachbarschaft']);
		expect(await names({ sort: 'registrations', dir: 'desc' })).toEqual(['anadolu Kulturverein', 'Zukunft e. V.', 'Mitte Nachbarschaft']);
	});

	it('falls back to its default order for a column it does not know', async () => {
		const list = await searchOrganisations(database.db, { sort: 'id; drop table organisation' as never, dir: 'sideways' as never });
		expect([list.sort, list.dir]).toEqual(['status', 'asc']);
		expect(list.rows.map((r) => r.name)).toEqual(['Mitte Nachbarschaft', 'anadolu Kulturverein', 'Zukunft e. V.']);
	});

	it('searches name and city, together with a sort', async () => {
		expect(await names({ q: 'kÖLN' })).toEqual(['anadolu Kulturverein']);
		expect(await names({ q: 'e', sort: 'name', dir: 'desc' })).toEqual(['Zukunft e. V.', 'Mitte Nachbarschaft', 'anadolu Kulturverein']);
		expect(await names({ q: 'a\u0000b' })).toEqual([]);
	});
});

describe('registrations of an item: sort and search', () => {
	const names = async (filter: { q?: string; sort?: RegistrationSort; dir?: 'asc' | 'desc'; status?: string }) =>
		(await registrationsForStaff(database.db, itemId, filter)).rows.map((r) => r.name);

	it('lists in registration order by default, and by name, organisation or state on request', async () => {
		expect(await names({})).toEqual(['Bora Demir', 'ceren Aydın', 'Ali Yıldız']);
		expect(await names({ sort: 'registered', dir: 'desc' })).toEqual(['Ali Yıldız', 'ceren Aydın', 'Bora Demir']);
		expect(await names({ sort: 'name' })).toEqual(['Ali Yıldız', 'Bora Demir', 'ceren Aydın']);
		expect(await names({ sort: 'organisation' })).toEqual(['ceren Aydın', 'Ali Yıldız', 'Bora Demir']);
		// States in the order of a registration's life: held before confirmed before waiting.
		expect(await names({ sort: 'status' })).toEqual(['ceren Aydın', 'Bora Demir', 'Ali Yıldız']);
		expect(await names({ sort: 'status', dir: 'desc' })).toEqual(['Ali Yıldız', 'Bora Demir', 'ceren Aydın']);
	});

	it('searches name, address and organisation, within the status filter; counts stay those of the whole item', async () => {
		expect(await names({ q: 'AYD' })).toEqual(['ceren Aydın']);
		expect(await names({ q: 'bora@' })).toEqual(['Bora Demir']);
		expect(await names({ q: 'kulturverein' })).toEqual(['Ali Yıldız']);
		expect(await names({ q: 'e', status: 'confirmed' })).toEqual(['Bora Demir']);
		const list = await registrationsForStaff(database.db, itemId, { q: 'niemand' });
		expect(list.rows).toEqual([]);
		expect(list.counts).toEqual({ confirmed: 1, held: 1, waitlisted: 1 });
	});
});

describe('audit log: sort and search', () => {
	it('finds entries by the words of their action in the reader’s language, or by who', async () => {
		const de = await listAuditEntries(database.db, { page: 1, q: 'Termin angelegt', locale: 'de' });
		expect(de.rows.map((r) => r.action)).toEqual(['session.created']);
		const en = await listAuditEntries(database.db, { page: 1, q: 'session created', locale: 'en' });
		expect(en.rows.map((r) => r.action)).toEqual(['session.created']);
		const who = await listAuditEntries(database.db, { page: 1, q: 'TEAM@', locale: 'de' });
		expect(who.rows.length).toBeGreaterThanOrEqual(3);
		expect(who.rows.every((r) => r.actorEmail === actor.email)).toBe(true);
		expect((await listAuditEntries(database.db, { page: 1, q: 'gibt es nicht', locale: 'de' })).rows).toEqual([]);
	});

	it('is newest first by default, oldest first on request', async () => {
		const newest = await listAuditEntries(database.db, { page: 1 });
		const oldest = await listAuditEntries(database.db, { page: 1, sort: 'at', dir: 'asc' });
		expect(newest.rows.map((r) => r.id)).toEqual([...oldest.rows.map((r) => r.id)].reverse());
		expect(oldest.rows[0].action).toBe('project.created');
		expect([newest.sort, newest.dir]).toEqual(['at', 'desc']);
	});
});

describe('registrations overview: items with their counts', () => {
	it('lists items taking registrations with counts, free places and the next session; sorted and searched', async () => {
		const db = database.db;
		const list = await listRegistrationItems(db, NOW);
		expect(list.rows).toHaveLength(1);
		expect(list.rows[0]).toMatchObject({ id: itemId, title: 'Workshop', projectName: 'P', confirmed: 1, open: 1, waitlisted: 1, capacity: 2, free: 0 });
		expect(list.rows[0].nextSession?.startsAt.toISOString()).toBe('2027-03-19T09:00:00.000Z');
		// A second item, registration open, nothing yet, no sessions: after the one with a next session.
		const other = await programme.createItem(db, actor, projectId, { number: 2, kind: 'workshop', format: 'online', state: 'scheduled', stateNote: {}, registrationOpen: true, capacity: null, perSession: false, requiresApproval: false, description: {}, title: { de: 'Abendkurs' } }, NOW);
		const ids = async (opts: Parameters<typeof listRegistrationItems>[2]) => (await listRegistrationItems(db, NOW, opts)).rows.map((r) => r.id);
		expect(await ids({})).toEqual([itemId, other.id]);
		expect(await ids({ sort: 'next', dir: 'desc' })).toEqual([itemId, other.id]);
		expect(await ids({ sort: 'item' })).toEqual([other.id, itemId]);
		expect(await ids({ sort: 'confirmed', dir: 'desc' })).toEqual([itemId, other.id]);
		expect(await ids({ q: 'abend' })).toEqual([other.id]);
		expect(await ids({ sort: 'bogus' as never, dir: 'up' as never })).toEqual([itemId, other.id]);
		expect((await listRegistrationItems(db, NOW, { q: 'abend' })).rows[0]).toMatchObject({ free: null, nextSession: null, confirmed: 0 });
	});
});

describe('registrations of an item: pages', () => {
	let bigItem = 0;
	beforeAll(async () => {
		const db = database.db;
		// A project of its own: the overview's tests count the other one's items.
		const p = await programme.createProject(db, actor, { slug: 'seiten', phaseName: 'S', fundingProgramme: '', funder: '', runtimeStart: '2027-01-01', runtimeEnd: '2027-12-31', title: { de: 'S' }, description: {} }, NOW);
		const item = await programme.createItem(db, actor, p.id, { number: 2, kind: 'workshop', format: 'in_person', state: 'scheduled', stateNote: {}, registrationOpen: true, capacity: null, perSession: false, requiresApproval: false, description: {}, title: { de: 'Groß' } }, NOW);
		bigItem = item.id;
		// 120 people, straight into the table: "Person 000" … "Person 119", every third waiting, registered a minute apart in reverse.
		await db.insert(registration).values(
			Array.from({ length: 120 }, (_, n) => ({
				itemId: bigItem,
				status: n % 3 === 0 ? ('waitlisted' as const) : ('confirmed' as const),
				name: `Person ${String(n).padStart(3, '0')}`,
				email: `person${n}@example.org`,
				privacyVersion: '1',
				privacyAcceptedAt: NOW,
				confirmTokenHash: `page-${n}`,
				confirmExpiresAt: NOW,
				createdAt: new Date(NOW.getTime() - n * 60_000)
			}))
		);
	});
	const list = (filter: Parameters<typeof registrationsForStaff>[2]) => registrationsForStaff(database.db, bigItem, filter);

	it('gives one page at a time, sorted and searched across all pages, with the totals', async () => {
		const pages = await Promise.all([1, 2, 3].map((page) => list({ sort: 'name', page })));
		expect(pages.map((p) => p.rows.length)).toEqual([REGISTRATION_PAGE_SIZE, REGISTRATION_PAGE_SIZE, 120 - 2 * REGISTRATION_PAGE_SIZE]);
		expect(pages.map((p) => [p.page, p.pages, p.total])).toEqual([[1, 3, 120], [2, 3, 120], [3, 3, 120]]);
		const names = pages.flatMap((p) => p.rows.map((r) => r.name));
		expect(names).toEqual(Array.from({ length: 120 }, (_, n) => `Person ${String(n).padStart(3, '0')}`));
		// Registration order (the default) runs across pages too: the last registered is the first person.
		expect((await list({ page: 3 })).rows.at(-1)!.name).toBe('Person 000');
		expect((await list({ sort: 'name', dir: 'desc', page: 1 })).rows[0].name).toBe('Person 119');
		// The counts are the whole item's, whatever the page, filter or search.
		for (const p of pages) expect(p.counts).toEqual({ confirmed: 80, waitlisted: 40 });
	});

	it('pages what a search or filter finds; a page past the last gives the last', async () => {
		const found = await list({ q: 'Person 1', sort: 'name', page: 1 });
		expect([found.total, found.pages]).toEqual([20, 1]);
		expect(found.rows[0].name).toBe('Person 100');
		const waiting = await list({ status: 'waitlisted', sort: 'name', page: 9 });
		expect([waiting.total, waiting.pages, waiting.page]).toEqual([40, 1, 1]);
		expect(waiting.rows.every((r) => r.status === 'waitlisted')).toBe(true);
		const last = await list({ sort: 'name', page: 99 });
		expect([last.page, last.rows[0].name]).toEqual([3, 'Person 100']);
		// Without a page (the API, which pages itself) every row.
		expect((await list({})).rows).toHaveLength(120);
	});
});
