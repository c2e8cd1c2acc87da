import { SEED_ONLINE_SERIES } from '../server/programme/demo-data.ts';
import { describe, expect, it } from 'vitest';
import {
	checkProject,
	hasErrors,
	type CheckItem,
	type CheckMeeting,
	type CheckProject,
	type CheckSession,
	type Finding,
	type FindingCode
} from './publish-check.ts';
import { generateSeries, type SeriesRule } from './series.ts';

const NOW = new Date('2026-11-28T10:00:00Z');
/** A `now` before every session of the fixtures, for checks that must not depend on the past. */
const EARLY = new Date('2022-01-15T10:00:00Z');

let nextId = 100;

function session(startsAt: string, overrides: Partial<CheckSession> = {}): CheckSession {
	const start = new Date(startsAt);
	return {
		id: nextId++,
		startsAt: start,
		endsAt: new Date(start.getTime() + 2 * 3_600_000),
		city: 'Berlin',
		meetingId: null,
		...overrides
	};
}

function item(overrides: Partial<CheckItem> = {}): CheckItem {
	return {
		id: nextId++,
		number: null,
		title: { de: 'Workshop Digitale Vereinsarbeit' },
		description: { de: 'Grundlagen der digitalen Zusammenarbeit im Verein.' },
		format: 'in_person',
		state: 'scheduled',
		stateNote: {},
		series: null,
		sessions: [session('2022-05-07T10:00:00+02:00')],
		meetings: [],
		...overrides
	};
}

function project(items: CheckItem[], overrides: Partial<CheckProject> = {}): CheckProject {
	return {
		id: 1,
		title: { de: 'Digit-Ready II' },
		description: { de: 'Qualifizierungsmaßnahmen für migrantische Selbstorganisationen.' },
		runtimeStart: '2022-01-01',
		runtimeEnd: '2022-06-30',
		items,
		...overrides
	};
}

function zoomMeeting(overrides: Partial<CheckMeeting> = {}): CheckMeeting {
	return {
		id: nextId++,
		provider: 'zoom',
		joinUrl: '',
		meetingCode: '81538756610',
		passcode: '',
		recurring: false,
		...overrides
	};
}

const codes = (findings: Finding[]) => findings.map((f) => f.code);
const only = (findings: Finding[], code: FindingCode) => findings.filter((f) => f.code === code);

describe('checkProject', () => {
	it('finds nothing in a clean project', () => {
		const findings = checkProject(project([item()]), NOW);
		expect(findings).toEqual([]);
		expect(hasErrors(findings)).toBe(false);
	});

	describe('runtime', () => {
		it('flags a session outside the runtime (the seed’s 02.04.2024 in a 2022 project) as an error', () => {
			const s = session('2024-04-02T10:00:00+02:00', { city: 'Frankfurt' });
			const findings = checkProject(project([item({ sessions: [s] })]), NOW);
			const [f] = only(findings, 'session_outside_runtime');
			expect(f).toEqual({
				code: 'session_outside_runtime',
				severity: 'error',
				target: { kind: 'session', id: s.id, field: 'startsAt' },
				params: { date: '2024-04-02', from: '2022-01-01', to: '2022-06-30' }
			});
			expect(hasErrors(findings)).toBe(true);
		});

		it('uses the Berlin date at the edges of the runtime', () => {
			// 00:30 Berlin on the first day is still the previous day in UTC;
			// 23:30 Berlin on the last day is already the next day in Kathmandu (the test TZ).
			const first = session('2022-01-01T00:30:00+01:00');
			const last = session('2022-06-30T23:30:00+02:00', { endsAt: new Date('2022-06-30T23:45:00+02:00') });
			const findings = checkProject(project([item({ sessions: [first, last] })]), NOW);
			expect(codes(findings)).not.toContain('session_outside_runtime');
			// A minute after midnight in Berlin is outside.
			const after = session('2022-07-01T00:01:00+02:00');
			expect(codes(checkProject(project([item({ sessions: [after] })]), NOW))).toContain('session_outside_runtime');
		});

		it('warns about a missing runtime and rejects a reversed one', () => {
			const missing = checkProject(project([item()], { runtimeEnd: null }), NOW);
			expect(missing).toEqual([
				{ code: 'runtime_missing', severity: 'warning', target: { kind: 'project', id: 1, field: 'runtimeStart' }, params: {} }
			]);
			const reversed = checkProject(project([item()], { runtimeStart: '2022-06-30', runtimeEnd: '2022-01-01' }), NOW);
			expect(only(reversed, 'runtime_reversed')).toEqual([
				{ code: 'runtime_reversed', severity: 'error', target: { kind: 'project', id: 1, field: 'runtimeEnd' }, params: {} }
			]);
		});
	});

	describe('placeholder text', () => {
		it('flags "Lorem ipsum" in an item description as an error naming item, field and language', () => {
			const i = item({ description: { de: 'Teilnahme per Zoom\n\nLorem ipsum dolor sit amet, consectetur adipiscing elit.' } });
			const [f] = only(checkProject(project([i]), NOW), 'placeholder_text');
			expect(f.severity).toBe('error');
			expect(f.target).toEqual({ kind: 'item', id: i.id, field: 'description' });
			expect(f.params).toMatchObject({ lang: 'de' });
			expect(String(f.params.text).toLowerCase()).toBe('lorem ipsum');
		});

		it('flags "TODO" in an item title, in any language', () => {
			const i = item({ title: { de: 'Workshop Datenschutz', en: 'TODO translate' } });
			const found = only(checkProject(project([i]), NOW), 'placeholder_text');
			expect(found).toHaveLength(1);
			expect(found[0].target).toEqual({ kind: 'item', id: i.id, field: 'title' });
			expect(found[0].params).toEqual({ text: 'TODO', lang: 'en' });
		});

		it('flags placeholders in the state note', () => {
			const i = item({ state: 'date_tba', sessions: [], stateNote: { de: 'Termin folgt – TODO mit Referentin klären' } });
			const found = only(checkProject(project([i]), NOW), 'placeholder_text');
			expect(found).toHaveLength(1);
			expect(found[0].target).toEqual({ kind: 'item', id: i.id, field: 'stateNote' });
			expect(found[0].severity).toBe('error');
		});

		it('flags placeholders in the project title and description', () => {
			const p = project([item()], { title: { de: 'Digit-Ready III' }, description: { de: 'Lorem ipsum' } });
			const found = only(checkProject(p, NOW), 'placeholder_text');
			expect(found.map((f) => f.target)).toEqual([{ kind: 'project', id: 1, field: 'description' }]);
		});

		it('does not flag ordinary words such as "Todos" or "Dolores"', () => {
			const i = item({
				title: { de: 'Todos und Aufgabenlisten im Verein' },
				description: { de: 'Mit Dolores Fernández: Todos, Kalender, Dolmetschen. Ipsum und Lorem sind Namen.' },
				stateNote: { de: 'Todos folgen' }
			});
			expect(codes(checkProject(project([i]), NOW))).not.toContain('placeholder_text');
		});
	});

	describe('online meetings', () => {
		it('flags an online session without a meeting', () => {
			const s = session('2022-05-04T16:00:00+02:00', { city: '' });
			const i = item({ format: 'online', sessions: [s] });
			const found = only(checkProject(project([i]), NOW), 'online_session_without_meeting');
			expect(found).toEqual([
				{
					code: 'online_session_without_meeting',
					severity: 'error',
					target: { kind: 'session', id: s.id, field: 'meetingId' },
					params: { date: '2022-05-04' }
				}
			]);
		});

		it('does not ask an online session for a city', () => {
			const m = zoomMeeting({ recurring: true });
			const i = item({ format: 'online', meetings: [m], sessions: [session('2022-05-04T16:00:00+02:00', { city: '', meetingId: m.id })] });
			expect(checkProject(project([i]), EARLY)).toEqual([]);
		});

		it('is an error when a one-off Zoom ID expires before a later session uses it', () => {
			const m = zoomMeeting({ recurring: false });
			const i = item({
				format: 'online',
				meetings: [m],
				sessions: [
					session('2022-04-06T16:00:00+02:00', { city: '', meetingId: m.id }),
					session('2022-06-22T16:00:00+02:00', { city: '', meetingId: m.id })
				]
			});
			// Even before anything happened: the link will fail on 22.06.
			const found = only(checkProject(project([i]), EARLY), 'meeting_expired');
			expect(found).toEqual([
				{ code: 'meeting_expired', severity: 'error', target: { kind: 'meeting', id: m.id, field: 'meetingCode' }, params: { expires: '2022-05-06' } }
			]);
			expect(codes(checkProject(project([i]), EARLY))).not.toContain('meeting_expired_after_use');
		});

		it('only warns when a recurring Zoom meeting expired after its last session', () => {
			const m = zoomMeeting({ recurring: true });
			const sessions = generateSeries({
				weekday: 3,
				from: '2022-04-06',
				to: '2022-06-22',
				slots: [{ start: '16:00', end: '18:00', track: '' }],
				excludedDates: [],
				announcedDates: null
			}).map((g) => session(g.startsAt.toISOString(), { endsAt: g.endsAt, city: '', meetingId: m.id }));
			const i = item({ format: 'online', meetings: [m], sessions });
			const findings = checkProject(project([i]), NOW);
			expect(codes(findings)).not.toContain('meeting_expired');
			const [f] = only(findings, 'meeting_expired_after_use');
			expect(f.severity).toBe('warning');
			expect(f.target).toEqual({ kind: 'meeting', id: m.id, field: 'meetingCode' });
			expect(f.params).toEqual({ expires: '2023-06-22' });
			expect(hasErrors(findings)).toBe(false);
			// Before the expiry there is nothing to say.
			expect(checkProject(project([i]), new Date('2023-01-01T00:00:00Z'))).toEqual([]);
		});

		it('flags a meeting with an invalid Zoom ID', () => {
			const m = zoomMeeting({ meetingCode: '12345' });
			const i = item({ format: 'online', meetings: [m], sessions: [session('2022-05-04T16:00:00+02:00', { city: '', meetingId: m.id })] });
			const found = only(checkProject(project([i]), EARLY), 'meeting_invalid');
			expect(found).toHaveLength(1);
			expect(found[0].severity).toBe('error');
			expect(found[0].target).toEqual({ kind: 'meeting', id: m.id, field: 'meetingCode' });
			expect(found[0].params.problems).toContain('invalid_zoom_id');
		});
	});

	describe('sessions', () => {
		it('flags an in-person session without a city', () => {
			const s = session('2022-05-07T10:00:00+02:00', { city: '  ' });
			const found = only(checkProject(project([item({ sessions: [s] })]), NOW), 'in_person_without_city');
			expect(found).toEqual([
				{ code: 'in_person_without_city', severity: 'error', target: { kind: 'session', id: s.id, field: 'city' }, params: { date: '2022-05-07' } }
			]);
		});

		it('asks a hybrid session for both a city and a meeting', () => {
			const s = session('2022-05-07T10:00:00+02:00', { city: '' });
			const found = codes(checkProject(project([item({ format: 'hybrid', sessions: [s] })]), NOW));
			expect(found).toContain('in_person_without_city');
			expect(found).toContain('online_session_without_meeting');
		});

		it('flags a session that ends before (or when) it starts', () => {
			const s = session('2022-05-07T17:00:00+02:00', { endsAt: new Date('2022-05-07T10:00:00+02:00') });
			const t = session('2022-05-08T10:00:00+02:00', { endsAt: new Date('2022-05-08T10:00:00+02:00') });
			const found = only(checkProject(project([item({ sessions: [s, t] })]), NOW), 'session_end_before_start');
			expect(found.map((f) => f.target)).toEqual([
				{ kind: 'session', id: s.id, field: 'endsAt' },
				{ kind: 'session', id: t.id, field: 'endsAt' }
			]);
			expect(found.every((f) => f.severity === 'error')).toBe(true);
		});
	});

	describe('series', () => {
		const rule: SeriesRule = SEED_ONLINE_SERIES;
		const sessionsOf = (r: SeriesRule) =>
			generateSeries(r).map((g) => session(g.startsAt.toISOString(), { endsAt: g.endsAt, city: 'Berlin' }));

		it('is an error when 10 dates are announced and the rule gives 12', () => {
			const i = item({ series: rule, sessions: sessionsOf(rule) });
			const found = only(checkProject(project([i]), NOW), 'series_count_mismatch');
			expect(found).toEqual([
				{
					code: 'series_count_mismatch',
					severity: 'error',
					target: { kind: 'item', id: i.id, field: 'series' },
					params: { announced: 10, generated: 12, actual: 12 }
				}
			]);
		});

		it('is fine when the announcement matches the rule and the sessions', () => {
			const r = { ...rule, announcedDates: 12 };
			expect(checkProject(project([item({ series: r, sessions: sessionsOf(r) })]), NOW)).toEqual([]);
		});

		it('is an error when sessions were deleted after generation', () => {
			const r = { ...rule, announcedDates: 12 };
			const sessions = sessionsOf(r).slice(2); // first Wednesday gone
			const [f] = only(checkProject(project([item({ series: r, sessions })]), NOW), 'series_count_mismatch');
			expect(f.params).toEqual({ announced: 12, generated: 12, actual: 11 });
		});

		it('is an error when the stored rule is invalid', () => {
			const r = { ...rule, from: '2022-06-22', to: '2022-04-06' };
			const found = only(checkProject(project([item({ series: r })]), NOW), 'series_rule_invalid');
			expect(found.map((f) => f.target)).toEqual([{ kind: 'item', id: expect.any(Number), field: 'series' }]);
		});
	});

	describe('numbers', () => {
		it('is an error when two items share a number', () => {
			const a = item({ number: 1 });
			const b = item({ number: 1 });
			const found = only(checkProject(project([a, b]), NOW), 'number_duplicate');
			expect(found).toEqual([
				{ code: 'number_duplicate', severity: 'error', target: { kind: 'item', id: b.id, field: 'number' }, params: { number: 1 } }
			]);
		});

		it('warns about an item without a number when others are numbered', () => {
			const a = item({ number: 1 });
			const b = item({ number: null });
			const findings = checkProject(project([a, b]), NOW);
			expect(only(findings, 'number_missing')).toEqual([
				{ code: 'number_missing', severity: 'warning', target: { kind: 'item', id: b.id, field: 'number' }, params: {} }
			]);
			expect(hasErrors(findings)).toBe(false);
		});

		it('says nothing when no item is numbered', () => {
			expect(codes(checkProject(project([item(), item()]), NOW))).not.toContain('number_missing');
		});
	});

	describe('translations', () => {
		it('warns about titles lacking a language the project uses elsewhere', () => {
			const a = item({ title: { de: 'Workshop Datenschutz', en: 'Data protection workshop' } });
			const b = item({ title: { de: 'Workshop Fördermittel' } });
			const findings = checkProject(project([a, b]), NOW);
			const found = only(findings, 'translation_missing');
			expect(found).toEqual([
				{ code: 'translation_missing', severity: 'warning', target: { kind: 'project', id: 1, field: 'title' }, params: { languages: 'en' } },
				{ code: 'translation_missing', severity: 'warning', target: { kind: 'item', id: b.id, field: 'title' }, params: { languages: 'en' } }
			]);
			expect(hasErrors(findings)).toBe(false);
		});

		it('asks for no language the project does not use', () => {
			expect(codes(checkProject(project([item(), item()]), NOW))).not.toContain('translation_missing');
		});

		it('treats blank translations as missing and lists German first when it is missing', () => {
			const a = item({ title: { de: 'Workshop', en: 'Workshop', tr: 'Atölye' } });
			const b = item({ title: { de: '', en: 'Workshop II', tr: '  ' } });
			const found = only(checkProject(project([a, b], { title: { de: 'P', en: 'P', tr: 'P' } }), NOW), 'translation_missing');
			expect(found).toHaveLength(1);
			expect(found[0].target).toEqual({ kind: 'item', id: b.id, field: 'title' });
			expect(found[0].params).toEqual({ languages: 'de,tr' });
		});
	});

	describe('item states', () => {
		it.each(['date_tba', 'bundled'] as const)('finds nothing about the sessions of a %s item without sessions', (state) => {
			const i = item({ state, format: 'online', sessions: [], stateNote: { de: 'Termin wird noch bekannt gegeben.' } });
			const findings = checkProject(project([i]), NOW);
			expect(findings).toEqual([]);
		});

		it('warns about a scheduled item without sessions', () => {
			const i = item({ sessions: [] });
			expect(checkProject(project([i]), NOW)).toEqual([
				{ code: 'item_without_sessions', severity: 'warning', target: { kind: 'item', id: i.id, field: 'state' }, params: {} }
			]);
		});

		it('skips session checks for a cancelled item', () => {
			const i = item({ state: 'cancelled', sessions: [session('2024-04-02T10:00:00+02:00', { city: '' })] });
			expect(checkProject(project([i]), NOW)).toEqual([]);
		});

		it('checks the sessions of a postponed item', () => {
			const i = item({ state: 'postponed', sessions: [session('2024-04-02T10:00:00+02:00')] });
			expect(codes(checkProject(project([i]), NOW))).toEqual(['session_outside_runtime']);
		});
	});

	describe('hasErrors', () => {
		it('is false when there are only warnings', () => {
			const findings = checkProject(project([item({ number: 1 }), item({ number: null }), item({ sessions: [] })], { runtimeStart: null }), NOW);
			expect(findings.length).toBeGreaterThan(0);
			expect(findings.every((f) => f.severity === 'warning')).toBe(true);
			expect(hasErrors(findings)).toBe(false);
		});

		it('is false for no findings and true as soon as one error is there', () => {
			expect(hasErrors([])).toBe(false);
			const error: Finding = { code: 'placeholder_text', severity: 'error', target: { kind: 'item', id: 1, field: 'title' }, params: {} };
			const warning: Finding = { code: 'number_missing', severity: 'warning', target: { kind: 'item', id: 2, field: 'number' }, params: {} };
			expect(hasErrors([warning, error])).toBe(true);
		});
	});
});
