import { SEED_ONLINE_SERIES } from '../server/programme/demo-data.ts';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../i18n/locales.ts';
import { parseItemForm, parseMeetingForm, parseProjectForm, parseSeriesForm, parseSessionForm } from './forms.ts';

function form(fields: Record<string, string>): FormData {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.append(k, v);
	return f;
}

/** What the project form submits: every input, empty ones included. */
function projectFields(overrides: Record<string, string> = {}): Record<string, string> {
	const fields: Record<string, string> = {
		slug: 'digit-ready-ii',
		phaseName: 'Digit-Ready II',
		fundingProgramme: 'Bildungsturbo',
		funder: 'DSEE',
		runtimeStart: '2022-01-01',
		runtimeEnd: '2022-06-30'
	};
	for (const l of LOCALES) {
		fields[`title.${l}`] = '';
		fields[`description.${l}`] = '';
	}
	fields['title.de'] = 'Qualifizierungsmaßnahmen für MSO';
	return { ...fields, ...overrides };
}

function sessionFields(overrides: Record<string, string> = {}): Record<string, string> {
	return { date: '2022-05-07', startTime: '10:00', endTime: '17:00', city: 'Stuttgart', address: '', track: '', meetingId: '', ...overrides };
}

function meetingFields(overrides: Record<string, string> = {}): Record<string, string> {
	return { provider: 'zoom', joinUrl: '', meetingCode: '81538756610', passcode: '', ...overrides };
}

const SLOTS = '16:00-18:00 Beratung Organisationsentwicklung\n18:00-20:00 Beratung Digitale Infrastruktur';

function seriesFields(overrides: Record<string, string> = {}): Record<string, string> {
	return { weekday: '3', from: '2022-04-06', to: '2022-06-22', slots: SLOTS, excluded: '', announced: '10', meetingId: '', ...overrides };
}

describe('parseProjectForm', () => {
	it('collects the translations of a valid form into Translatables', () => {
		const result = parseProjectForm(
			form(
				projectFields({
					'title.de': '  Digit-Ready II  ',
					'title.en': 'Digit-Ready II (English)',
					'description.de': 'Beschreibung'
				})
			)
		);
		expect(result).toEqual({
			ok: true,
			data: {
				slug: 'digit-ready-ii',
				phaseName: 'Digit-Ready II',
				fundingProgramme: 'Bildungsturbo',
				funder: 'DSEE',
				runtimeStart: '2022-01-01',
				runtimeEnd: '2022-06-30',
				title: { de: 'Digit-Ready II', en: 'Digit-Ready II (English)' },
				description: { de: 'Beschreibung' }
			}
		});
	});

	it('turns empty runtime dates into null', () => {
		const result = parseProjectForm(form(projectFields({ runtimeStart: '', runtimeEnd: '' })));
		expect(result.ok && result.data.runtimeStart).toBeNull();
		expect(result.ok && result.data.runtimeEnd).toBeNull();
	});

	it('requires the German title', () => {
		const result = parseProjectForm(form(projectFields({ 'title.de': '   ', 'title.en': 'English only' })));
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors['title.de']).toEqual({ key: 'err_required' });
		expect(result.errors['title.en']).toBeUndefined();
	});

	it('requires the German title when the field is missing altogether', () => {
		const fields = projectFields();
		delete fields['title.de'];
		const result = parseProjectForm(form(fields));
		expect(!result.ok && result.errors['title.de']).toEqual({ key: 'err_required' });
	});

	it.each(['Digit Ready', 'ab', 'digit_ready', '-digit', 'digit--ready', 'dígit', 'x'.repeat(61)])('rejects slug %j', (slug) => {
		const result = parseProjectForm(form(projectFields({ slug })));
		expect(!result.ok && result.errors.slug).toEqual({ key: 'err_slug' });
	});

	it('lower-cases and trims the slug', () => {
		const result = parseProjectForm(form(projectFields({ slug: ' Digit-Ready-II ' })));
		expect(result.ok && result.data.slug).toBe('digit-ready-ii');
	});

	it('rejects a runtime end before its start on runtimeEnd', () => {
		const result = parseProjectForm(form(projectFields({ runtimeStart: '2022-06-30', runtimeEnd: '2022-01-01' })));
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors).toEqual({ runtimeEnd: { key: 'err_end_before_start' } });
	});

	it.each(['2022-02-30', '2022-13-01', '30.06.2022', '2022-6-1'])('rejects the date %j', (value) => {
		const result = parseProjectForm(form(projectFields({ runtimeStart: value })));
		expect(!result.ok && result.errors.runtimeStart).toEqual({ key: 'err_date' });
	});

	it('accepts 29 February in a leap year', () => {
		expect(parseProjectForm(form(projectFields({ runtimeStart: '2024-02-29', runtimeEnd: '2024-03-01' }))).ok).toBe(true);
	});

	it('reports too long text with the maximum', () => {
		const result = parseProjectForm(form(projectFields({ 'title.en': 'x'.repeat(301), phaseName: 'y'.repeat(121) })));
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors['title.en']).toEqual({ key: 'err_too_long', params: { max: 300 } });
		expect(result.errors.phaseName).toEqual({ key: 'err_too_long', params: { max: 120 } });
	});

	it('echoes the raw input on failure, so nothing typed is lost', () => {
		const fields = projectFields({ slug: 'Not A Slug', 'title.en': '  English title  ', 'description.de': 'Lange\nBeschreibung' });
		const result = parseProjectForm(form(fields));
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.values).toEqual(fields);
	});
});

describe('parseItemForm', () => {
	const itemFields = (overrides: Record<string, string> = {}) => {
		const fields: Record<string, string> = { number: '', kind: 'workshop', format: 'in_person', state: 'scheduled' };
		for (const l of LOCALES) {
			fields[`title.${l}`] = '';
			fields[`description.${l}`] = '';
		}
		fields['title.de'] = 'Workshop';
		return { ...fields, ...overrides };
	};

	it('accepts a valid item, with an empty number as null', () => {
		const result = parseItemForm(form(itemFields({ 'title.tr': 'Atölye' })));
		expect(result.ok && result.data).toEqual({
			dimensions: [],
			number: null,
			kind: 'workshop',
			format: 'in_person',
			state: 'scheduled',
			stateNote: {},
			registrationOpen: false,
			capacity: null,
			perSession: false,
			requiresApproval: false,
			title: { de: 'Workshop', tr: 'Atölye' },
			description: {}
		});
	});

	it('keeps only known digital-check dimensions', () => {
		const data = form(itemFields());
		data.append('dimensions', 'it');
		data.append('dimensions', 'communication');
		data.append('dimensions', 'made-up');
		const result = parseItemForm(data);
		expect(result.ok && result.data.dimensions).toEqual(['it', 'communication']);
	});

	it('reads the registration settings: open, places, per session, approval', () => {
		const result = parseItemForm(form(itemFields({ registrationOpen: 'on', capacity: '12', requiresApproval: 'on' })));
		expect(result.ok && [result.data.registrationOpen, result.data.capacity, result.data.perSession, result.data.requiresApproval]).toEqual([true, 12, false, true]);
		const bad = parseItemForm(form(itemFields({ capacity: '-3' })));
		expect(!bad.ok && bad.errors.capacity).toEqual({ key: 'err_number' });
	});

	it('rejects unknown choices and bad numbers', () => {
		const result = parseItemForm(form(itemFields({ format: 'carrier-pigeon', number: '0' })));
		expect(!result.ok && result.errors).toEqual({ format: { key: 'err_choice' }, number: { key: 'err_number' } });
	});
});

describe('parseSessionForm', () => {
	it('accepts a valid session', () => {
		const result = parseSessionForm(form(sessionFields({ meetingId: '7' })));
		expect(result.ok && result.data).toMatchObject({ date: '2022-05-07', startTime: '10:00', endTime: '17:00', city: 'Stuttgart', meetingId: 7 });
	});

	it('rejects an end before the start on endTime', () => {
		const result = parseSessionForm(form(sessionFields({ startTime: '17:00', endTime: '10:00' })));
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors).toEqual({ endTime: { key: 'err_end_before_start' } });
	});

	it('rejects an end equal to the start', () => {
		const result = parseSessionForm(form(sessionFields({ startTime: '10:00', endTime: '10:00' })));
		expect(!result.ok && result.errors.endTime).toEqual({ key: 'err_end_before_start' });
	});

	it('rejects malformed times and dates', () => {
		const result = parseSessionForm(form(sessionFields({ startTime: '25:00', date: '2022-02-30' })));
		expect(!result.ok && result.errors).toEqual({ startTime: { key: 'err_time' }, date: { key: 'err_date' } });
	});

	it('rejects years the database cannot hold or nobody plans for (year 0, before 1900, after 2200)', () => {
		for (const date of ['0000-01-01', '1899-12-31', '2201-01-01', '9999-12-31']) {
			const result = parseSessionForm(form(sessionFields({ date })));
			expect(!result.ok && result.errors.date, date).toEqual({ key: 'err_date' });
		}
		expect(parseSessionForm(form(sessionFields({ date: '2200-12-31' }))).ok).toBe(true);
	});
});

describe('parseMeetingForm', () => {
	it('accepts a Zoom ID written with spaces and stores it normalised', () => {
		const result = parseMeetingForm(form(meetingFields({ meetingCode: '815 3875 6610', recurring: 'on' })));
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.data.meetingCode).toBe('81538756610');
		expect(result.data.recurring).toBe(true);
	});

	it('treats a missing checkbox as false', () => {
		const result = parseMeetingForm(form(meetingFields()));
		expect(result.ok && result.data.recurring).toBe(false);
	});

	it('rejects a Zoom ID that is too short', () => {
		const result = parseMeetingForm(form(meetingFields({ meetingCode: '12345' })));
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors).toEqual({ meetingCode: { key: 'err_zoom_id' } });
		expect(result.values.meetingCode).toBe('12345');
	});

	it('requires a join URL for Jitsi', () => {
		const result = parseMeetingForm(form(meetingFields({ provider: 'jitsi', meetingCode: '' })));
		expect(!result.ok && result.errors).toEqual({ joinUrl: { key: 'err_required' } });
	});

	it('rejects a join URL without https', () => {
		const result = parseMeetingForm(form(meetingFields({ provider: 'jitsi', meetingCode: '', joinUrl: 'http://meet.jit.si/bildungsturbo' })));
		expect(!result.ok && result.errors).toEqual({ joinUrl: { key: 'err_url' } });
		const zoom = parseMeetingForm(form(meetingFields({ joinUrl: 'http://us02web.zoom.us/j/81538756610' })));
		expect(!zoom.ok && zoom.errors).toEqual({ joinUrl: { key: 'err_url' } });
	});

	it('accepts a Jitsi meeting with an https URL and keeps its code as typed', () => {
		const result = parseMeetingForm(
			form(meetingFields({ provider: 'jitsi', meetingCode: 'raum 1-2', joinUrl: 'https://meet.jit.si/bildungsturbo' }))
		);
		expect(result.ok && result.data).toEqual({
			provider: 'jitsi',
			joinUrl: 'https://meet.jit.si/bildungsturbo',
			meetingCode: 'raum 1-2',
			passcode: '',
			recurring: false
		});
	});
});

describe('parseSeriesForm', () => {
	it('parses slot lines into slots with tracks', () => {
		const result = parseSeriesForm(form(seriesFields({ replace: 'on' })));
		expect(result).toEqual({
			ok: true,
			data: {
				rule: SEED_ONLINE_SERIES,
				meetingId: null,
				replace: true
			}
		});
	});

	it('accepts en dashes, single-digit hours, Windows line breaks, blank lines and slots without track', () => {
		const result = parseSeriesForm(form(seriesFields({ slots: '9:00 – 12:00\r\n\r\n13:00-15:30 Nachmittag\r\n' })));
		expect(result.ok && result.data.rule.slots).toEqual([
			{ start: '09:00', end: '12:00', track: '' },
			{ start: '13:00', end: '15:30', track: 'Nachmittag' }
		]);
	});

	it('accepts excluded dates in German and ISO form', () => {
		const result = parseSeriesForm(form(seriesFields({ excluded: '13.04.2022\n2022-05-25, 1.6.2022' })));
		expect(result.ok && result.data.rule.excludedDates).toEqual(['2022-04-13', '2022-05-25', '2022-06-01']);
	});

	it('treats a missing excluded field as no excluded dates', () => {
		const fields = seriesFields();
		delete fields.excluded;
		const result = parseSeriesForm(form(fields));
		expect(result.ok && result.data.rule.excludedDates).toEqual([]);
	});

	it('rejects excluded dates that do not exist', () => {
		const result = parseSeriesForm(form(seriesFields({ excluded: '30.02.2022' })));
		expect(!result.ok && result.errors).toEqual({ excluded: { key: 'err_excluded' } });
	});

	it.each(['garbage', '', '16:00 Beratung', '18:00-16:00 rückwärts', '16:00-24:00', '16:00-18:00 gut\nschlecht'])(
		'rejects the slots %j',
		(slots) => {
			const result = parseSeriesForm(form(seriesFields({ slots })));
			expect(!result.ok && result.errors.slots).toEqual({ key: 'err_slots' });
		}
	);

	it('rejects a reversed range on `to`', () => {
		const result = parseSeriesForm(form(seriesFields({ from: '2022-06-22', to: '2022-04-06' })));
		expect(!result.ok && result.errors).toEqual({ to: { key: 'err_range_reversed' } });
	});

	it('rejects a range that is too long', () => {
		const result = parseSeriesForm(form(seriesFields({ to: '2026-06-22' })));
		expect(!result.ok && result.errors).toEqual({ to: { key: 'err_range_too_long' } });
	});

	it('rejects a weekday outside 1–7', () => {
		const result = parseSeriesForm(form(seriesFields({ weekday: '8' })));
		expect(!result.ok && result.errors).toEqual({ weekday: { key: 'err_choice' } });
	});

	it('echoes the raw input on failure, so nothing typed is lost', () => {
		const fields = seriesFields({ slots: 'garbage\n16:00-18:00 Beratung', excluded: '13.04.2022', announced: '10', replace: 'on' });
		const result = parseSeriesForm(form(fields));
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.values).toEqual(fields);
	});
});
