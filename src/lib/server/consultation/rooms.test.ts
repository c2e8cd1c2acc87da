import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { DomainError } from '../errors.ts';
import { readRoomConfig, roomJoinUrl, type RoomConfig } from './rooms.ts';
import { startFakeBbb, type FakeBbb } from './fake-bbb.ts';

const SECRET = 'bbb-shared-secret-only-on-the-server';
const NOW = new Date('2027-03-01T08:00:00Z');
const UNTIL = new Date('2027-03-01T10:00:00Z');

let bbb: FakeBbb;
let base = '';
let meetings: Map<string, string>;
beforeAll(async () => {
	bbb = await startFakeBbb(SECRET);
	base = bbb.url;
	meetings = bbb.meetings;
});
afterAll(() => bbb.close());

const config = (over: Partial<RoomConfig> = {}): RoomConfig => ({ ...readRoomConfig({ BBB_URL: base, BBB_SECRET: SECRET }), ...over });
const bbbRoom = (moderator: boolean) => ({ provider: 'bbb' as const, name: 'beratung-7-202703010900', url: '', passcode: '', moderator });

describe('video rooms', () => {
	it('BigBlueButton: creates the meeting with a valid checksum, then a signed join URL, moderator for the consultant, viewer for the association', async () => {
		const asViewer = await roomJoinUrl(config(), { room: bbbRoom(false), meetingName: 'Beratung Organisationsentwicklung 01.03.2027', person: { name: 'Amira', email: 'amira@example.org' }, until: UNTIL, now: NOW });
		expect(meetings.get('beratung-7-202703010900')).toBe('Beratung Organisationsentwicklung 01.03.2027');
		expect(asViewer).toContain('/api/join?');
		expect(asViewer).not.toContain(SECRET);
		const viewer = await (await fetch(asViewer)).text();
		expect(viewer).toContain('<returncode>SUCCESS</returncode><role>VIEWER</role>');
		const asModerator = await roomJoinUrl(config(), { room: bbbRoom(true), meetingName: 'x', person: { name: 'Beraterin', email: 'b@example.org' }, until: UNTIL, now: NOW });
		expect(await (await fetch(asModerator)).text()).toContain('<role>MODERATOR</role>');
		// A tampered join URL fails the server's checksum check.
		expect(await (await fetch(asViewer.replace('VIEWER', 'MODERATOR'))).text()).toContain('checksumError');
	});

	it('BigBlueButton with a wrong secret, unreachable or not configured: room_unavailable, never a crash', async () => {
		const req = { room: bbbRoom(false), meetingName: 'x', person: { name: 'A', email: 'a@example.org' }, until: UNTIL, now: NOW };
		const code = async (p: Promise<unknown>) => p.then(() => 'ok', (e) => (e instanceof DomainError ? e.code : String(e)));
		expect(await code(roomJoinUrl(config({ bbbSecret: 'wrong' }), req))).toBe('room_unavailable');
		expect(await code(roomJoinUrl(config({ bbbUrl: 'http://127.0.0.1:9/bigbluebutton/' }), req))).toBe('room_unavailable');
		expect(await code(roomJoinUrl(readRoomConfig({}), req))).toBe('room_unavailable');
	});

	it('Jitsi: a room per slot, with a signed JWT naming the person when a secret is configured; a link as entered', async () => {
		const jitsi = { provider: 'jitsi' as const, name: 'beratung-3-202703011600', url: '', passcode: '', moderator: true };
		const person = { name: 'Beraterin', email: 'b@example.org' };
		expect(await roomJoinUrl(readRoomConfig({}), { room: jitsi, meetingName: '', person, until: UNTIL, now: NOW })).toBe('https://meet.jit.si/beratung-3-202703011600');
		const signed = await roomJoinUrl(readRoomConfig({ JITSI_URL: 'https://jitsi.example.org/', JITSI_APP_ID: 'bildungsturbo', JITSI_APP_SECRET: 'jwt-secret' }), { room: jitsi, meetingName: '', person, until: UNTIL, now: NOW });
		const [url, jwt] = signed.split('?jwt=');
		expect(url).toBe('https://jitsi.example.org/beratung-3-202703011600');
		const [h, p, s] = jwt.split('.');
		expect(createHmac('sha256', 'jwt-secret').update(`${h}.${p}`).digest('base64url')).toBe(s);
		const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
		expect(payload).toMatchObject({ iss: 'bildungsturbo', room: 'beratung-3-202703011600', exp: UNTIL.getTime() / 1000, context: { user: { name: 'Beraterin', moderator: true } } });
		const link = { provider: 'link' as const, name: '', url: 'https://zoom.us/j/123', passcode: '', moderator: false };
		expect(await roomJoinUrl(readRoomConfig({}), { room: link, meetingName: '', person, until: UNTIL, now: NOW })).toBe('https://zoom.us/j/123');
	});
});
