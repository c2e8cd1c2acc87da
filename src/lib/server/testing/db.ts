/**
 * Test databases: a fresh in-memory PGlite per test file, or, when TEST_DATABASE_URL points at a
 * PostgreSQL server (CI), a fresh database created on that server and dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { openDatabase, type Database } from '../db/client.ts';

/** `url` is set on PostgreSQL, so a test can open a second pool ("another app instance"). */
export async function openTestDatabase(): Promise<Database> {
	const serverUrl = process.env.TEST_DATABASE_URL;
	if (!serverUrl) return openDatabase({});
	const { default: postgres } = await import('postgres');
	const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
	const name = `bt_test_${randomBytes(6).toString('hex')}`;
	await admin.unsafe(`create database ${name}`);
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	const database = await openDatabase({ url: url.toString(), max: 20 });
	return {
		...database,
		async close() {
			await database.close();
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end();
		}
	};
}
