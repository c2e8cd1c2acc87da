import { describe, expect, it } from 'vitest';
import { formatSessionDay } from '../programme/dates.ts';
import { describeAudit, humanise, referencesOf, type AuditLabels } from './describe.ts';

const ITEM = { de: 'Workshop: Der digitale Verein', ar: 'ورشة عمل: الجمعية الرقمية' };
/** Wednesday 9 December 2026, 10:00 in Berlin. */
const STARTS = new Date('2026-12-09T09:00:00Z');
/** "Mi., 09.12.2026" (the weekday's abbreviation as the platform's ICU writes it). */
const DAY = formatSessionDay(STARTS, 'de');
const labels: AuditLabels = {
	'registration:7': { type: 'registration', itemId: 3, itemTitle: ITEM },
	'session:12': { type: 'session', startsAt: STARTS, itemTitle: ITEM },
	'project:2': { type: 'project', title: { de: 'Digit-Ready II' } },
	'organisation:5': { type: 'organisation', name: 'Kulturverein Köln' },
	'item:9': null,
	'project:4': null,
	'user:u1': { type: 'user' }
};
const entry = (action: string, entityType: string, entityId: string, details: Record<string, unknown> = {}) => ({ action, entityType, entityId, details });

describe('describeAudit', () => {
	it('names an attendance mark, its registration and its session in German, with links', () => {
		const d = describeAudit(entry('attendance.present', 'registration', '7', { sessionId: 12 }), labels, 'de');
		expect(d.text).toBe(`Anwesenheit erfasst: Anmeldung Nr. 7 zu „Workshop: Der digitale Verein“, Termin am ${DAY}`);
		expect(d.subjects.map((s) => s.href)).toEqual(['/admin/programmpunkte/3#anmeldungen', '/admin/termine/12']);
	});

	it('writes the same entry in Arabic, with the title in Arabic and the Arabic comma', () => {
		const d = describeAudit(entry('attendance.present', 'registration', '7', { sessionId: 12 }), labels, 'ar');
		expect(d.action).toBe('سُجّل الحضور');
		expect(d.text).toBe('سُجّل الحضور: التسجيل رقم 7 في «ورشة عمل: الجمعية الرقمية»، موعد يوم الأربعاء، 9 ديسمبر 2026');
	});

	it('names a project, a cohort change with its association, and a session with its item', () => {
		expect(describeAudit(entry('project.published', 'project', '2', { from: 'draft' }), labels, 'de').text).toBe('Projekt veröffentlicht: Projekt „Digit-Ready II“');
		expect(describeAudit(entry('project.published', 'project', '2'), labels, 'ar').text).toBe('نُشر المشروع: المشروع «Digit-Ready II»');
		expect(describeAudit(entry('cohort.added', 'project', '2', { organisationId: 5 }), labels, 'de').text).toBe(
			'Verein in die Kohorte aufgenommen: Projekt „Digit-Ready II“, Verein „Kulturverein Köln“'
		);
		expect(describeAudit(entry('session.updated', 'session', '12'), labels, 'de').text).toBe(`Termin geändert: Termin am ${DAY} zu „Workshop: Der digitale Verein“`);
	});

	it('says "deleted" for what is gone, with what the entry still knows, and links nothing gone', () => {
		const d = describeAudit(entry('item.deleted', 'item', '9', { projectId: 4 }), labels, 'de');
		expect(d.text).toBe('Programmpunkt gelöscht: Programmpunkt (gelöscht), Projekt (gelöscht)');
		expect(d.subjects.every((s) => s.deleted && s.href === null)).toBe(true);
		const session = describeAudit(entry('session.deleted', 'session', '30', { itemId: 9, startsAt: STARTS.toISOString() }), { ...labels, 'session:30': null }, 'ar');
		expect(session.text).toBe('حُذف الموعد: موعد يوم الأربعاء، 9 ديسمبر 2026 (محذوف)، بند من البرنامج (محذوف)');
	});

	it('names an API token with its page', () => {
		const d = describeAudit(entry('api_token.revoked', 'api_token', '4', { name: 'CRM' }), labels, 'de');
		expect(d.text).toBe('API-Token widerrufen: API-Token Nr. 4');
		expect(d.subjects[0].href).toBe('/admin/api/tokens');
	});

	it('names people only as "Person", never by address', () => {
		expect(describeAudit(entry('user.created', 'user', 'u1', { role: 'admin' }), labels, 'de').text).toBe('Konto angelegt: Person');
		expect(describeAudit(entry('person.exported', 'person', 'person:abc123'), labels, 'de').subjects[0].text).toBe('Person');
	});

	it('humanises an action that has no message yet and an unknown entity type, never showing the raw code', () => {
		const d = describeAudit(entry('twofactor.reset_by_admin', 'widget_box', '3'), labels, 'de');
		expect(d.action).toBe('Twofactor: reset by admin');
		expect(d.text).toBe('Twofactor: reset by admin: Widget box Nr. 3');
		expect(humanise('organisation.member_invited')).toBe('Organisation: member invited');
	});

	it('asks the lookup for the entity and the entities its details name', () => {
		expect(referencesOf(entry('attendance.present', 'registration', '7', { sessionId: 12 }))).toEqual([
			{ type: 'registration', id: '7' },
			{ type: 'session', id: '12' }
		]);
		expect(referencesOf(entry('settings.legal_updated', 'settings', '1', { missing: [] }))).toEqual([]);
	});
});
