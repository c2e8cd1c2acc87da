import { describe, expect, it } from 'vitest';
import net, { type AddressInfo } from 'node:net';
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { sql } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import { ping, postgresOptions } from './client.ts';
import { isDatabaseUnavailable } from './unavailable.ts';

const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });
/** What Drizzle throws: its own error with the driver's error as `cause`. */
const wrapped = (cause: unknown) => new Error('Failed query: select 1\nparams: ', { cause });

describe('isDatabaseUnavailable', () => {
	it('recognises a database that is down, unreachable, restarting, dropped or full', () => {
		for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED']) {
			expect(isDatabaseUnavailable(withCode(code)), code).toBe(true);
			expect(isDatabaseUnavailable(wrapped(withCode(code))), `wrapped ${code}`).toBe(true);
		}
		// SQLSTATEs from the server: shutting down, crashed, starting, connection failure, dropped, too many clients.
		for (const state of ['57P01', '57P02', '57P03', '08006', '08001', '3D000', '53300']) {
			expect(isDatabaseUnavailable(wrapped(withCode(state, 'server says no'))), state).toBe(true);
		}
		// Node's happy-eyeballs connect reports each address in an AggregateError.
		expect(isDatabaseUnavailable(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], 'connect failed'))).toBe(true);
		expect(isDatabaseUnavailable(wrapped(new Error('PGlite is closed')))).toBe(true);
	});

	it('leaves every other error alone: bugs and rejected statements stay 500s', () => {
		for (const state of ['23505', '23503', '42601', '42P01', '22P02', '40001', '40P01']) {
			expect(isDatabaseUnavailable(wrapped(withCode(state, 'rejected'))), state).toBe(false);
		}
		expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
		expect(isDatabaseUnavailable(withCode('ENOENT'))).toBe(false);
		expect(isDatabaseUnavailable(undefined)).toBe(false);
		expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
		const loop: Error & { cause?: unknown } = new Error('loop');
		loop.cause = loop;
		expect(isDatabaseUnavailable(loop)).toBe(false);
	});
});

async function listen(server: net.Server): Promise<number> {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	return (server.address() as AddressInfo).port;
}

async function query(client: postgres.Sql): Promise<{ error: unknown; seconds: number }> {
	const started = performance.now();
	const error = await drizzle({ client })
		.execute(sql`select 1`)
		.then(
			() => null,
			(e: unknown) => e
		);
	return { error, seconds: (performance.now() - started) / 1000 };
}

describe('the app’s PostgreSQL client bounds the wait while the server is away', () => {
	it('a server that accepts the connection and never answers: unavailable within the 5 s connect timeout (default: 30 s)', async () => {
		const sockets = new Set<net.Socket>();
		const silent = net.createServer((socket) => {
			sockets.add(socket);
			socket.on('error', () => {});
		});
		const port = await listen(silent);
		const client = postgres(`postgres://app:secret@127.0.0.1:${port}/app`, postgresOptions(2));
		try {
			const { error, seconds } = await query(client);
			expect(isDatabaseUnavailable(error)).toBe(true);
			expect(seconds).toBeGreaterThan(4);
			expect(seconds).toBeLessThan(7);
		} finally {
			await client.end({ timeout: 0 });
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => silent.close(() => resolve()));
		}
	});

	it('a closed port, again and again: every query fails within seconds (no reconnect pause growing to 10–20 s)', async () => {
		const probe = net.createServer();
		const port = await listen(probe);
		await new Promise<void>((resolve) => probe.close(() => resolve()));
		const client = postgres(`postgres://app:secret@127.0.0.1:${port}/app`, postgresOptions(1));
		try {
			let slowest = 0;
			for (let attempt = 0; attempt < 9; attempt++) {
				const { error, seconds } = await query(client);
				expect(isDatabaseUnavailable(error)).toBe(true);
				slowest = Math.max(slowest, seconds);
			}
			expect(slowest).toBeLessThan(2.5);
		} finally {
			await client.end({ timeout: 0 });
		}
	});
});

describe('a database that goes away under the running app', () => {
	it(`${process.env.TEST_DATABASE_URL ? 'PostgreSQL: the database is dropped' : 'PGlite: the database is closed'}; queries fail as unavailable at once and ping says no`, async () => {
		const database = await openTestDatabase();
		expect(await ping(database.db)).toBe(true);
		if (database.url) {
			const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
			await admin.unsafe(`drop database ${new URL(database.url).pathname.slice(1)} with (force)`);
			await admin.end();
		} else {
			await database.close();
		}
		const started = performance.now();
		const error = await database.db.execute(sql`select 1`).then(
			() => null,
			(e: unknown) => e
		);
		expect(isDatabaseUnavailable(error)).toBe(true);
		expect(await ping(database.db, 6_000)).toBe(false);
		expect((performance.now() - started) / 1000).toBeLessThan(12);
		if (database.url) await database.close();
	});
});
