/**
 * The publish check: finds what must not go public (errors) or should be looked at (warnings).
 * Pure: takes a snapshot of one project and `now`, returns findings. Errors block publishing.
 * Each finding names the entity and field to fix, so the backoffice can link straight to it.
 */
import { findPlaceholder } from '../content/placeholder.ts';
import { languagesOf, type Translatable } from '../content/translatable.ts';
import type { Locale } from '../i18n/locales.ts';
import { meetingStatus, type MeetingData } from './meeting.ts';
import { localDate } from './dates.ts';
import { countSeriesDates, validateSeriesRule, type SeriesRule } from './series.ts';

export type ItemFormat = 'in_person' | 'online' | 'hybrid';
export type ItemState = 'scheduled' | 'date_tba' | 'cancelled' | 'postponed' | 'bundled';

export interface CheckSession {
	id: number;
	startsAt: Date;
	endsAt: Date;
	city: string;
	meetingId: number | null;
}
export interface CheckMeeting extends MeetingData {
	id: number;
}
export interface CheckItem {
	id: number;
	number: number | null;
	title: Translatable;
	description: Translatable;
	format: ItemFormat;
	state: ItemState;
	stateNote: Translatable;
	series: SeriesRule | null;
	sessions: CheckSession[];
	meetings: CheckMeeting[];
}
export interface CheckProject {
	id: number;
	title: Translatable;
	description: Translatable;
	runtimeStart: string | null;
	runtimeEnd: string | null;
	items: CheckItem[];
}

export type FindingCode =
	| 'runtime_missing'
	| 'runtime_reversed'
	| 'session_outside_runtime'
	| 'session_end_before_start'
	| 'placeholder_text'
	| 'online_session_without_meeting'
	| 'meeting_invalid'
	| 'meeting_expired'
	| 'meeting_expired_after_use'
	| 'in_person_without_city'
	| 'series_count_mismatch'
	| 'series_rule_invalid'
	| 'number_duplicate'
	| 'number_missing'
	| 'item_without_sessions'
	| 'translation_missing'
	| 'legal_notice_missing';

export type Severity = 'error' | 'warning';
export type TargetKind = 'project' | 'item' | 'session' | 'meeting';

export interface Finding {
	code: FindingCode;
	severity: Severity;
	target: { kind: TargetKind; id: number; field: string };
	/** Values for the message: dates as "YYYY-MM-DD", counts, the placeholder found, … */
	params: Record<string, string | number>;
}

const SEVERITY: Record<FindingCode, Severity> = {
	runtime_missing: 'warning',
	runtime_reversed: 'error',
	session_outside_runtime: 'error',
	session_end_before_start: 'error',
	placeholder_text: 'error',
	online_session_without_meeting: 'error',
	meeting_invalid: 'error',
	meeting_expired: 'error',
	meeting_expired_after_use: 'warning',
	in_person_without_city: 'error',
	series_count_mismatch: 'error',
	series_rule_invalid: 'error',
	number_duplicate: 'error',
	number_missing: 'warning',
	item_without_sessions: 'warning',
	translation_missing: 'warning',
	legal_notice_missing: 'warning'
};

/** What the check needs to know of the installation, beyond the project. */
export interface CheckSite {
	/** Required legal details (Impressum, privacy notice) still empty. */
	legalMissing: string[];
}

export function checkProject(p: CheckProject, now: Date, site: CheckSite = { legalMissing: [] }): Finding[] {
	const findings: Finding[] = [];
	const add = (code: FindingCode, kind: TargetKind, id: number, field: string, params = {}) =>
		findings.push({ code, severity: SEVERITY[code], target: { kind, id, field }, params });

	findings.push(...siteFindings(p.id, site));

	if (!p.runtimeStart || !p.runtimeEnd) add('runtime_missing', 'project', p.id, 'runtimeStart');
	else if (p.runtimeEnd < p.runtimeStart) add('runtime_reversed', 'project', p.id, 'runtimeEnd');

	placeholders(p.title, 'project', p.id, 'title', add);
	placeholders(p.description, 'project', p.id, 'description', add);

	const languages = projectLanguages(p);
	missingTranslations(p.title, languages, 'project', p.id, 'title', add);

	const numbered = p.items.filter((i) => i.number !== null);
	const seen = new Map<number, number>();
	for (const item of p.items) {
		placeholders(item.title, 'item', item.id, 'title', add);
		placeholders(item.description, 'item', item.id, 'description', add);
		placeholders(item.stateNote, 'item', item.id, 'stateNote', add);
		missingTranslations(item.title, languages, 'item', item.id, 'title', add);

		if (item.number !== null) {
			if (seen.has(item.number)) add('number_duplicate', 'item', item.id, 'number', { number: item.number });
			seen.set(item.number, item.id);
		} else if (numbered.length > 0) {
			add('number_missing', 'item', item.id, 'number');
		}

		const active = item.state === 'scheduled' || item.state === 'postponed';
		if (item.state === 'scheduled' && item.sessions.length === 0) add('item_without_sessions', 'item', item.id, 'state');
		if (!active) continue;

		for (const s of item.sessions) sessionFindings(p, item, s, add);
		meetingFindings(item, now, add);
		seriesFindings(item, add);
	}
	return findings;
}

/**
 * The findings that come from the installation, not the project: a public German site needs an
 * Impressum and a privacy notice naming the controller. Stored findings leave these out; they are
 * added when read (the settings change without the programme changing).
 */
export function siteFindings(projectId: number, site: CheckSite): Finding[] {
	return site.legalMissing.length
		? [{ code: 'legal_notice_missing', severity: SEVERITY.legal_notice_missing, target: { kind: 'project', id: projectId, field: 'legal' }, params: { count: site.legalMissing.length } }]
		: [];
}

/**
 * The next instant after `now` at which `checkProject(p, ·)` can give other findings by time alone,
 * with the project unchanged; null if never. Only meetings depend on time: a Zoom ID that expires
 * after its last session turns into `meeting_expired_after_use` when it expires. Findings computed
 * at `now` stay right until then (programme/backoffice.ts stores them with this instant).
 */
export function findingsValidUntil(p: CheckProject, now: Date): Date | null {
	let until: number | null = null;
	for (const item of p.items) {
		if (item.state !== 'scheduled' && item.state !== 'postponed') continue;
		for (const m of item.meetings) {
			const status = meetingStatus(m, item.sessions.filter((s) => s.meetingId === m.id).map((s) => s.startsAt), now);
			if (status.expiresAt && !status.expired && (until === null || status.expiresAt.getTime() < until)) until = status.expiresAt.getTime();
		}
	}
	return until === null ? null : new Date(until);
}

type Add = (code: FindingCode, kind: TargetKind, id: number, field: string, params?: Record<string, string | number>) => void;

function placeholders(field: Translatable, kind: TargetKind, id: number, name: string, add: Add) {
	for (const [lang, text] of Object.entries(field)) {
		const found = findPlaceholder(text);
		if (found) add('placeholder_text', kind, id, name, { text: found, lang });
	}
}

/** The languages the project's content uses anywhere besides German: each field should have them. */
function projectLanguages(p: CheckProject): Locale[] {
	const all = new Set<Locale>();
	for (const f of [p.title, p.description, ...p.items.flatMap((i) => [i.title, i.description])]) {
		for (const l of languagesOf(f)) all.add(l);
	}
	all.delete('de');
	return [...all];
}

function missingTranslations(field: Translatable, languages: Locale[], kind: TargetKind, id: number, name: string, add: Add) {
	const has = new Set(languagesOf(field));
	const missing = languages.filter((l) => !has.has(l));
	if (!has.has('de')) missing.unshift('de');
	if (missing.length) add('translation_missing', kind, id, name, { languages: missing.join(',') });
}

function sessionFindings(p: CheckProject, item: CheckItem, s: CheckSession, add: Add) {
	if (s.endsAt.getTime() <= s.startsAt.getTime()) add('session_end_before_start', 'session', s.id, 'endsAt');
	const day = localDate(s.startsAt);
	if (p.runtimeStart && p.runtimeEnd && (day < p.runtimeStart || day > p.runtimeEnd)) {
		add('session_outside_runtime', 'session', s.id, 'startsAt', { date: day, from: p.runtimeStart, to: p.runtimeEnd });
	}
	if ((item.format === 'in_person' || item.format === 'hybrid') && !s.city.trim()) {
		add('in_person_without_city', 'session', s.id, 'city', { date: day });
	}
	if ((item.format === 'online' || item.format === 'hybrid') && s.meetingId === null) {
		add('online_session_without_meeting', 'session', s.id, 'meetingId', { date: day });
	}
}

function meetingFindings(item: CheckItem, now: Date, add: Add) {
	for (const m of item.meetings) {
		const starts = item.sessions.filter((s) => s.meetingId === m.id).map((s) => s.startsAt);
		const status = meetingStatus(m, starts, now);
		if (!status.formatValid) add('meeting_invalid', 'meeting', m.id, 'meetingCode', { problems: status.problems.join(', ') });
		if (!status.expiresAt) continue;
		const lastStart = Math.max(...starts.map((d) => d.getTime()));
		const expires = localDate(status.expiresAt);
		if (status.expiresAt.getTime() <= lastStart) {
			// Some session starts after the ID stops working: the link will fail when it is needed.
			add('meeting_expired', 'meeting', m.id, 'meetingCode', { expires });
		} else if (status.expired) {
			add('meeting_expired_after_use', 'meeting', m.id, 'meetingCode', { expires });
		}
	}
}

function seriesFindings(item: CheckItem, add: Add) {
	if (!item.series) return;
	if (validateSeriesRule(item.series).length) {
		add('series_rule_invalid', 'item', item.id, 'series');
		return;
	}
	const generated = countSeriesDates(item.series);
	const actual = new Set(item.sessions.map((s) => localDate(s.startsAt))).size;
	const announced = item.series.announcedDates;
	if (announced !== null && (announced !== generated || announced !== actual)) {
		add('series_count_mismatch', 'item', item.id, 'series', { announced, generated, actual });
	}
}

export function hasErrors(findings: Finding[]): boolean {
	return findings.some((f) => f.severity === 'error');
}
