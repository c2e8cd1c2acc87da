import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { createDelivery, deliverDueMail, enqueueMail } from '../mail/outbox.ts';
import { maskSecretLinks } from './secret-links.ts';

let database: Database;
beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.close());

describe('secret links in the outbox', () => {
	it('keep the path and hide the token, in every language, and leave other links alone', () => {
		const text = [
			'Anmelden: https://bildung.example.org/verein/link/AbC123xyz',
			'Login: http://localhost:3000/en/verein/link/AbC%20123?einladung',
			'Eigene Seite: https://bildung.example.org/ar/teilnahme/tok_en-1.sig',
			'(Bestätigen: https://bildung.example.org/anmeldung/bestaetigen/xyz)',
			'Team: https://bildung.example.org/uk/admin/anmelden/einladung/Tok3n_x',
			'Projekt: https://bildung.example.org/projekte/digit-ready/3',
			'Zertifikat: https://bildung.example.org/zertifikat/ABCD-1234'
		].join('\n');
		expect(maskSecretLinks(text)).toBe(
			[
				'Anmelden: https://bildung.example.org/verein/link/…',
				'Login: http://localhost:3000/en/verein/link/…',
				'Eigene Seite: https://bildung.example.org/ar/teilnahme/…',
				'(Bestätigen: https://bildung.example.org/anmeldung/bestaetigen/…)',
				'Team: https://bildung.example.org/uk/admin/anmelden/einladung/…',
				'Projekt: https://bildung.example.org/projekte/digit-ready/3',
				'Zertifikat: https://bildung.example.org/zertifikat/ABCD-1234'
			].join('\n')
		);
	});

	it('stay in full in the .eml copy, which only the operating account can read', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-eml-mode-'));
		const now = new Date('2027-02-01T08:00:00Z');
		await enqueueMail(database.db, { to: 'd@example.org', subject: 'Anmeldelink', text: 'https://x.example/verein/link/SECRET', template: 'signin', language: 'de' }, now);
		expect(await deliverDueMail(database.db, await createDelivery({ smtpUrl: null, from: 'noreply@example.org', dataDir: dir }), now)).toBe(1);
		const outbox = path.join(dir, 'outbox');
		const [file] = fs.readdirSync(outbox);
		expect(fs.readFileSync(path.join(outbox, file), 'utf8')).toContain('/verein/link/SECRET');
		expect(fs.statSync(path.join(outbox, file)).mode & 0o777).toBe(0o600);
		expect(fs.statSync(outbox).mode & 0o777).toBe(0o700);
	});
});
