/**
 * Opens the one PostgreSQL schema: embedded PGlite in DATA_DIR by default, a PostgreSQL server when
 * DATABASE_URL is set. Both are driven through the same Drizzle `PgDatabase` API, so services never
 * know which one they run on. Migrations (./drizzle) are applied on open, under an advisory lock so
 * that several app instances can start at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
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

/**
 * A PGlite data directory made at build time (scripts/pglite-template.js: initdb and every
 * migration of that build, shut down cleanly), copied into an empty data directory on its first
 * start instead of running initdb (≈ 8 s on a small host) and 30 migrations (≈ 2 s). initdb's WASM
 * instance also left ≈ 115 MB in glibc's main heap and ≈ 360 MB of dead WASM memory until the next
 * full collection (npm run bench). A cold copy of a cleanly stopped cluster is a valid PostgreSQL
 * data directory; migrations newer than the template are applied on open as for any existing one.
 */
export function pgliteTemplateDir(): string {
	return path.resolve(process.env.PGLITE_TEMPLATE_DIR || 'build/pglite-template');
}
export const PGLITE_TEMPLATE_STAMP = 'bildungsturbo-template.json';

/** The installed PGlite's version: a template is used only when it was made by the same one. */
export function pgliteVersion(): string {
	const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
	for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
		const file = path.join(dir, 'package.json');
		if (!fs.existsSync(file)) continue;
		const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
		if (pkg.name === '@electric-sql/pglite') return String(pkg.version);
	}
	return 'unknown';
}

/**
 * Copies the template into `dataDir` when that holds no database yet (no PG_VERSION) and the
 * template was made by this PGlite; true if copied. The copy goes into a folder inside `dataDir`
 * (same file system, also when `dataDir` is a mount point) and its entries are moved up one by one,
 * PG_VERSION last: a copy cut off half-way is never taken for a database, and is redone next start.
 */
export function copyPgliteTemplate(dataDir: string, template = pgliteTemplateDir()): boolean {
	const stampFile = path.join(template, PGLITE_TEMPLATE_STAMP);
	if (fs.existsSync(path.join(dataDir, 'PG_VERSION')) || !fs.existsSync(stampFile)) return false;
	try {
		if (JSON.parse(fs.readFileSync(stampFile, 'utf8')).pglite !== pgliteVersion()) return false;
	} catch {
		return false;
	}
	const partial = path.join(dataDir, '.template-copy');
	fs.rmSync(partial, { recursive: true, force: true });
	fs.cpSync(template, partial, { recursive: true, filter: (src) => path.basename(src) !== PGLITE_TEMPLATE_STAMP });
	const entries = fs.readdirSync(partial).sort((a, b) => Number(a === 'PG_VERSION') - Number(b === 'PG_VERSION'));
	for (const entry of entries) {
		fs.rmSync(path.join(dataDir, entry), { recursive: true, force: true });
		fs.renameSync(path.join(partial, entry), path.join(dataDir, entry));
	}
	fs.rmSync(partial, { recursive: true, force: true });
	return true;
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
	if (options.dataDir) {
		fs.mkdirSync(options.dataDir, { recursive: true });
		copyPgliteTemplate(options.dataDir);
	}
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
