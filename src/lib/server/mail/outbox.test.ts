import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { mailOutbox } from '../db/schema/registration.ts';
import { createDelivery, deliverDueMail, enqueueMail } from './outbox.ts';

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
});
