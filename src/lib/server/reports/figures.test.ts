/**
 * The funder figures on a data set built for this test, every figure asserted, with the edge cases:
 * a person at two items, a cancelled registration, a no-show, an anonymised person, sessions outside
 * the period (one only just: 00:30 Berlin on the day after), a cancelled item, a session still ahead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import type { Database, Db } from '../db/client.ts';
import { auditEntry } from '../db/schema/audit.ts';
import { assessmentResponse, assessmentRound } from '../db/schema/assessment.ts';
import { consultationBooking, consultationOffer, consultationSlot, consultationTrack } from '../db/schema/consultation.ts';
import { cohortMember, organisation } from '../db/schema/organisations.ts';
import { programmeItem, project, session } from '../db/schema/programme.ts';
import { attendance, certificate, registration } from '../db/schema/registration.ts';
import { anonymiseRegistrations } from '../registration/privacy.ts';
import { currentInstrument } from '../assessment/instrument.ts';
import { projectFigures } from './figures.ts';
import { cohortReadinessChange } from './readiness.ts';
import { projectTargets, setProjectTargets } from './targets.ts';
import { figuresCsv, figuresXlsx } from './figure-tables.ts';
import { projectParticipantLists } from './participants.ts';
import { projectParticipantCsv, projectParticipantXlsx } from './participant-list.ts';
import ExcelJS from 'exceljs';

const NOW = new Date('2027-08-01T10:00:00Z');
const RUNTIME = { from: '2027-01-01', to: '2027-06-30' };
const actor = { id: 'staff-1', email: 'team@example.org' };
let database: Database;
let db: Db;
let projectId = 0;
let otherProjectId = 0;
const items: Record<string, number> = {};
const sessions: Record<string, number> = {};
const orgs: Record<string, number> = {};
const regs: Record<string, number> = {};
let counter = 0;

async function addItem(key: string, values: Partial<typeof programmeItem.$inferInsert>) {
	const [row] = await db.insert(programmeItem).values({ projectId, position: ++counter, title: { de: key }, ...values }).returning();
	items[key] = row.id;
}
async function addSession(key: string, item: string, startsAt: string, endsAt: string, city = '') {
	const [row] = await db.insert(session).values({ itemId: items[item], startsAt: new Date(startsAt), endsAt: new Date(endsAt), city }).returning();
	sessions[key] = row.id;
}
async function register(key: string, item: string, email: string, status: 'confirmed' | 'cancelled', org: string | null, sessionKey: string | null = null) {
	const [row] = await db
		.insert(registration)
		.values({ itemId: items[item], sessionId: sessionKey ? sessions[sessionKey] : null, status, name: key, email, organisationId: org ? orgs[org] : null, privacyVersion: '1', privacyAcceptedAt: NOW, confirmTokenHash: `t-${++counter}`, confirmExpiresAt: NOW })
		.returning();
	regs[key] = row.id;
}
const mark = (reg: string, sessionKey: string, present: boolean) => db.insert(attendance).values({ registrationId: regs[reg], sessionId: sessions[sessionKey], present, markedAt: NOW });

beforeAll(async () => {
	database = await openTestDatabase();
	db = database.db;
	const [p] = await db.insert(project).values({ slug: 'figures', title: { de: 'Zahlenprojekt' }, phaseName: 'Zahlen I', runtimeStart: RUNTIME.from, runtimeEnd: RUNTIME.to, status: 'published' }).returning();
	projectId = p.id;
	const [other] = await db.insert(project).values({ slug: 'other', title: { de: 'Anderes' } }).returning();
	otherProjectId = other.id;
	for (const name of ['X', 'Y', 'Z', 'W', 'C1', 'C2', 'C3', 'C4', 'C5']) orgs[name] = (await db.insert(organisation).values({ name: `Verein ${name}`, confirmed: true }).returning())[0].id;

	// A: a two-day workshop in Köln (7 h a day); B: an online lecture registered per session, its second
	// session starting 00:30 Berlin on 1 July (outside the runtime, though 30 June in UTC).
	await addItem('A', { kind: 'workshop', format: 'in_person', number: 1 });
	await addSession('A1', 'A', '2027-03-10T09:00:00Z', '2027-03-10T16:00:00Z', 'Köln');
	await addSession('A2', 'A', '2027-03-11T09:00:00Z', '2027-03-11T16:00:00Z', 'Köln');
	await addItem('B', { kind: 'lecture', format: 'online', number: 2, perSession: true });
	await addSession('B1', 'B', '2027-04-05T16:00:00Z', '2027-04-05T18:00:00Z');
	await addSession('B2', 'B', '2027-06-30T22:30:00Z', '2027-07-01T00:30:00Z');
	// C was cancelled (its session never counts); D lies ahead of `now`.
	await addItem('C', { kind: 'workshop', state: 'cancelled', number: 3 });
	await addSession('C1', 'C', '2027-05-01T09:00:00Z', '2027-05-01T16:00:00Z', 'Berlin');
	await addItem('D', { kind: 'workshop', number: 4 });
	await addSession('D1', 'D', '2027-09-01T09:00:00Z', '2027-09-01T12:00:00Z', 'Berlin');

	await register('ayse-A', 'A', 'ayse@example.org', 'confirmed', 'X');
	await register('ayse-B1', 'B', 'ayse@example.org', 'confirmed', 'X', 'B1'); // the same person at a second item
	await register('bob-A', 'A', 'bob@example.org', 'confirmed', 'Y'); // a no-show
	await register('carla-A', 'A', 'carla@example.org', 'cancelled', 'X');
	await register('dan-A', 'A', 'dan@example.org', 'confirmed', 'Z'); // anonymised below
	await register('eve-B2', 'B', 'eve@example.org', 'confirmed', null, 'B2');
	await register('fay-D', 'D', 'fay@example.org', 'confirmed', 'Y');
	await register('gus-C', 'C', 'gus@example.org', 'confirmed', 'W');
	await mark('ayse-A', 'A1', true);
	await mark('ayse-A', 'A2', true);
	await mark('bob-A', 'A1', false);
	await mark('bob-A', 'A2', false);
	await mark('dan-A', 'A1', true); // not marked on day 2: counts as absent there
	await mark('ayse-B1', 'B1', true);
	await mark('eve-B2', 'B2', true);
	await db.insert(certificate).values({ registrationId: regs['ayse-A'], code: 'c1', name: 'ayse', itemTitle: 'A', attended: 2, total: 2, issuedAt: NOW });
	await anonymiseRegistrations(db, [regs['dan-A']], NOW, 'request');

	// E: a consultation series (no sessions of its own): held 1 h (W), no-show 1.5 h (Z), open, cancelled.
	await addItem('E', { kind: 'consultation_series', format: 'online', number: 5 });
	const [offer] = await db.insert(consultationOffer).values({ itemId: items.E, createdAt: NOW, updatedAt: NOW }).returning();
	const [track] = await db.insert(consultationTrack).values({ offerId: offer.id, title: { de: 'Beratung' }, createdAt: NOW, updatedAt: NOW }).returning();
	const slot = async (startsAt: string, endsAt: string, status: 'open' | 'cancelled' = 'open') =>
		(await db.insert(consultationSlot).values({ trackId: track.id, startsAt: new Date(startsAt), endsAt: new Date(endsAt), status, createdAt: NOW, updatedAt: NOW }).returning())[0].id;
	const book = (slotId: number, org: string, state: 'held' | 'no_show') =>
		db.insert(consultationBooking).values({ slotId, organisationId: orgs[org], state, topic: 'Thema', attendees: [], createdAt: NOW, updatedAt: NOW });
	await book(await slot('2027-02-10T10:00:00Z', '2027-02-10T11:00:00Z'), 'W', 'held');
	await book(await slot('2027-02-17T10:00:00Z', '2027-02-17T11:30:00Z'), 'Z', 'no_show');
	await slot('2027-06-10T10:00:00Z', '2027-06-10T11:00:00Z');
	await slot('2027-06-17T10:00:00Z', '2027-06-17T11:00:00Z', 'cancelled');

	// The cohort: five organisations, two rounds each; round 1 all answers 1 or 2, round 2 two levels higher.
	const instrument = await currentInstrument(db);
	const statements = instrument.content.dimensions.flatMap((d) => d.statements.map((s) => s.key));
	for (const [i, name] of ['C1', 'C2', 'C3', 'C4', 'C5'].entries()) {
		await db.insert(cohortMember).values({ projectId, organisationId: orgs[name], addedAt: NOW });
		if (i < 4) await db.insert(cohortMember).values({ projectId: otherProjectId, organisationId: orgs[name], addedAt: NOW });
		for (const number of [1, 2]) {
			const level = (1 + (i % 2) + (number === 2 ? 2 : 0)) as 1 | 2 | 3 | 4;
			const [round] = await db.insert(assessmentRound).values({ organisationId: orgs[name], instrumentId: instrument.id, number, openedAt: NOW }).returning();
			await db.insert(assessmentResponse).values({ roundId: round.id, respondentId: `r-${name}`, answers: Object.fromEntries(statements.map((k) => [k, level])), updatedAt: NOW, completedAt: NOW });
		}
	}
});
afterAll(() => database?.close());

describe('projectFigures', () => {
	it('counts the whole runtime (no period): every session held by now, registrations of sessions ahead too', async () => {
		const f = await projectFigures(db, projectId, null, NOW);
		expect(f.totals).toEqual({
			items: 2, // A and B: C is cancelled, D not held yet, E has no sessions
			sessions: 4,
			sessionsInPerson: 2,
			sessionsOnline: 2,
			hours: 18,
			registrations: 6, // ayse ×2, bob, dan, eve, fay (carla cancelled, gus's item cancelled)
			cancelled: 1,
			participants: 5, // ayse once, bob, dan (anonymised, still counted), eve, fay
			attendees: 3, // ayse, dan, eve
			attendanceRate: 0.625, // 5 present of 8 recorded: A 3 people × 2, B1 ayse, B2 eve
			noShows: 1, // bob
			certificates: 1,
			organisations: 4, // X, Y, Z from registrations, W from the held consultation
			consultationSlotsOffered: 3,
			consultationsBooked: 2,
			consultationsHeld: 1,
			consultationNoShows: 1,
			consultationAssociations: 1,
			hoursOfAdvice: 1,
			cohortAssociations: 5
		});
		expect(f.perItem.map((i) => [i.itemId, i.state, i.sessions, i.hours, i.registrations, i.cancelled, i.participants, i.attendees, i.attendanceRate, i.noShows, i.certificates])).toEqual([
			[items.A, 'scheduled', 2, 14, 3, 1, 3, 2, 0.5, 1, 1],
			[items.B, 'scheduled', 2, 4, 2, 0, 2, 2, 1, 0, 0],
			[items.C, 'cancelled', 0, 0, 0, 0, 0, 0, null, 0, 0],
			[items.D, 'scheduled', 0, 0, 1, 0, 1, 0, null, 0, 0],
			[items.E, 'scheduled', 0, 0, 0, 0, 0, 0, null, 0, 0]
		]);
		expect(f.perCity.map((c) => [c.city, c.sessions, c.inPerson, c.online, c.hours, c.expected, c.present, c.attendees])).toEqual([
			['Köln', 2, 2, 0, 14, 6, 3, 2],
			['', 2, 0, 2, 4, 2, 2, 2]
		]);
		expect(f.perMonth.map((m) => [m.month, m.sessions, m.hours, m.present, m.attendees, m.consultationSlotsOffered, m.consultationsHeld, m.hoursOfAdvice])).toEqual([
			['2027-02', 0, 0, 0, 0, 2, 1, 1],
			['2027-03', 2, 14, 3, 2, 0, 0, 0],
			['2027-04', 1, 2, 1, 1, 0, 0, 0],
			['2027-06', 0, 0, 0, 0, 1, 0, 0],
			['2027-07', 1, 2, 1, 1, 0, 0, 0]
		]);
		expect(f.project).toMatchObject({ id: projectId, phaseName: 'Zahlen I', runtimeStart: '2027-01-01' });
	});

	it('counts a period by Berlin days: a session at 00:30 on the day after is outside', async () => {
		const f = await projectFigures(db, projectId, RUNTIME, NOW);
		expect(f.totals).toMatchObject({
			items: 2,
			sessions: 3,
			sessionsInPerson: 2,
			sessionsOnline: 1,
			hours: 16,
			registrations: 4, // eve's B2 and fay's D lie outside
			cancelled: 1,
			participants: 3,
			attendees: 2,
			attendanceRate: 0.571, // 4 of 7
			noShows: 1,
			certificates: 1,
			organisations: 4,
			consultationSlotsOffered: 3,
			hoursOfAdvice: 1
		});
		// With a period, only the items with a session in it.
		expect(f.perItem.map((i) => i.itemId)).toEqual([items.A, items.B]);
		expect(f.perMonth.map((m) => m.month)).toEqual(['2027-02', '2027-03', '2027-04', '2027-06']);
		// A month with nothing in it has no figures at all.
		const empty = await projectFigures(db, projectId, { from: '2027-05-01', to: '2027-05-31' }, NOW);
		expect(empty.totals).toMatchObject({ items: 0, sessions: 0, hours: 0, registrations: 0, participants: 0, attendanceRate: null, organisations: 0, consultationSlotsOffered: 0 });
		expect(empty.perItem).toEqual([]);
	});

	it('gives the cohort readiness change from five organisations on, anonymous', async () => {
		const f = await projectFigures(db, projectId, null, NOW);
		expect(f.readiness?.organisations).toBe(5);
		// Before: levels 1,2,1,2,1 → 1.4; after: 3,4,3,4,3 → 3.4; every organisation two levels up.
		for (const d of f.readiness!.dimensions) expect([d.organisations, d.before, d.after, d.change]).toEqual([5, 1.4, 3.4, 2]);
		expect(f.readiness!.overall).toEqual({ before: 1.4, after: 3.4, change: 2 });
		// Four organisations: nothing.
		expect(await cohortReadinessChange(db, otherProjectId)).toBeNull();
		expect((await projectFigures(db, otherProjectId, null, NOW)).totals.cohortAssociations).toBe(4);
	});

	it('refuses an unknown project and a period that is no date', async () => {
		await expect(projectFigures(db, 999_999, null, NOW)).rejects.toMatchObject({ code: 'not_found' });
		await expect(projectFigures(db, projectId, { from: '2027-13-01', to: '2027-12-31' }, NOW)).rejects.toMatchObject({ code: 'choice' });
	});
});

describe('targets', () => {
	it('sets, changes and removes planned values with an audit entry, and shows plan against actual', async () => {
		await setProjectTargets(db, actor, projectId, { sessions: 6, participants: 5, organisations: 3, hours: 12.5 }, NOW);
		await setProjectTargets(db, actor, projectId, { sessions: 6, participants: 4, hours: null }, NOW);
		expect(await projectTargets(db, projectId)).toEqual({ sessions: 6, participants: 4, organisations: 3 });
		const f = await projectFigures(db, projectId, null, NOW);
		expect(f.planVsActual).toEqual([
			{ measure: 'sessions', planned: 6, actual: 4, difference: -2 },
			{ measure: 'participants', planned: 4, actual: 5, difference: 1 },
			{ measure: 'organisations', planned: 3, actual: 4, difference: 1 }
		]);
		const entries = await db.select().from(auditEntry).where(and(eq(auditEntry.action, 'project.targets_set'), eq(auditEntry.entityId, String(projectId))));
		expect(entries).toHaveLength(2);
		expect(entries[1].details).toEqual({ changes: { participants: { from: 5, to: 4 }, hours: { from: 12.5, to: null } } });
		// Nothing changed: no entry.
		await setProjectTargets(db, actor, projectId, { sessions: 6 }, NOW);
		expect(await db.select().from(auditEntry).where(eq(auditEntry.action, 'project.targets_set'))).toHaveLength(2);
		await expect(setProjectTargets(db, actor, 999_999, { sessions: 1 }, NOW)).rejects.toMatchObject({ code: 'not_found' });
	});
});

describe('figure downloads', () => {
	it('writes a sheet per table, numbers as numbers and dates as dates, and the same tables as CSV', async () => {
		const f = await projectFigures(db, projectId, RUNTIME, NOW);
		const book = new ExcelJS.Workbook();
		await book.xlsx.load((await figuresXlsx(f, 'de')) as unknown as ArrayBuffer);
		expect(book.worksheets.map((w) => w.name)).toEqual(['Angaben', 'Kennzahlen', 'Nach Programmpunkt', 'Nach Ort', 'Nach Monat', 'Kohorte']);
		const info = book.getWorksheet('Angaben')!;
		expect([info.getCell('B5').value, info.getCell('B6').value]).toEqual([new Date('2027-01-01T00:00:00Z'), new Date('2027-06-30T00:00:00Z')]);
		expect(info.getCell('B5').numFmt).toBe('dd.mm.yyyy');
		const overview = book.getWorksheet('Kennzahlen')!;
		const row = (label: string) => overview.getRows(2, overview.rowCount - 1)!.find((r) => r.getCell(1).value === label)!;
		expect([row('Teilnehmende (verschiedene Personen)').getCell(2).value, row('Anwesenheitsquote (%)').getCell(2).value]).toEqual([3, 57.1]);
		// The plan and the difference from the targets test above.
		expect([row('Termine durchgeführt').getCell(2).value, row('Termine durchgeführt').getCell(3).value, row('Termine durchgeführt').getCell(4).value]).toEqual([3, 6, -3]);
		const months = book.getWorksheet('Nach Monat')!;
		expect(months.getCell('A2').value).toEqual(new Date('2027-02-01T00:00:00Z'));
		expect(months.getCell('A2').numFmt).toBe('mm.yyyy');
		const items = book.getWorksheet('Nach Programmpunkt')!;
		expect(items.getRow(2).values).toEqual([undefined, 1, 'A', 'Vor Ort', 'Geplant', 2, 14, 3, 1, 3, 2, 50, 1, 1]);
		const csv = figuresCsv(f, 'en');
		expect(csv).toContain('Key figures\nMeasure;Actual;Plan;Difference\nProgramme items held;2;;\n');
		expect(csv).toContain('By month\nMonth;');
		expect(csv).toContain('\n2027-02;0;0;0;2;1;1\n');
	});
});

describe('participant list of the period', () => {
	it('puts every item with a session in the period into one file, item named on each row', async () => {
		const { slug, lists } = await projectParticipantLists(db, projectId, RUNTIME);
		expect(slug).toBe('figures');
		expect(lists.map((l) => l.item.id)).toEqual([items.A, items.B]);
		const csv = projectParticipantCsv(lists);
		const rows = csv.replace('\uFEFF', '').trim().split('\n');
		expect(rows[0]).toBe('Nr.;Programmpunkt;Termine;Name;Organisation;E-Mail;Sprache;Termine erwartet;Termine anwesend');
		// Confirmed only (carla cancelled); the anonymised registration stays as a row without a name; each
		// item's whole list as the per-item download has it (eve's session of B lies just after the period).
		expect(rows.slice(1).map((r) => r.split(';').slice(0, 1).concat(r.split(';').slice(3, 4), r.split(';').slice(-2)))).toEqual([
			['1', '', '2', '1'],
			['1', 'ayse-A', '2', '2'],
			['1', 'bob-A', '2', '0'],
			['2', 'ayse-B1', '1', '1'],
			['2', 'eve-B2', '1', '1']
		]);
		const book = new ExcelJS.Workbook();
		await book.xlsx.load((await projectParticipantXlsx(lists)) as unknown as ArrayBuffer);
		expect(book.worksheets[0].getCell('I3').value).toBe(2);
		// Nothing in a month without sessions.
		expect((await projectParticipantLists(db, projectId, { from: '2027-05-01', to: '2027-05-31' })).lists).toEqual([]);
	});
});
