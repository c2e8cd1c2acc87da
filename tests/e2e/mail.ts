/**
 * Mail as the recipient gets it: the .eml copies the app writes when no SMTP is configured
 * (DATA_DIR/outbox). The backoffice outbox masks secret links (sign-in, own page, confirmation),
 * so tests that follow such a link take it from here. No browser: usable by every test file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { simpleParser } from 'mailparser';

/**
 * Links in the mails to `to`, oldest first, that match `pattern`; waits (about 15 s) until there is
 * one. `dataDir`: the app's DATA_DIR, by default the shared test server's.
 */
export async function mailLinks(to: string, pattern: RegExp | string, dataDir = inject('dataDir')): Promise<string[]> {
	const dir = path.join(dataDir, 'outbox');
	const matches = (link: string) => (typeof pattern === 'string' ? link.includes(pattern) : pattern.test(link));
	for (let attempt = 0; attempt < 60; attempt++) {
		const links: string[] = [];
		for (const file of fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []) {
			const mail = await simpleParser(fs.readFileSync(path.join(dir, file)));
			const recipients = [mail.to].flat().flatMap((a) => a?.value ?? []).map((a) => a.address?.toLowerCase());
			if (recipients.includes(to.toLowerCase())) links.push(...(mail.text?.match(/https?:\/\/[^\s"<>]+/g) ?? []).filter(matches));
		}
		if (links.length) return links;
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`no mail to ${to} with a link matching ${pattern}`);
}

/** Subjects and texts of the mails to `to`, oldest first, once one matches `subject` (waits about 15 s). */
export async function mailsTo(to: string, subject: RegExp, dataDir = inject('dataDir')): Promise<{ subject: string; text: string; ics: string | null }[]> {
	const dir = path.join(dataDir, 'outbox');
	for (let attempt = 0; attempt < 60; attempt++) {
		const mails: { subject: string; text: string; ics: string | null }[] = [];
		for (const file of fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []) {
			const mail = await simpleParser(fs.readFileSync(path.join(dir, file)));
			const recipients = [mail.to].flat().flatMap((a) => a?.value ?? []).map((a) => a.address?.toLowerCase());
			if (!recipients.includes(to.toLowerCase())) continue;
			const ics = mail.attachments.find((a) => a.contentType.includes('calendar'));
			mails.push({ subject: mail.subject ?? '', text: mail.text ?? '', ics: ics ? ics.content.toString('utf8') : null });
		}
		if (mails.some((m) => subject.test(m.subject))) return mails;
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`no mail to ${to} with a subject matching ${subject}`);
}
