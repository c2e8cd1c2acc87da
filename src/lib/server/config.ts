/**
 * Runtime configuration, read once from the environment. Documented in README.md (Configuration).
 * Deliberately `process.env` rather than `$env/*`: the same code runs in the server, in tests and in scripts.
 */
import path from 'node:path';

export interface Config {
	dataDir: string;
	databaseUrl: string | null;
	authSecret: string;
	/** Public origin when set, e.g. https://programm.example.org (links in feeds and mails). */
	publicOrigin: string | null;
	adminEmail: string | null;
	adminPassword: string | null;
	/** Load the demo programme into an empty database (default on). */
	loadDemo: boolean;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const dataDir = path.resolve(env.DATA_DIR || './data');
	return {
		dataDir,
		databaseUrl: env.DATABASE_URL?.trim() || null,
		authSecret: env.BETTER_AUTH_SECRET?.trim() || '',
		publicOrigin: env.PUBLIC_ORIGIN?.trim().replace(/\/$/, '') || null,
		adminEmail: env.ADMIN_EMAIL?.trim() || null,
		adminPassword: env.ADMIN_PASSWORD || null,
		loadDemo: env.LOAD_DEMO !== 'false'
	};
}
