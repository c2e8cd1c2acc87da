/**
 * Video rooms of consultation slots: the join URL for one person, built on the server only after
 * `joinRoom` (queries.ts) has said they may enter now. Shared secrets never leave the server.
 *
 * - BigBlueButton: the room is created through the API (`create` is idempotent for a meeting ID),
 *   then the person joins with a signed `join` URL, the consultant as MODERATOR, the association's
 *   people as VIEWER. Every call carries `checksum = sha1(callName + queryString + secret)`, exactly
 *   as the BBB API checks it. Configured by BBB_URL (…/bigbluebutton/) and BBB_SECRET.
 * - Jitsi: `JITSI_URL/<room>`; with JITSI_APP_ID and JITSI_APP_SECRET a JWT (HS256) for the room,
 *   valid until the slot's end, names the person and makes the consultant moderator.
 * - Link (Zoom or any other): the address entered by hand.
 */
import { createHash, createHmac } from 'node:crypto';
import { DomainError } from '../errors.ts';
import type { Room } from './queries.ts';

export interface RoomConfig {
	bbbUrl: string | null;
	bbbSecret: string | null;
	jitsiUrl: string;
	jitsiAppId: string | null;
	jitsiAppSecret: string | null;
}

/** Room settings from the environment (README: BBB_URL, BBB_SECRET, JITSI_URL, JITSI_APP_ID, JITSI_APP_SECRET). */
export function readRoomConfig(env: NodeJS.ProcessEnv = process.env): RoomConfig {
	const clean = (v: string | undefined) => (v?.trim() ? v.trim() : null);
	const bbbUrl = clean(env.BBB_URL);
	return {
		bbbUrl: bbbUrl ? (bbbUrl.endsWith('/') ? bbbUrl : `${bbbUrl}/`) : null,
		bbbSecret: clean(env.BBB_SECRET),
		jitsiUrl: (clean(env.JITSI_URL) ?? 'https://meet.jit.si').replace(/\/+$/, ''),
		jitsiAppId: clean(env.JITSI_APP_ID),
		jitsiAppSecret: clean(env.JITSI_APP_SECRET)
	};
}

/** The signed URL of a BBB API call, `checksum = sha1(call + query + secret)`. */
export function bbbCall(config: RoomConfig, call: string, params: Record<string, string>): string {
	if (!config.bbbUrl || !config.bbbSecret) throw new DomainError('room_unavailable');
	const query = new URLSearchParams(params).toString();
	const checksum = createHash('sha1').update(call + query + config.bbbSecret).digest('hex');
	return `${config.bbbUrl}api/${call}?${query}${query ? '&' : ''}checksum=${checksum}`;
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** A Jitsi JWT (HS256) for one room and person, valid until `until`. */
export function jitsiToken(config: RoomConfig, room: string, person: { name: string; email: string; moderator: boolean }, until: Date, now: Date): string {
	const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
	const payload = base64url(
		JSON.stringify({
			aud: 'jitsi',
			iss: config.jitsiAppId,
			sub: new URL(config.jitsiUrl).hostname,
			room,
			nbf: Math.floor(now.getTime() / 1000) - 60,
			exp: Math.floor(until.getTime() / 1000),
			context: { user: { name: person.name, email: person.email, moderator: person.moderator } }
		})
	);
	const signature = createHmac('sha256', config.jitsiAppSecret!).update(`${header}.${payload}`).digest('base64url');
	return `${header}.${payload}.${signature}`;
}

export interface JoinRequest {
	room: Room;
	/** The meeting's name in BBB (track and date, no personal data). */
	meetingName: string;
	person: { name: string; email: string };
	/** The slot's end: a Jitsi token expires then. */
	until: Date;
	now: Date;
}

/**
 * The address that takes this person into the room. For BBB the meeting is created first (an
 * unreachable server or a refused checksum is `room_unavailable`, within 5 s).
 */
export async function roomJoinUrl(config: RoomConfig, req: JoinRequest, fetchImpl: typeof fetch = fetch): Promise<string> {
	const { room, person } = req;
	if (room.provider === 'link') {
		if (!/^https:\/\//.test(room.url)) throw new DomainError('room_unavailable');
		return room.url;
	}
	if (room.provider === 'jitsi') {
		const url = `${config.jitsiUrl}/${encodeURIComponent(room.name)}`;
		if (!config.jitsiAppId || !config.jitsiAppSecret) return url;
		return `${url}?jwt=${jitsiToken(config, room.name, { ...person, moderator: room.moderator }, req.until, req.now)}`;
	}
	const create = bbbCall(config, 'create', { name: req.meetingName, meetingID: room.name });
	let body = '';
	try {
		const res = await fetchImpl(create, { signal: AbortSignal.timeout(5_000) });
		body = await res.text();
	} catch {
		throw new DomainError('room_unavailable');
	}
	if (!/<returncode>\s*SUCCESS\s*<\/returncode>/.test(body)) throw new DomainError('room_unavailable');
	return bbbCall(config, 'join', { fullName: person.name, meetingID: room.name, role: room.moderator ? 'MODERATOR' : 'VIEWER', redirect: 'true' });
}
