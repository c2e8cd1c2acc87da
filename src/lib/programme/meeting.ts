/**
 * Online meetings: format checks per provider and Zoom's documented expiry rule
 * (a one-off meeting ID expires 30 days after its date, a recurring one 365 days after its last start).
 */
export type MeetingProvider = 'zoom' | 'jitsi' | 'bigbluebutton' | 'other';

export interface MeetingData {
	provider: MeetingProvider;
	joinUrl: string;
	meetingCode: string;
	passcode: string;
	recurring: boolean;
}

export type MeetingProblem = 'missing_link' | 'invalid_url' | 'invalid_zoom_id' | 'zoom_url_mismatch';

export interface MeetingStatus {
	formatValid: boolean;
	problems: MeetingProblem[];
	/** When the meeting ID stops working; null where the provider does not expire links. */
	expiresAt: Date | null;
	expired: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Zoom meeting IDs are 9 to 11 digits; people write them with spaces or dashes. */
export function normaliseZoomId(code: string): string {
	return code.replace(/[\s-]/g, '');
}

function isHttpsUrl(value: string): boolean {
	try {
		return new URL(value).protocol === 'https:';
	} catch {
		return false;
	}
}

export function meetingFormatProblems(m: MeetingData): MeetingProblem[] {
	const problems: MeetingProblem[] = [];
	const url = m.joinUrl.trim();
	if (m.provider === 'zoom') {
		const id = normaliseZoomId(m.meetingCode);
		if (!/^\d{9,11}$/.test(id)) problems.push('invalid_zoom_id');
		if (url) {
			if (!isHttpsUrl(url)) problems.push('invalid_url');
			else {
				const match = new URL(url).pathname.match(/\/(?:j|w|s)\/(\d+)/);
				if (match && id && match[1] !== id) problems.push('zoom_url_mismatch');
			}
		}
		return problems;
	}
	if (!url) problems.push('missing_link');
	else if (!isHttpsUrl(url)) problems.push('invalid_url');
	return problems;
}

/**
 * Derived status for a meeting used by sessions starting at `starts` (any order).
 * Only Zoom IDs expire: one-off 30 days after its (first) date, recurring 365 days after the last start.
 */
export function meetingStatus(m: MeetingData, starts: Date[], now: Date): MeetingStatus {
	const problems = meetingFormatProblems(m);
	let expiresAt: Date | null = null;
	if (m.provider === 'zoom' && starts.length > 0) {
		const times = starts.map((d) => d.getTime());
		expiresAt = m.recurring
			? new Date(Math.max(...times) + 365 * DAY_MS)
			: new Date(Math.min(...times) + 30 * DAY_MS);
	}
	return {
		formatValid: problems.length === 0,
		problems,
		expiresAt,
		expired: expiresAt !== null && expiresAt.getTime() <= now.getTime()
	};
}
