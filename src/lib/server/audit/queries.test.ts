import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../testing/db.ts';
import type { Database, Db } from '../db/client.ts';
import { organisation } from '../db/schema/organisations.ts';
import * as programme from '../programme/commands.ts';
import * as reg from '../registration/commands.ts';
import { markAttendance } from '../registration/attendance.ts';
import { addToCohort } from '../organisations/cohort.ts';
import { describeAudit } from '../../audit/describe.ts';
import { auditLabels, listAuditEntries } from './queries.ts';

const NOW = new Date('2027-02-01T09:00:00Z');
const actor = { id: 'staff', email: 'team@example.org' };
let database: Database;
const ids = { project: 0, item: 0, gone: 0, session: 0, registration: 0, organisation: 0 };

const ITEM_INPUT = { number: 1, kind: 'workshop', format: 'in_person', state: 'scheduled', stateNote: {}, registrationOpen: true, capacity: 10, perSession: false, requiresApproval: false, description: {} } as const;

beforeAll(async () => {
	database = await openTestDatabase();
	const db = database.db;
	const env: reg.Env = { db, now: NOW, origin: 'http://localhost:3000', secret: 's', holdHours: 48 };
	const p = await programme.createProject(db, actor, { slug: 'digit-ready-ii', phaseName: 'Digit-Ready II', fundingProgramme: 'B', funder: 'D', runtimeStart: '2027-01-01', runtimeEnd: '2027-12-31', title: { de: 'Digit-Ready II', en: 'Digit-Ready 2' }, description: {} }, NOW);
	const item = await programme.createItem(db, actor, p.id, { ...ITEM_INPUT, title: { de: 'Workshop: Der digitale Verein' } }, NOW);
	const gone = await programme.createItem(db, actor, p.id, { ...ITEM_INPUT, number: 2, title: { de: 'Wird gelöscht' } }, NOW);
	const s = await programme.createSession(db, actor, item.id, { date: '2027-03-19', startTime: '10:00', endTime: '17:00', city: 'Köln', address: '', track: '', meetingId: null, capacity: null }, NOW);
	const r = await reg.registerParticipant(env, { itemId: item.id, sessionId: null, name: 'Ayşe Yılmaz', email: 'ayse@example.org', organisationId: null, organisationName: 'Verein', language: 'tr', needs: '', photoConsent: false });
	await markAttendance(db, actor, s.id, r.registration.id, true, NOW);
	const [org] = await db.insert(organisation).values({ name: 'Kulturverein Köln', confirmed: true }).returning();
	await addToCohort(db, actor, p.id, org.id, NOW);
	await programme.deleteItem(db, actor, gone.id, NOW);
	Object.assign(ids, { project: p.id, item: item.id, gone: gone.id, session: s.id, registration: r.registration.id, organisation: org.id });
});
afterAll(() => database?.close());

describe('the audit list in words', () => {
	it('names every entry of the page, links what exists and marks what is gone', async () => {
		const list = await listAuditEntries(database.db, { page: 1 });
		const text = (action: string) => list.rows.filter((r) => r.action === action).map((r) => describeAudit(r, list.labels, 'de'));
		const [attendance] = text('attendance.present');
		expect(attendance.text).toMatch(new RegExp(`^Anwesenheit erfasst: Anmeldung Nr\\. ${ids.registration} zu „Workshop: Der digitale Verein“, Termin am .+19\\.03\\.2027$`));
		expect(attendance.subjects.map((s) => s.href)).toEqual([`/admin/programmpunkte/${ids.item}#anmeldungen`, `/admin/termine/${ids.session}`]);
		expect(text('cohort.added')[0].text).toBe('Verein in die Kohorte aufgenommen: Projekt „Digit-Ready II“, Verein „Kulturverein Köln“');
		expect(text('project.created')[0].subjects[0].href).toBe(`/admin/projekte/${ids.project}`);
		// The deleted item: its entries say so and link nowhere; its project is still named.
		expect(text('item.deleted')[0].text).toBe('Programmpunkt gelöscht: Programmpunkt (gelöscht), Projekt „Digit-Ready II“');
		expect(text('item.created').map((d) => d.text)).toEqual(['Programmpunkt angelegt: Programmpunkt (gelöscht), Projekt „Digit-Ready II“', 'Programmpunkt angelegt: Programmpunkt „Workshop: Der digitale Verein“']);
		expect(list.labels[`item:${ids.gone}`]).toBeNull();
		// In English the project's English title.
		expect(describeAudit(list.rows.find((r) => r.action === 'project.created')!, list.labels, 'en').text).toBe('Project created: Project “Digit-Ready 2”');
	});

	it('holds no address or name of a person', async () => {
		const list = await listAuditEntries(database.db, { page: 1 });
		const shown = JSON.stringify([list.labels, list.rows.map((r) => describeAudit(r, list.labels, 'de').text)]);
		expect(shown).not.toContain('ayse@example.org');
		expect(shown).not.toContain('Ayşe');
	});

	it('looks labels up in one query per entity type, however many entries there are', async () => {
		let selects = 0;
		const counting = new Proxy(database.db, {
			get(target, key, receiver) {
				if (key === 'select') selects++;
				return Reflect.get(target, key, receiver);
			}
		}) as Db;
		const entries = Array.from({ length: 40 }, (_, i) => ({ action: 'attendance.present', entityType: 'registration', entityId: String(ids.registration + i), details: { sessionId: ids.session + i } }));
		const labels = await auditLabels(counting, entries);
		expect(selects).toBe(2);
		expect(Object.keys(labels)).toHaveLength(80);
		expect(labels[`registration:${ids.registration + 1}`]).toBeNull();
		// Ids no row can have are simply not found.
		expect(await auditLabels(database.db, [{ action: 'x.y', entityType: 'project', entityId: 'abc', details: {} }])).toEqual({ 'project:abc': null });
	});
});
