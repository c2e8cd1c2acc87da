import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net, { type AddressInfo } from 'node:net';
import { eq, inArray } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { mailOutbox } from '../db/schema/registration.ts';
import { createDelivery, deliverDue, deliverDueMail, enqueueMail, kickMailDelivery, useMailSender } from './outbox.ts';

const NOW = new Date('2027-02-01T09:00:00Z');
let database: Database;
let smtp: SMTPServer;
let port = 0;
const received: ParsedMail[] = [];
let refuse = false;

beforeAll(async () => {
	database = await openTestDatabase();
	smtp = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		onData(stream, _session, callback) {
			if (refuse) {
				stream.resume();
				stream.on('end', () => callback(new Error('451 try later')));
				return;
			}
			simpleParser(stream).then((mail) => {
				received.push(mail);
				callback();
			}, callback);
		}
	});
	await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
	port = (smtp.server.address() as AddressInfo).port;
});
afterAll(async () => {
	await new Promise<void>((resolve) => smtp.close(() => resolve()));
	await database?.close();
});

const ics = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nEND:VCALENDAR\r\n';

describe('mail outbox', () => {
	it('delivers through a real SMTP server with the calendar attached', async () => {
		await enqueueMail(database.db, { to: 'ayse@example.org', subject: 'Anmeldung bestätigt: „Workshop“', text: 'Hallo Ayşe,\n\nTermine …', ics, template: 'confirmed', language: 'de' }, NOW);
		const delivery = await createDelivery({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'Bildungsturbo <noreply@example.org>', dataDir: os.tmpdir() });
		expect(await deliverDueMail(database.db, delivery, NOW)).toBe(1);
		const mail = received.at(-1)!;
		expect(mail.subject).toBe('Anmeldung bestätigt: „Workshop“');
		expect(mail.text).toContain('Hallo Ayşe,');
		expect(mail.attachments[0].contentType).toBe('text/calendar');
		expect(mail.attachments[0].content.toString()).toContain('BEGIN:VCALENDAR');
		const [row] = await database.db.select().from(mailOutbox);
		expect(row.status).toBe('sent');
		// Nothing is sent twice.
		expect(await deliverDueMail(database.db, delivery, NOW)).toBe(0);
		delivery.close();
	});

	it('retries a refused mail with growing pauses, then marks it failed; nothing is lost', async () => {
		refuse = true;
		await enqueueMail(database.db, { to: 'b@example.org', subject: 'Warteliste', text: '…', template: 'waitlisted', language: 'de' }, NOW);
		const delivery = await createDelivery({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'noreply@example.org', dataDir: os.tmpdir() });
		let now = NOW;
		const pauses: number[] = [];
		for (let attempt = 0; attempt < 6; attempt++) {
			await deliverDueMail(database.db, delivery, now);
			const [row] = await database.db.select().from(mailOutbox).where(eq(mailOutbox.to, 'b@example.org'));
			pauses.push(Math.round((row.nextAttemptAt.getTime() - now.getTime()) / 60_000));
			now = row.nextAttemptAt;
		}
		const [row] = await database.db.select().from(mailOutbox).where(eq(mailOutbox.to, 'b@example.org'));
		expect(pauses.slice(0, 5)).toEqual([1, 5, 30, 120, 360]);
		expect(row.status).toBe('failed');
		expect(row.lastError).toContain('451');
		refuse = false;
		delivery.close();
	});

	it('without SMTP writes an .eml file and keeps the mail viewable', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-eml-'));
		await enqueueMail(database.db, { to: 'c@example.org', subject: 'Bitte bestätigen', text: 'Link: http://x/anmeldung/bestaetigen/abc', template: 'confirm', language: 'de' }, NOW);
		const delivery = await createDelivery({ smtpUrl: null, from: 'noreply@example.org', dataDir: dir });
		expect(await deliverDueMail(database.db, delivery, NOW)).toBe(1);
		const files = fs.readdirSync(path.join(dir, 'outbox'));
		expect(files).toHaveLength(1);
		const parsed = await simpleParser(fs.readFileSync(path.join(dir, 'outbox', files[0])));
		expect(parsed.subject).toBe('Bitte bestätigen');
		expect(parsed.text).toContain('/anmeldung/bestaetigen/abc');
		const [row] = await database.db.select().from(mailOutbox).where(eq(mailOutbox.to, 'c@example.org'));
		expect(row.status).toBe('stored');
	});

	it('a hanging SMTP server never blocks the database: delivery gives up within its timeouts, the mail stays queued', async () => {
		let connected!: () => void;
		const seen = new Promise<void>((resolve) => (connected = resolve));
		// Accepts the connection and never greets (onConnect never calls back).
		const hanging = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], onConnect: () => connected() });
		await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', () => resolve()));
		try {
			const hangingPort = (hanging.server.address() as AddressInfo).port;
			await enqueueMail(database.db, { to: 'h@example.org', subject: 'Bitte bestätigen', text: '…', template: 'confirm', language: 'de' }, NOW);
			const delivery = await createDelivery({
				smtpUrl: `smtp://127.0.0.1:${hangingPort}`,
				from: 'noreply@example.org',
				dataDir: os.tmpdir(),
				timeoutSeconds: 2
			});
			const started = performance.now();
			const delivering = deliverDueMail(database.db, delivery, NOW);
			await seen;
			// While the mail waits for a greeting, the same (single-connection PGlite) database answers at once.
			const asked = performance.now();
			const [waiting] = await database.db.select().from(mailOutbox).where(eq(mailOutbox.to, 'h@example.org'));
			expect(performance.now() - asked).toBeLessThan(1_000);
			expect(waiting.status).toBe('queued');
			expect(await delivering).toBe(0);
			expect(performance.now() - started).toBeLessThan(6_000);
			const [row] = await database.db.select().from(mailOutbox).where(eq(mailOutbox.to, 'h@example.org'));
			expect(row.status).toBe('queued');
			expect(row.attempts).toBe(1);
			expect(row.lastError).toMatch(/greeting|timeout/i);
			expect(row.nextAttemptAt).toEqual(new Date(NOW.getTime() + 60_000));
			expect(row.claimedUntil).toBeNull();
			delivery.close();
		} finally {
			await new Promise<void>((resolve) => hanging.close(() => resolve()));
		}
	});

	it('SMTP down: one run stops at the first connection failure, the rest waits untouched; later each mail leaves exactly once', async () => {
		const ids = await enqueueMany(30, 'down');
		const closed = await freePort();
		const down = await createDelivery({ smtpUrl: `smtp://127.0.0.1:${closed}`, from: 'noreply@example.org', dataDir: os.tmpdir(), concurrency: 5 });
		expect(await deliverDueMail(database.db, down, NOW)).toBe(0);
		down.close();
		const rows = await database.db.select().from(mailOutbox).where(inArray(mailOutbox.id, ids));
		expect(rows.every((r) => r.status === 'queued' && r.claimedUntil === null)).toBe(true);
		const tried = rows.filter((r) => r.attempts === 1);
		expect(tried.length).toBeGreaterThan(0);
		expect(tried.length).toBeLessThanOrEqual(5);
		expect(rows.filter((r) => r.attempts === 0)).toHaveLength(30 - tried.length);

		// The server is back: two workers at once (two instances), after the retry pause.
		const counter = await countingSmtp();
		const later = new Date(NOW.getTime() + 60_000);
		const a = await createDelivery({ smtpUrl: `smtp://127.0.0.1:${counter.port}`, from: 'noreply@example.org', dataDir: os.tmpdir() });
		const b = await createDelivery({ smtpUrl: `smtp://127.0.0.1:${counter.port}`, from: 'noreply@example.org', dataDir: os.tmpdir() });
		const [sentA, sentB] = await Promise.all([deliverDueMail(database.db, a, later), deliverDueMail(database.db, b, later)]);
		a.close();
		b.close();
		await counter.close();
		const mine = counter.ids.filter((id) => ids.includes(id));
		expect(mine.sort((x, y) => x - y)).toEqual(ids);
		expect(sentA + sentB).toBe(counter.ids.length);
		const after = await database.db.select().from(mailOutbox).where(inArray(mailOutbox.id, ids));
		expect(after.every((r) => r.status === 'sent' && r.claimedUntil === null)).toBe(true);
	});

	it('a mail claimed by a worker that died is left alone until its lease ends, then sent by another', async () => {
		const [id] = await enqueueMany(1, 'lease');
		await database.db.update(mailOutbox).set({ claimedUntil: new Date(NOW.getTime() + 15 * 60_000) }).where(eq(mailOutbox.id, id));
		const counter = await countingSmtp();
		const delivery = await createDelivery({ smtpUrl: `smtp://127.0.0.1:${counter.port}`, from: 'noreply@example.org', dataDir: os.tmpdir() });
		expect(await deliverDueMail(database.db, delivery, NOW)).toBe(0);
		expect(await deliverDueMail(database.db, delivery, new Date(NOW.getTime() + 15 * 60_000))).toBe(1);
		delivery.close();
		await counter.close();
		expect(counter.ids).toEqual([id]);
		const [row] = await database.db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
		expect(row).toMatchObject({ status: 'sent', attempts: 1, claimedUntil: null });
	});

	it('one run sends 1,000 mails, a bounded number at a time', async () => {
		const ids = await enqueueMany(1000, 'bulk');
		const counter = await countingSmtp();
		const delivery = await createDelivery({ smtpUrl: `smtp://127.0.0.1:${counter.port}`, from: 'noreply@example.org', dataDir: os.tmpdir() });
		const started = performance.now();
		expect(await deliverDueMail(database.db, delivery, NOW)).toBe(1000);
		const seconds = (performance.now() - started) / 1000;
		delivery.close();
		await counter.close();
		console.log(`1,000 mails over SMTP in ${seconds.toFixed(1)} s, at most ${counter.maxOpen} connections`);
		expect(counter.ids.sort((x, y) => x - y)).toEqual(ids);
		// Before: 20 mails per run. The time is logged, not asserted (the test machine's load varies);
		// a run also stops claiming after its budget, so a very slow run would fail the count above.
		expect(counter.maxOpen).toBeLessThanOrEqual(5);
	});

	it('a committed mail leaves soon after its enqueue, without the job: one run per burst of kicks, kicks paused after the server failed', async () => {
		const delivery = await createDelivery({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'noreply@example.org', dataDir: os.tmpdir() });
		const until = async (done: () => boolean) => {
			for (let i = 0; i < 100 && !done(); i++) await new Promise((r) => setTimeout(r, 100));
		};
		let runs = 0;
		useMailSender(async () => {
			runs++;
			return deliverDue(database.db, delivery, new Date());
		});
		try {
			await database.db.delete(mailOutbox);
			received.length = 0;
			for (let i = 0; i < 5; i++) await enqueueMail(database.db, { to: `kick-${i}@example.org`, subject: 'Kick', text: 'Hallo', template: 'confirm', language: 'de' }, new Date());
			await until(() => received.length === 5);
			expect(received.map((m) => m.subject)).toEqual(['Kick', 'Kick', 'Kick', 'Kick', 'Kick']);
			expect(runs).toBe(1);
			await until(() => runs === 1 && received.length === 5);
			expect((await database.db.select({ status: mailOutbox.status }).from(mailOutbox)).map((m) => m.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);

			// A run that stops at an unusable server pauses the kicks: the job and the retry pauses take over.
			useMailSender(async () => {
				runs++;
				return { sent: 0, halted: true };
			});
			kickMailDelivery();
			await until(() => runs === 2);
			expect(runs).toBe(2);
			kickMailDelivery();
			await new Promise((r) => setTimeout(r, 1500));
			expect(runs).toBe(2);
		} finally {
			useMailSender(null);
			delivery.close();
		}
	});
});

async function enqueueMany(n: number, tag: string): Promise<number[]> {
	const rows = await database.db
		.insert(mailOutbox)
		.values(Array.from({ length: n }, (_, i) => ({ to: `${tag}${i}@example.org`, subject: 'Anmeldung bestätigt', text: '…', template: 'confirmed', language: 'de', nextAttemptAt: NOW, createdAt: NOW })))
		.returning({ id: mailOutbox.id });
	return rows.map((r) => r.id).sort((x, y) => x - y);
}

async function freePort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

/** An SMTP server that only notes each mail's outbox id and how many connections were open at once. */
async function countingSmtp() {
	const ids: number[] = [];
	let open = 0;
	let maxOpen = 0;
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		onConnect(_session, callback) {
			maxOpen = Math.max(maxOpen, ++open);
			callback();
		},
		onClose() {
			open--;
		},
		onData(stream, _session, callback) {
			let raw = '';
			stream.on('data', (chunk: Buffer) => (raw += chunk.toString()));
			stream.on('end', () => {
				const id = /X-Bildungsturbo-Mail: (\d+)/i.exec(raw)?.[1];
				if (id) ids.push(Number(id));
				callback();
			});
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	return {
		port: (server.server.address() as AddressInfo).port,
		ids,
		get maxOpen() {
			return maxOpen;
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}
