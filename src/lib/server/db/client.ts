/**
 * Opens the one PostgreSQL schema: embedded PGlite in DATA_DIR by default, a PostgreSQL server when
 * DATABASE_URL is set. Both are driven through the same Drizzle `PgDatabase` API, so services never
 * know which one they run on. Migrations (./drizzle) are applied on open, under an advisory lock so
 * that several app instances can start at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

export type Db = PgDatabase<PgQueryResultHKT>;
/** The Drizzle transaction handle; services accept it wherever they accept a `Db`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
	db: Db;
	kind: 'pglite' | 'postgres';
	/**
	 * Plain SQL with every statement's rows: what the job queue (pg-boss) needs. On PostgreSQL
	 * pg-boss brings its own pool instead, from `url`.
	 */
	executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
	/** Calls `onNotify` on every NOTIFY on `channel` (delivered after the notifying commit). */
	listen(channel: string, onNotify: () => void): Promise<void>;
	url: string | null;
	close(): Promise<void>;
}

export interface OpenOptions {
	/** postgres://… for a server; otherwise PGlite. */
	url?: string | null;
	/** PGlite directory; omitted means in memory (tests). */
	dataDir?: string;
	migrationsFolder?: string;
	/** Pool size for PostgreSQL. */
	max?: number;
}

const MIGRATION_LOCK = 724_301;

/**
 * postgres.js settings that bound how long a query waits while the server is down or unreachable,
 * so that a request fails fast (a 503, src/lib/server/outage.ts) instead of hanging: give up
 * connecting after 5 s (default 30 s), and retry a failed connection after at most 1 s (by default
 * the pause grows to 10–20 s after a few failures, and every query queued on it waits that long).
 * Query parameters in DATABASE_URL do not override these.
 */
export function postgresOptions(max: number) {
	return {
		max,
		onnotice: () => {},
		connect_timeout: 5,
		backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1)
	};
}

export function defaultMigrationsFolder(): string {
	return path.resolve(process.env.MIGRATIONS_DIR || 'drizzle');
}

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
	const migrationsFolder = options.migrationsFolder ?? defaultMigrationsFolder();
	if (options.url) {
		const { default: postgres } = await import('postgres');
		const { drizzle } = await import('drizzle-orm/postgres-js');
		const { migrate } = await import('drizzle-orm/postgres-js/migrator');
		// One connection for migrations, so that the session-level advisory lock covers all of them.
		const migrator = postgres(options.url, postgresOptions(1));
		try {
			await migrator`select pg_advisory_lock(${MIGRATION_LOCK})`;
			await migrate(drizzle({ client: migrator }), { migrationsFolder });
		} finally {
			await migrator.end({ timeout: 5 });
		}
		const client = postgres(options.url, postgresOptions(options.max ?? 10));
		return {
			db: drizzle({ client }) as unknown as Db,
			kind: 'postgres',
			url: options.url,
			executeSql: async (text, values) => ({ rows: [...(await client.unsafe(text, values as never[]))] }),
			// postgres.js keeps one connection for listening and re-listens after a reconnect.
			listen: async (channel, onNotify) => void (await client.listen(channel, () => onNotify())),
			close: () => client.end({ timeout: 5 })
		};
	}
	const { PGlite } = await import('@electric-sql/pglite');
	const { drizzle } = await import('drizzle-orm/pglite');
	const { migrate } = await import('drizzle-orm/pglite/migrator');
	if (options.dataDir) fs.mkdirSync(options.dataDir, { recursive: true });
	// PostgreSQL's default 128 MB of shared buffers stay resident in the WASM heap once touched; the
	// embedded database is a few MB, so 32 MB hold all of it and save about 90 MB RSS (npm run bench).
	const startParams = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'];
	const client = options.dataDir ? new PGlite(options.dataDir, { startParams }) : new PGlite({ startParams });
	await client.waitReady;
	const db = drizzle({ client });
	await migrate(db, { migrationsFolder });
	return {
		db: db as unknown as Db,
		kind: 'pglite',
		url: null,
		async executeSql(text, values) {
			if (values && values.length) return { rows: (await client.query(text, values)).rows };
			return { rows: (await client.exec(text)).flatMap((r) => r.rows) };
		},
		listen: async (channel, onNotify) => void (await client.listen(channel, () => onNotify())),
		close: () => client.close()
	};
}

/** True when the database answers a trivial query within `timeoutMs` (used by /healthz). */
export async function ping(db: Db, timeoutMs = 5_000): Promise<boolean> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
	try {
		return await Promise.race([db.execute(sql`select 1`).then(() => true), late]);
	} catch {
		return false;
	} finally {
		clearTimeout(timer);
	}
}
