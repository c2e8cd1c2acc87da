import { describe, expect, it } from 'vitest';
import { meetingFormatProblems, meetingStatus, normaliseZoomId, type MeetingData } from './meeting.ts';

const DAY = 24 * 60 * 60 * 1000;

const zoom = (overrides: Partial<MeetingData> = {}): MeetingData => ({
	provider: 'zoom',
	joinUrl: '',
	meetingCode: '81538756610',
	passcode: '',
	recurring: false,
	...overrides
});

describe('normaliseZoomId', () => {
	it('removes spaces and dashes', () => {
		expect(normaliseZoomId('815 3875 6610')).toBe('81538756610');
		expect(normaliseZoomId('815-3875-6610')).toBe('81538756610');
		expect(normaliseZoomId(' 815\t3875 - 6610 ')).toBe('81538756610');
	});
});

describe('meetingFormatProblems', () => {
	it.each(['123456789', '1234567890', '81538756610', '815 3875 6610', '815-3875-6610'])('accepts Zoom ID %s', (code) => {
		expect(meetingFormatProblems(zoom({ meetingCode: code }))).toEqual([]);
	});

	it.each(['12345678', '123456789012', '8153875661a', '', 'abc def ghi'])('flags Zoom ID %j', (code) => {
		expect(meetingFormatProblems(zoom({ meetingCode: code }))).toContain('invalid_zoom_id');
	});

	it('accepts a Zoom https join URL with the same ID', () => {
		expect(meetingFormatProblems(zoom({ joinUrl: 'https://us02web.zoom.us/j/81538756610?pwd=abc' }))).toEqual([]);
	});

	it('flags a Zoom join URL with another ID, or without https', () => {
		expect(meetingFormatProblems(zoom({ joinUrl: 'https://us02web.zoom.us/j/99999999999' }))).toEqual(['zoom_url_mismatch']);
		expect(meetingFormatProblems(zoom({ joinUrl: 'http://us02web.zoom.us/j/81538756610' }))).toEqual(['invalid_url']);
	});

	it.each(['jitsi', 'bigbluebutton', 'other'] as const)('requires an https join URL for %s', (provider) => {
		const base = { provider, meetingCode: '', passcode: '', recurring: false };
		expect(meetingFormatProblems({ ...base, joinUrl: '' })).toEqual(['missing_link']);
		expect(meetingFormatProblems({ ...base, joinUrl: '   ' })).toEqual(['missing_link']);
		expect(meetingFormatProblems({ ...base, joinUrl: 'http://meet.jit.si/bildungsturbo' })).toEqual(['invalid_url']);
		expect(meetingFormatProblems({ ...base, joinUrl: 'meet.jit.si/bildungsturbo' })).toEqual(['invalid_url']);
		expect(meetingFormatProblems({ ...base, joinUrl: 'https://meet.jit.si/bildungsturbo' })).toEqual([]);
	});
});

describe('meetingStatus', () => {
	const start = new Date('2022-06-22T14:00:00Z');

	it('lets a one-off Zoom meeting expire 30 days after its date', () => {
		const status = meetingStatus(zoom(), [start], new Date('2022-06-23T00:00:00Z'));
		expect(status.expiresAt?.toISOString()).toBe(new Date(start.getTime() + 30 * DAY).toISOString());
		expect(status.expired).toBe(false);
		expect(status.formatValid).toBe(true);
		expect(status.problems).toEqual([]);
	});

	it('uses the first date of a one-off meeting used several times', () => {
		const later = new Date('2022-07-13T14:00:00Z');
		const status = meetingStatus(zoom(), [later, start], new Date('2022-06-01T00:00:00Z'));
		expect(status.expiresAt?.getTime()).toBe(start.getTime() + 30 * DAY);
	});

	it('is expired exactly at the one-off boundary, not a millisecond before', () => {
		const boundary = start.getTime() + 30 * DAY;
		expect(meetingStatus(zoom(), [start], new Date(boundary - 1)).expired).toBe(false);
		expect(meetingStatus(zoom(), [start], new Date(boundary)).expired).toBe(true);
		expect(meetingStatus(zoom(), [start], new Date(boundary + DAY)).expired).toBe(true);
	});

	it('lets a recurring Zoom meeting expire 365 days after its LAST start', () => {
		const first = new Date('2022-04-06T14:00:00Z');
		const last = new Date('2022-06-22T16:00:00Z');
		const status = meetingStatus(zoom({ recurring: true }), [last, first], new Date('2022-07-01T00:00:00Z'));
		expect(status.expiresAt?.getTime()).toBe(last.getTime() + 365 * DAY);
		expect(status.expired).toBe(false);
	});

	it('is expired for a recurring meeting on the boundary, not a millisecond before', () => {
		const last = new Date('2022-06-22T16:00:00Z');
		const boundary = last.getTime() + 365 * DAY;
		const m = zoom({ recurring: true });
		expect(meetingStatus(m, [last], new Date(boundary - 1)).expired).toBe(false);
		expect(meetingStatus(m, [last], new Date(boundary)).expired).toBe(true);
	});

	it('has no expiry for a Zoom meeting that no session uses', () => {
		const status = meetingStatus(zoom(), [], new Date('2030-01-01T00:00:00Z'));
		expect(status.expiresAt).toBeNull();
		expect(status.expired).toBe(false);
	});

	it.each(['jitsi', 'bigbluebutton', 'other'] as const)('never expires a %s meeting', (provider) => {
		const m: MeetingData = { provider, joinUrl: 'https://example.org/room', meetingCode: '', passcode: '', recurring: false };
		const status = meetingStatus(m, [new Date('2020-01-01T10:00:00Z')], new Date('2030-01-01T00:00:00Z'));
		expect(status.expiresAt).toBeNull();
		expect(status.expired).toBe(false);
		expect(status.formatValid).toBe(true);
	});

	it('reports format problems in the status', () => {
		const status = meetingStatus(zoom({ meetingCode: '12345' }), [start], new Date('2022-06-01T00:00:00Z'));
		expect(status.formatValid).toBe(false);
		expect(status.problems).toEqual(['invalid_zoom_id']);
	});

	it('has the seed meeting 81538756610 (recurring, last start 22.06.2022 16:00 Berlin) expired on 2026-11-28', () => {
		const m = zoom({ meetingCode: '81538756610', recurring: true });
		const lastStart = new Date('2022-06-22T16:00:00+02:00');
		const status = meetingStatus(m, [new Date('2022-04-06T16:00:00+02:00'), lastStart], new Date('2026-11-28T10:00:00Z'));
		expect(status.formatValid).toBe(true);
		expect(status.expiresAt?.toISOString()).toBe('2023-06-22T14:00:00.000Z');
		expect(status.expired).toBe(true);
	});
});
