/**
 * The mail outbox. `enqueueMail` writes a mail in the caller's transaction, so a mail exists exactly
 * when the change that causes it is committed. `deliverDueMail` sends what is due: through SMTP
 * when SMTP_URL is set, otherwise as .eml files under DATA_DIR/outbox (mail stays viewable in the
 * backoffice either way). Failures retry with growing pauses, then the mail is marked failed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Transporter } from 'nodemailer';
import type { Db, Tx } from '../db/client.ts';
import { mailOutbox } from '../db/schema/registration.ts';

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
}

/** Pause before attempt n+1, in minutes: 1, 5, 30, 120, 360; after that the mail is failed. */
const BACKOFF_MINUTES = [1, 5, 30, 120, 360];

export interface Delivery {
	from: string;
	transport: Transporter;
	/** No SMTP: the transport only renders, the mail is written as .eml here and marked `stored`. */
	emlDir: string | null;
}

/** SMTP when `smtpUrl` is set; otherwise a transport that renders the raw message for an .eml file. */
export async function createDelivery(opts: { smtpUrl: string | null; from: string; dataDir: string }): Promise<Delivery> {
	const { default: nodemailer } = await import('nodemailer');
	if (opts.smtpUrl) return { from: opts.from, transport: nodemailer.createTransport(opts.smtpUrl), emlDir: null };
	return {
		from: opts.from,
		transport: nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' }),
		emlDir: path.join(opts.dataDir, 'outbox')
	};
}

/**
 * Sends up to `limit` due mails. Rows are claimed with FOR UPDATE SKIP LOCKED, so several workers
 * (instances) never send the same mail twice. Returns how many were sent.
 */
export async function deliverDueMail(db: Db, delivery: Delivery, now: Date, limit = 20): Promise<number> {
	let sent = 0;
	for (let i = 0; i < limit; i++) {
		const done = await db.transaction(async (tx) => {
			const [mail] = await tx
				.select()
				.from(mailOutbox)
				.where(and(eq(mailOutbox.status, 'queued'), lte(mailOutbox.nextAttemptAt, now)))
				.orderBy(asc(mailOutbox.id))
				.limit(1)
				.for('update', { skipLocked: true });
			if (!mail) return null;
			const message = {
				from: delivery.from,
				to: mail.to,
				subject: mail.subject,
				text: mail.text,
				headers: { 'X-Bildungsturbo-Mail': String(mail.id) },
				attachments: mail.ics
					? [{ filename: 'termine.ics', content: mail.ics, contentType: 'text/calendar; charset=utf-8; method=PUBLISH' }]
					: []
			};
			try {
				const info = await delivery.transport.sendMail(message);
				if (delivery.emlDir) {
					fs.mkdirSync(delivery.emlDir, { recursive: true });
					const raw = (info as { message?: Buffer | string }).message;
					if (raw) fs.writeFileSync(path.join(delivery.emlDir, `${String(mail.id).padStart(6, '0')}.eml`), raw);
				}
				const status = delivery.emlDir ? 'stored' : 'sent';
				await tx.update(mailOutbox).set({ status, sentAt: now, attempts: mail.attempts + 1, lastError: null }).where(eq(mailOutbox.id, mail.id));
				return true;
			} catch (e) {
				const attempts = mail.attempts + 1;
				const pause = BACKOFF_MINUTES[attempts - 1];
				await tx
					.update(mailOutbox)
					.set({
						attempts,
						lastError: e instanceof Error ? e.message.slice(0, 500) : String(e),
						status: pause === undefined ? 'failed' : 'queued',
						nextAttemptAt: new Date(now.getTime() + (pause ?? 0) * 60_000)
					})
					.where(eq(mailOutbox.id, mail.id));
				return false;
			}
		});
		if (done === null) break;
		if (done) sent++;
	}
	return sent;
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
