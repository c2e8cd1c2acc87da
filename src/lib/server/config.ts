/**
 * Runtime configuration, read once from the environment. Documented in README.md (Configuration).
 * Deliberately `process.env` rather than `$env/*`: the same code runs in the server, in tests and in scripts.
 */
import path from 'node:path';
import { resolveOrigin } from './http/origin.js';

export interface Config {
	dataDir: string;
	databaseUrl: string | null;
	authSecret: string;
	/**
	 * The one public origin for every link in mails, feeds and files: PUBLIC_ORIGIN, else the local
	 * address the start-up prints (http://localhost:PORT, or HOST). Never taken from a request.
	 */
	publicOrigin: string;
	/** PUBLIC_ORIGIN was set (otherwise the start-up warns that links use the local address). */
	publicOriginConfigured: boolean;
	/** Host names requests may be for (the public origin's, ALLOWED_HOSTS; locally localhost …). */
	allowedHostnames: string[];
	/** TRUST_PROXY: reverse proxies in front (0 = none; the client is the connection's address). */
	trustProxyHops: number;
	adminEmail: string | null;
	adminPassword: string | null;
	/** Load the demo programme into an empty database (default on). */
	loadDemo: boolean;
	/** smtp(s)://user:pass@host:port; without it mail is stored as .eml under DATA_DIR/outbox. */
	smtpUrl: string | null;
	mailFrom: string;
	/** Hours an unconfirmed registration keeps its place (capped at its first session's start). */
	registrationHoldHours: number;
	/** Seconds between runs of the background work (mail delivery, lapsing registrations). */
	workerIntervalSeconds: number;
	/** Share of their sessions (0–1) a participant must attend for a certificate. */
	certificateMinShare: number;
	/** Days after a project's end when participants' personal data is anonymised. */
	anonymiseAfterDays: number;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const dataDir = path.resolve(env.DATA_DIR || './data');
	const origin = resolveOrigin(env);
	return {
		dataDir,
		databaseUrl: env.DATABASE_URL?.trim() || null,
		authSecret: env.BETTER_AUTH_SECRET?.trim() || '',
		publicOrigin: origin.publicOrigin,
		publicOriginConfigured: origin.configured,
		allowedHostnames: origin.hostnames,
		trustProxyHops: origin.proxyHops,
		adminEmail: env.ADMIN_EMAIL?.trim() || null,
		adminPassword: env.ADMIN_PASSWORD || null,
		loadDemo: env.LOAD_DEMO !== 'false',
		smtpUrl: env.SMTP_URL?.trim() || null,
		mailFrom: env.MAIL_FROM?.trim() || 'Bildungsturbo <noreply@bildungsturbo.local>',
		registrationHoldHours: Number(env.REGISTRATION_HOLD_HOURS) > 0 ? Number(env.REGISTRATION_HOLD_HOURS) : 2,
		workerIntervalSeconds: Number(env.WORKER_INTERVAL_SECONDS) > 0 ? Number(env.WORKER_INTERVAL_SECONDS) : 15,
		certificateMinShare: Number(env.CERTIFICATE_MIN_SHARE) > 0 && Number(env.CERTIFICATE_MIN_SHARE) <= 1 ? Number(env.CERTIFICATE_MIN_SHARE) : 0.75,
		anonymiseAfterDays: Number(env.ANONYMISE_AFTER_DAYS) >= 0 && env.ANONYMISE_AFTER_DAYS?.trim() ? Number(env.ANONYMISE_AFTER_DAYS) : 180
	};
}
