/**
 * A small fake BigBlueButton for the tests (service tests and the browser tests' app): checks every
 * call's checksum exactly as the real API does (sha1 of the call name, the query string without
 * `checksum`, and the shared secret), remembers created meetings, and answers a join with the role.
 * To point the app at a real server instead, set BBB_URL and BBB_SECRET (README).
 */
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export interface FakeBbb {
	/** The API base, as BBB_URL: `http://127.0.0.1:<port>/bigbluebutton/`. */
	url: string;
	meetings: Map<string, string>;
	calls: string[];
	close(): Promise<void>;
}

export async function startFakeBbb(secret: string): Promise<FakeBbb> {
	const meetings = new Map<string, string>();
	const calls: string[] = [];
	const checksumOk = (call: string, rawQuery: string) => {
		const i = rawQuery.lastIndexOf('checksum=');
		if (i < 0) return false;
		const query = rawQuery.slice(0, i).replace(/&$/, '');
		return createHash('sha1').update(call + query + secret).digest('hex') === rawQuery.slice(i + 'checksum='.length);
	};
	const server = createServer((req, res) => {
		const [path, rawQuery = ''] = (req.url ?? '').split('?');
		const call = path.replace(/^\/bigbluebutton\/api\//, '');
		calls.push(call);
		const params = new URLSearchParams(rawQuery);
		const reply = (xml: string) => res.writeHead(200, { 'content-type': 'text/xml' }).end(`<response>${xml}</response>`);
		if (!checksumOk(call, rawQuery)) return reply('<returncode>FAILED</returncode><messageKey>checksumError</messageKey>');
		if (call === 'create') {
			meetings.set(params.get('meetingID')!, params.get('name')!);
			return reply(`<returncode>SUCCESS</returncode><meetingID>${params.get('meetingID')}</meetingID>`);
		}
		if (call === 'join') {
			if (!meetings.has(params.get('meetingID')!)) return reply('<returncode>FAILED</returncode><messageKey>notFound</messageKey>');
			return reply(`<returncode>SUCCESS</returncode><role>${params.get('role')}</role>`);
		}
		reply('<returncode>FAILED</returncode>');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/bigbluebutton/`,
		meetings,
		calls,
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}
