/**
 * The mail outbox. `enqueueMail` writes a mail in the caller's transaction, so a mail exists exactly
 * when the change that causes it is committed. `deliverDueMail` sends what is due: through SMTP
 * when SMTP_URL is set, otherwise as .eml files under DATA_DIR/outbox (mail stays viewable in the
 * backoffice either way). Failures retry with growing pauses, then the mail is marked failed.
 *
 * No transaction is ever held across network I/O (on the embedded database every query would wait
 * behind it): due mails are claimed in one short transaction (a lease in `claimed_until`, rows
 * locked FOR UPDATE SKIP LOCKED), sent outside any transaction with bounded SMTP timeouts and a
 * bounded number in flight, and each outcome is recorded by one short update.
 */
import fs from 'node:fs';
import path from 'node:path';
import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import type { Db, Tx } from '../db/client.ts';
import { mailOutbox } from '../db/schema/registration.ts';
import { getBranding } from '../settings/branding.ts';
import type { BrandingSettings } from '../../settings/branding.ts';

export interface MailDraft {
	to: string;
	subject: string;
	text: string;
	ics?: string | null;
	template: string;
	language: string;
	registrationId?: number | null;
}

export async function enqueueMail(tx: Db | Tx, draft: MailDraft, now: Date) {
	await tx.insert(mailOutbox).values({ ...draft, ics: draft.ics ?? null, registrationId: draft.registrationId ?? null, nextAttemptAt: now, createdAt: now });
	// Usually committed by the time the kick runs; a caller that knows when it committed kicks again then.
	kickMailDelivery();
}

/**
 * Delivery soon after enqueueing, in this process, besides the maintenance job's run (jobs/queue.ts).
 * `kickMailDelivery()` schedules one run of the sender KICK_DELAY_MS later (kicks in between add
 * nothing, so a burst of registrations gets one run per delay, not one per mail); a kick during a run
 * asks for one more run after it. A run that stopped at an unusable SMTP server (or failed) pauses the
 * kicks for KICK_PAUSE_MS: the job's runs and the retry pauses take over. Several instances kick
 * independently; claims (FOR UPDATE SKIP LOCKED, a lease) keep them from sending a mail twice.
 */
const KICK_DELAY_MS = 500;
const KICK_PAUSE_MS = 60_000;
let sender: (() => Promise<{ halted: boolean }>) | null = null;
let kickTimer: ReturnType<typeof setTimeout> | null = null;
let kickRunning = false;
let kickAgain = false;
let kicksPausedUntil = 0;

/** Sets (or with null removes) what a kick runs: the app's `deliverDueMail` with its delivery. */
export function useMailSender(fn: (() => Promise<{ halted: boolean }>) | null): void {
	sender = fn;
	if (!fn && kickTimer) {
		clearTimeout(kickTimer);
		kickTimer = null;
	}
}

export function kickMailDelivery(): void {
	if (!sender || Date.now() < kicksPausedUntil) return;
	if (kickRunning) {
		kickAgain = true;
		return;
	}
	if (kickTimer) return;
	kickTimer = setTimeout(runKick, KICK_DELAY_MS);
	kickTimer.unref?.();
}

async function runKick(): Promise<void> {
	kickTimer = null;
	const run = sender;
	if (!run) return;
	kickRunning = true;
	try {
		if ((await run()).halted) kicksPausedUntil = Date.now() + KICK_PAUSE_MS;
	} catch (e) {
		kicksPausedUntil = Date.now() + KICK_PAUSE_MS;
		console.error('Mail delivery:', e);
	} finally {
		kickRunning = false;
		if (kickAgain) {
			kickAgain = false;
			kickMailDelivery();
		}
	}
}

/**
 * Every mail goes out ending with the provider's name and contact (settings: branding) under a
 * signature delimiter; nothing is added while no provider name is set. Added when sending (one read
 * per batch, not one per mail in a registration's transaction), so the current provider signs.
 */
export function withProviderFooter(text: string, b: BrandingSettings): string {
	if (!b.providerName) return text;
	const lines = [b.providerName, ...b.contactAddress.split(/\r?\n/), b.contactEmail, b.contactPhone, b.contactWeb].map((l) => l.trim()).filter(Boolean);
	return `${text.trimEnd()}\n\n-- \n${lines.join('\n')}\n`;
}

/** Pause before attempt n+1, in minutes: 1, 5, 30, 120, 360; after that the mail is failed. */
const BACKOFF_MINUTES = [1, 5, 30, 120, 360];

/**
 * How long a claim holds. Far longer than a batch can take (its mails in flight each end within the
 * SMTP timeouts), so a live worker never loses its claim; a worker that died mid-batch leaves its
 * mails to others after this.
 */
const LEASE_MINUTES = 15;
/** Mails claimed at once; they are sent `Delivery.concurrency` at a time. */
const BATCH_SIZE = 50;
/** A run stops claiming new batches after this, well inside the job's expiry (jobs/queue.ts). */
const RUN_BUDGET_MS = 60_000;

export interface Delivery {
	from: string;
	transport: Transporter;
	/** No SMTP: the transport only renders, the mail is written as .eml here and marked `stored`. */
	emlDir: string | null;
	/** Mails in flight at once (the SMTP pool's connections). */
	concurrency: number;
	/** Closes the SMTP connections (shutdown, tests). */
	close(): void;
}

export interface DeliveryOptions {
	smtpUrl: string | null;
	from: string;
	dataDir: string;
	/**
	 * Seconds to wait for the TCP connection and for the server's greeting; a silent socket is given
	 * up after twice this. Default 5. Query parameters in SMTP_URL (connectionTimeout=…) override.
	 */
	timeoutSeconds?: number;
	/** Mails in flight at once, default 5. */
	concurrency?: number;
}

/** SMTP when `smtpUrl` is set (a small connection pool); otherwise a transport that renders the raw message for an .eml file. */
export async function createDelivery(opts: DeliveryOptions): Promise<Delivery> {
	const { default: nodemailer } = await import('nodemailer');
	const concurrency = Math.max(1, opts.concurrency ?? 5);
	if (opts.smtpUrl) {
		const ms = (opts.timeoutSeconds ?? 5) * 1000;
		const options: SMTPPool.Options & { maxRequeues: number } = {
			url: opts.smtpUrl,
			pool: true,
			maxConnections: concurrency,
			// The outbox owns retries; the pool only retries once on a fresh connection (a stale idle one).
			maxRequeues: 1,
			connectionTimeout: ms,
			greetingTimeout: ms,
			socketTimeout: 2 * ms
		};
		const transport = nodemailer.createTransport(options);
		return { from: opts.from, transport, emlDir: null, concurrency, close: () => transport.close() };
	}
	const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
	return { from: opts.from, transport, emlDir: path.join(opts.dataDir, 'outbox'), concurrency, close: () => transport.close() };
}

/** The .eml file of a mail without SMTP: DATA_DIR/outbox/<id, six digits>.eml, e.g. 000042.eml. */
export function emlFileName(mailId: number): string {
	return `${String(mailId).padStart(6, '0')}.eml`;
}

type OutboxRow = typeof mailOutbox.$inferSelect;

/**
 * Errors that say the server (or the way to it) is unusable rather than that this one mail was
 * refused: the rest of the batch would fail the same way, so it is left for the next run.
 */
const CONNECTION_ERRORS = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EAUTH', 'ENOAUTH', 'EPROXY']);
function isConnectionFailure(e: unknown): boolean {
	const err = e as { code?: string; responseCode?: number } | null;
	return !!err && (CONNECTION_ERRORS.has(err.code ?? '') || err.responseCode === 421);
}

/** Claims up to `limit` due mails in one short transaction: a lease other workers respect. */
async function claimDueMail(db: Db, now: Date, lease: Date, limit: number): Promise<OutboxRow[]> {
	return db.transaction(async (tx) => {
		const due = await tx
			.select({ id: mailOutbox.id })
			.from(mailOutbox)
			.where(
				and(
					eq(mailOutbox.status, 'queued'),
					lte(mailOutbox.nextAttemptAt, now),
					or(isNull(mailOutbox.claimedUntil), lte(mailOutbox.claimedUntil, now))
				)
			)
			.orderBy(asc(mailOutbox.id))
			.limit(limit)
			.for('update', { skipLocked: true });
		if (!due.length) return [];
		const rows = await tx
			.update(mailOutbox)
			.set({ claimedUntil: lease })
			.where(inArray(mailOutbox.id, due.map((d) => d.id)))
			.returning();
		return rows.sort((a, b) => a.id - b.id);
	});
}

/** Sends one mail (no database access). Throws what the transport threw. */
async function sendMail(delivery: Delivery, mail: OutboxRow): Promise<void> {
	const info = await delivery.transport.sendMail({
		from: delivery.from,
		to: mail.to,
		subject: mail.subject,
		text: mail.text,
		headers: { 'X-Bildungsturbo-Mail': String(mail.id) },
		attachments: mail.ics ? [{ filename: 'termine.ics', content: mail.ics, contentType: 'text/calendar; charset=utf-8; method=PUBLISH' }] : []
	});
	if (delivery.emlDir) {
		const raw = (info as { message?: Buffer | string }).message;
		if (raw) {
			fs.mkdirSync(delivery.emlDir, { recursive: true, mode: 0o700 });
			// The copy holds the mail's secret links (sign-in, own page): for the operator's account only.
			fs.writeFileSync(path.join(delivery.emlDir, emlFileName(mail.id)), raw, { mode: 0o600 });
		}
	}
}

/**
 * Records the outcome of a claimed mail, only while our claim still holds (`claimed_until` is the
 * fencing token: a later claim always sets a later lease).
 */
async function recordOutcome(db: Db, delivery: Delivery, mail: OutboxRow, lease: Date, error: unknown, now: Date): Promise<void> {
	const attempts = mail.attempts + 1;
	const ours = and(eq(mailOutbox.id, mail.id), eq(mailOutbox.claimedUntil, lease));
	if (error === undefined) {
		await db
			.update(mailOutbox)
			.set({ status: delivery.emlDir ? 'stored' : 'sent', sentAt: now, attempts, lastError: null, claimedUntil: null })
			.where(ours);
		return;
	}
	const pause = BACKOFF_MINUTES[attempts - 1];
	await db
		.update(mailOutbox)
		.set({
			attempts,
			lastError: error instanceof Error ? error.message.slice(0, 500) : String(error),
			status: pause === undefined ? 'failed' : 'queued',
			nextAttemptAt: new Date(now.getTime() + (pause ?? 0) * 60_000),
			claimedUntil: null
		})
		.where(ours);
}

/**
 * Sends one claimed batch, `delivery.concurrency` at a time. Stops starting new mails when the
 * server proves unusable (see CONNECTION_ERRORS) and hands the unstarted ones back unchanged.
 */
async function sendBatch(db: Db, delivery: Delivery, batch: OutboxRow[], lease: Date, now: Date): Promise<{ sent: number; halted: boolean }> {
	const provider = (await getBranding(db)).settings;
	let next = 0;
	let sent = 0;
	let halted = false;
	const worker = async () => {
		while (!halted && next < batch.length) {
			const mail = batch[next++];
			let error: unknown = undefined;
			try {
				await sendMail(delivery, { ...mail, text: withProviderFooter(mail.text, provider) });
			} catch (e) {
				error = e ?? new Error('send failed');
				if (isConnectionFailure(e)) halted = true;
			}
			try {
				await recordOutcome(db, delivery, mail, lease, error, now);
			} catch (e) {
				// The database is gone: stop; claimed mails return to the queue when the lease ends.
				halted = true;
				throw e;
			}
			if (error === undefined) sent++;
		}
	};
	const results = await Promise.allSettled(Array.from({ length: Math.min(delivery.concurrency, batch.length) }, worker));
	const failed = results.find((r) => r.status === 'rejected');
	if (failed) throw failed.reason;
	const unstarted = batch.slice(next).map((mail) => mail.id);
	if (unstarted.length) {
		await db
			.update(mailOutbox)
			.set({ claimedUntil: null })
			.where(and(inArray(mailOutbox.id, unstarted), eq(mailOutbox.claimedUntil, lease)));
	}
	return { sent, halted };
}

/**
 * Sends up to `limit` due mails, in batches claimed with a lease and FOR UPDATE SKIP LOCKED, so
 * several workers (instances) never send the same mail at the same time. Returns how many were sent.
 *
 * Delivery is at least once: a crash after the SMTP server accepted a mail but before the outcome
 * was recorded sends that mail once more when its lease has run out. Nothing is lost: a mail leaves
 * the queue only through a recorded outcome.
 */
export async function deliverDueMail(db: Db, delivery: Delivery, now: Date, limit = 2000): Promise<number> {
	return (await deliverDue(db, delivery, now, limit)).sent;
}

/** deliverDueMail, also saying whether the run stopped at an unusable server (`halted`). */
export async function deliverDue(db: Db, delivery: Delivery, now: Date, limit = 2000): Promise<{ sent: number; halted: boolean }> {
	const started = performance.now();
	const lease = new Date(now.getTime() + LEASE_MINUTES * 60_000);
	let sent = 0;
	let left = limit;
	while (left > 0 && performance.now() - started < RUN_BUDGET_MS) {
		const batch = await claimDueMail(db, now, lease, Math.min(BATCH_SIZE, left));
		if (!batch.length) break;
		left -= batch.length;
		const result = await sendBatch(db, delivery, batch, lease, now);
		sent += result.sent;
		if (result.halted) return { sent, halted: true };
	}
	return { sent, halted: false };
}

export async function listOutbox(db: Db, page: number, pageSize = 50) {
	const rows = await db
		.select()
		.from(mailOutbox)
		.orderBy(sql`${mailOutbox.id} desc`)
		.limit(pageSize)
		.offset((Math.max(1, page) - 1) * pageSize);
	const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(mailOutbox);
	return { rows, total, page, pages: Math.max(1, Math.ceil(total / pageSize)) };
}

/**
 * Deletes the mail sent to `email` outside any registration (sign-in links, invitations): for an
 * account that is deleted. Mail about registrations goes with their anonymisation
 * (registration/privacy.ts). The .eml copies follow with `removeOrphanMailFiles`.
 */
export async function deleteMailTo(tx: Db | Tx, email: string): Promise<void> {
	await tx.delete(mailOutbox).where(and(eq(mailOutbox.to, email.trim().toLowerCase()), isNull(mailOutbox.registrationId)));
}

/** A sign-in link is valid for a day; its mail is kept this long for questions, then deleted. */
export const SIGN_IN_MAIL_KEEP_DAYS = 7;

export async function purgeSignInMails(db: Db, now: Date): Promise<void> {
	// Invitation mails carry a sign-in link too.
	await db
		.delete(mailOutbox)
		.where(and(inArray(mailOutbox.template, ['signin', 'invitation']), lt(mailOutbox.createdAt, new Date(now.getTime() - SIGN_IN_MAIL_KEEP_DAYS * 86_400_000))));
}

/**
 * Deletes every .eml file in `emlDir` whose mail no longer exists (deleted with a person's data,
 * or purged), so that no copy outlives its row. Run by the maintenance job; returns how many.
 */
export async function removeOrphanMailFiles(db: Db, emlDir: string): Promise<number> {
	let names: string[];
	try {
		names = fs.readdirSync(emlDir).filter((n) => /^\d+\.eml$/.test(n));
	} catch {
		return 0;
	}
	let removed = 0;
	for (let i = 0; i < names.length; i += 500) {
		const chunk = names.slice(i, i + 500);
		const ids = chunk.map((n) => Number.parseInt(n, 10));
		const kept = new Set((await db.select({ id: mailOutbox.id }).from(mailOutbox).where(inArray(mailOutbox.id, ids))).map((r) => r.id));
		for (const name of chunk) {
			if (kept.has(Number.parseInt(name, 10))) continue;
			fs.rmSync(path.join(emlDir, name), { force: true });
			removed++;
		}
	}
	return removed;
}
