/**
 * The running application: one database and one auth instance per process, opened by the server's
 * `init` hook (src/hooks.server.ts) before the first request, closed on shutdown.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { readConfig, type Config } from './config.ts';
import { openDatabase, type Database } from './db/client.ts';
import { createAuth, type Auth } from './auth/auth.ts';
import { ensureFirstAdmin } from './auth/staff.ts';
import { loadDemoProgramme } from './programme/demo.ts';

export interface App {
	config: Config;
	database: Database;
	auth: Auth;
}

let current: App | null = null;

/** The application; throws if called before `startApp` (a bug, not a user error). */
export function app(): App {
	if (!current) throw new Error('Application not started');
	return current;
}

/** The auth secret: BETTER_AUTH_SECRET, else one generated once and kept in DATA_DIR. */
function authSecret(config: Config): string {
	if (config.authSecret) return config.authSecret;
	const file = path.join(config.dataDir, 'auth-secret');
	fs.mkdirSync(config.dataDir, { recursive: true });
	if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
	return fs.readFileSync(file, 'utf8').trim();
}

export async function startApp(now = new Date()): Promise<App> {
	if (current) return current;
	const config = readConfig();
	const database = await openDatabase(
		config.databaseUrl ? { url: config.databaseUrl } : { dataDir: path.join(config.dataDir, 'pglite') }
	);
	const auth = createAuth(database.db, { secret: authSecret(config), publicOrigin: config.publicOrigin });
	if (config.loadDemo && (await loadDemoProgramme(database.db, now))) {
		console.log('Demo-Programm geladen (Digit-Ready I und II).');
	}
	const admin = await ensureFirstAdmin(database.db, auth, {
		email: config.adminEmail,
		password: config.adminPassword,
		now
	});
	if (admin) {
		console.log(`Admin-Zugang: ${admin.email}` + (admin.generated ? ` / Passwort: ${admin.password} (nur einmal angezeigt)` : ' (Passwort aus ADMIN_PASSWORD)'));
	}
	current = { config, database, auth };
	process.once('sveltekit:shutdown', () => void database.close());
	return current;
}
