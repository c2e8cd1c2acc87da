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
import { loadAssessmentDemo } from './assessment/demo.ts';
import { loadHandbookDemo } from './handbook/demo.ts';
import { loadDemoBranding } from './settings/branding.ts';
import { createDelivery, deliverDue, deliverDueMail, purgeSignInMails, removeOrphanMailFiles, useMailSender } from './mail/outbox.ts';
import { purgeSignInData } from './auth/retention.ts';
import { useKeyedHashSecret } from './auth/keyed-hash.ts';
import { expireUnconfirmed, type Env } from './registration/commands.ts';
import { sendDueReminders } from './registration/reminders.ts';
import { announceChanges } from './registration/change-notices.ts';
import { anonymiseExpired } from './registration/privacy.ts';
import { purgeExpiredLinks } from './registration/links.ts';
import { startJobs } from './jobs/queue.ts';
import { deliverDueWebhooks, purgeWebhookLog } from './webhooks/delivery.ts';
import { purgeTokenUses } from './api/token-use.ts';
import { purgeExports } from './jobs/exports.ts';
import './jobs/export-kinds.ts';
import { expireOffers } from './consultation/waitlist.ts';
import { anonymiseConsultations } from './consultation/privacy.ts';
import { sendConsultationReminders } from './consultation/mails.ts';
import { enqueueSignInMail } from './organisations/members.ts';
import { closeExpiredInvitations, enqueueInvitationMail } from './organisations/invitations.ts';
import { enqueueTeamInvitationMail } from './team/invitations.ts';
import { getLocale } from '../paraglide/runtime.js';

/** The request's language when there is one (sign-in mails), else German. */
function currentLocale(): string {
	try {
		return getLocale();
	} catch {
		return 'de';
	}
}

export interface App {
	config: Config;
	database: Database;
	auth: Auth;
	/** Signs participant links; the same secret as the sessions. */
	secret: string;
}

let current: App | null = null;

/** The application; throws if called before `startApp` (a bug, not a user error). */
export function app(): App {
	if (!current) throw new Error('Application not started');
	return current;
}

/**
 * The registration services' environment, for requests and background work alike: `origin` for
 * links in mails is the configured public origin, never a request's host.
 */
export function registrationEnv(now = new Date()): Env {
	const { config, database, secret } = app();
	return { db: database.db, now, origin: config.publicOrigin, secret, holdHours: config.registrationHoldHours };
}

/**
 * The background work behind the job queue (src/lib/server/jobs/queue.ts): lapse unconfirmed
 * registrations (freeing places), enqueue due reminders, expire consultation waitlist offers and send
 * consultation reminders, deliver due mail and webhooks, and, at most hourly,
 * anonymise participants of projects past their retention period and delete expired participant links.
 */
function maintenance(current: App): () => Promise<void> {
	const deliveryPromise = createDelivery({ smtpUrl: current.config.smtpUrl, from: current.config.mailFrom, dataDir: current.config.dataDir });
	// A committed mail is sent within a second, not at the next run (mail/outbox.ts, kickMailDelivery).
	useMailSender(async () => deliverDue(current.database.db, await deliveryPromise, new Date()));
	let lastRetention = 0;
	return async () => {
		const now = new Date();
		const env = registrationEnv(now);
		await expireUnconfirmed(env);
		await sendDueReminders(env);
		await announceChanges(env);
		// Consultations: waitlist offers whose time ran out go to the next association; reminders a day and an hour before.
		const consultation = { db: env.db, now, origin: env.origin };
		await expireOffers(consultation);
		await sendConsultationReminders(consultation);
		const delivery = await deliveryPromise;
		await deliverDueMail(current.database.db, delivery, now);
		// Webhooks (webhooks/delivery.ts): due deliveries and retries, signed, with a timeout each.
		await deliverDueWebhooks(current.database.db, { origin: current.config.publicOrigin, now });
		// .eml copies of mail that was deleted (with a person's data) or purged go at once.
		if (delivery.emlDir) await removeOrphanMailFiles(current.database.db, delivery.emlDir);
		// Export files past their retention period, exports left running by a stopped instance, lost sends.
		await purgeExports(current.database.db, now);
		if (now.getTime() - lastRetention > 3_600_000) {
			lastRetention = now.getTime();
			const removed = await anonymiseExpired(current.database.db, current.config.anonymiseAfterDays, now);
			if (removed) console.log(`Personal data of ${removed} registrations anonymised (retention period over).`);
			const advised = await anonymiseConsultations(current.database.db, current.config.anonymiseAfterDays, now);
			if (advised) console.log(`Attendee data of ${advised} consultation bookings anonymised (retention period over).`);
			await purgeSignInData(current.database.db, now);
			await purgeSignInMails(current.database.db, now);
			await closeExpiredInvitations(current.database.db, now);
			await purgeExpiredLinks(current.database.db, now);
			await purgeWebhookLog(current.database.db, now);
			await purgeTokenUses(current.database.db, now);
		}
	};
}

/** The auth secret: BETTER_AUTH_SECRET, else one generated once and kept in DATA_DIR. */
function authSecret(config: Config): string {
	if (config.authSecret) return config.authSecret;
	const file = path.join(config.dataDir, 'auth-secret');
	fs.mkdirSync(config.dataDir, { recursive: true });
	if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
	return fs.readFileSync(file, 'utf8').trim();
}

/**
 * STARTUP_TIMINGS=1 prints how long each start-up step took, wall clock and CPU time of the process
 * (all threads; on a busy machine the CPU time is the steadier figure).
 */
function stepTimer() {
	const on = process.env.STARTUP_TIMINGS === '1';
	let last = 0; // the process's start: the first step is loading the modules
	let lastCpu = 0;
	const steps: string[] = [];
	const cpu = () => {
		const u = process.cpuUsage();
		return (u.user + u.system) / 1000;
	};
	return {
		step(name: string) {
			const at = performance.now();
			const used = cpu();
			steps.push(`${name} ${Math.round(at - last)} ms (CPU ${Math.round(used - lastCpu)} ms)`);
			last = at;
			lastCpu = used;
		},
		print() {
			if (on) console.log(`Start-up steps: ${steps.join(', ')}; ${Math.round(performance.now())} ms since the process started`);
		}
	};
}

export async function startApp(now = new Date()): Promise<App> {
	if (current) return current;
	const timer = stepTimer();
	timer.step('process and modules');
	const config = readConfig();
	const database = await openDatabase(
		config.databaseUrl ? { url: config.databaseUrl } : { dataDir: path.join(config.dataDir, 'pglite') }
	);
	timer.step('database');
	const secret = authSecret(config);
	useKeyedHashSecret(secret);
	const auth = createAuth(database.db, {
		secret,
		publicOrigin: config.publicOrigin,
		sendSignInLink: async (mail) => {
			// A link to an address with an invitation not yet mailed goes out as that invitation.
			if (await enqueueInvitationMail(database.db, mail, new Date())) return;
			await enqueueSignInMail(database.db, mail, mail.locale ?? currentLocale(), new Date());
		},
		// A password link goes out only as a team invitation (team/invitations.ts).
		sendPasswordLink: async (mail) => {
			await enqueueTeamInvitationMail(database.db, config.publicOrigin, mail, new Date());
		}
	});
	timer.step('auth');
	if (config.loadDemo && (await loadDemoProgramme(database.db, now))) {
		console.log('Demo-Programm geladen (Digit-Ready I und II).');
	}
	if (config.loadDemo && (await loadAssessmentDemo(database.db, now))) {
		console.log('Demo-Vereine geladen (fünf fiktive Vereine mit zwei Runden Digital-Check).');
	}
	if (config.loadDemo && (await loadHandbookDemo(database.db, now))) {
		console.log('Demo-Transferhandbuch geladen (Digit-Ready II, veröffentlicht).');
	}
	if (config.loadDemo && (await loadDemoBranding(database.db, now))) {
		console.log('Demo-Träger eingetragen (fiktiver Name und Logo; änderbar unter /admin/einstellungen).');
	}
	timer.step('demo');
	const admin = await ensureFirstAdmin(database.db, auth, {
		email: config.adminEmail,
		password: config.adminPassword,
		now
	});
	if (admin) {
		// The log never carries a person's address: one from ADMIN_EMAIL is named by its variable.
		const who = config.adminEmail ? 'ADMIN_EMAIL' : admin.email;
		console.log(`Admin-Zugang: ${who}` + (admin.generated ? ` / Passwort: ${admin.password} (nur einmal angezeigt)` : ' (Passwort aus ADMIN_PASSWORD)'));
	}
	timer.step('admin');
	current = { config, database, auth, secret };
	const jobs = await startJobs(database, { intervalSeconds: config.workerIntervalSeconds, maintenance: maintenance(current) });
	timer.step('jobs');
	timer.print();
	process.once('sveltekit:shutdown', () => {
		useMailSender(null);
		void jobs.stop().finally(() => database.close());
	});
	return current;
}
