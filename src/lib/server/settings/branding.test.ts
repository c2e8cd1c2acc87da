import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDelivery, deliverDueMail, enqueueMail, withProviderFooter } from '../mail/outbox.ts';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { auditEntry } from '../db/schema/audit.ts';
import { DEMO_LOGO_PNG } from './demo-logo.ts';
import { documentBranding, getBranding, getLogo, getPublicBranding, loadDemoBranding, saveBranding } from './branding.ts';
import { saveLegalSettings, getLegalSettings } from './legal.ts';
import { completeBranding } from '../../settings/branding.ts';

const NOW = new Date('2026-12-01T10:00:00Z');
const actor = { id: 'staff-1', email: 'team@example.org' };
let database: Database;
beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.close());

const settings = completeBranding({ providerName: 'Beispiel Bildungswerk e. V.', accentColour: '#1d4f91', contactEmail: 'info@bildungswerk.example' });

describe('provider branding', () => {
	it('is empty on a fresh installation: no name, no logo (the logo URL answers 404)', async () => {
		expect(await getPublicBranding(database.db)).toEqual({ name: '', accent: '', logoUrl: null, contact: { address: '', email: '', phone: '', web: '' } });
		expect(await getLogo(database.db)).toBeNull();
	});

	it('is saved by the team with a logo (audited), served with a versioned URL, and raises the public version', async () => {
		const before = await publicVersion();
		const result = await saveBranding(database.db, actor, settings, { kind: 'replace', bytes: DEMO_LOGO_PNG }, NOW);
		expect(result).toEqual({ ok: true });
		expect(await publicVersion()).toBe(before + 1);
		const shown = await getPublicBranding(database.db);
		expect(shown).toMatchObject({ name: 'Beispiel Bildungswerk e. V.', accent: '#1d4f91', contact: { email: 'info@bildungswerk.example' } });
		expect(shown.logoUrl).toMatch(/^\/marke\/logo\?v=[0-9a-f]{16}$/);
		const logo = await getLogo(database.db);
		expect(logo?.type).toBe('image/png');
		expect(Buffer.compare(logo!.bytes, DEMO_LOGO_PNG)).toBe(0);
		expect((await documentBranding(database.db)).branding.logo?.length).toBe(DEMO_LOGO_PNG.length);
		const audit = await database.db.select().from(auditEntry);
		expect(audit.at(-1)).toMatchObject({ action: 'settings.branding_updated', actorId: 'staff-1', details: { logo: 'replaced', accent: '#1d4f91' } });
	});

	it('signs every mail with the provider\'s name and contact', async () => {
		await saveBranding(database.db, actor, { ...settings, contactAddress: 'Musterweg 1\n50667 Koeln' }, { kind: 'keep' }, NOW);
		await enqueueMail(database.db, { to: 'ayse@example.org', subject: 'Anmeldung bestaetigt', text: 'Hallo Ayse,\n\nViele Gruesse\n', template: 'confirmed', language: 'tr' }, NOW);
		const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mail-'));
		const delivery = await createDelivery({ smtpUrl: null, from: 'Bildungsturbo <noreply@example.org>', dataDir });
		try {
			expect(await deliverDueMail(database.db, delivery, NOW)).toBe(1);
			const [eml] = fs.readdirSync(path.join(dataDir, 'outbox'));
			const raw = fs.readFileSync(path.join(dataDir, 'outbox', eml), 'utf8').replace(/\r\n/g, '\n');
			expect(raw).toContain('Viele Gruesse\n\n-- \nBeispiel Bildungswerk e. V.\nMusterweg 1\n50667 Koeln\ninfo@bildungswerk.example');
		} finally {
			delivery.close();
			fs.rmSync(dataDir, { recursive: true, force: true });
		}
		expect(withProviderFooter('Text', completeBranding({}))).toBe('Text');
	});

	it('keeps the logo when only the text changes, and the legal details when the branding changes', async () => {
		const legal = { ...(await getLegalSettings(database.db)), operatorName: 'Beispiel e. V.' };
		await saveLegalSettings(database.db, actor, legal, NOW);
		const url = (await getPublicBranding(database.db)).logoUrl;
		await saveBranding(database.db, actor, { ...settings, providerName: 'Neuer Name' }, { kind: 'keep' }, NOW);
		expect(await getPublicBranding(database.db)).toMatchObject({ name: 'Neuer Name', logoUrl: url });
		expect((await getLegalSettings(database.db)).operatorName).toBe('Beispiel e. V.');
		// And saving the legal details keeps the branding.
		await saveLegalSettings(database.db, actor, { ...legal, phone: '0221 1' }, NOW);
		expect((await getBranding(database.db)).settings.providerName).toBe('Neuer Name');
	});

	it('refuses a file that is no PNG or JPEG, or one that only starts like a PNG, changing nothing', async () => {
		const before = await getLogo(database.db);
		const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
		expect(await saveBranding(database.db, actor, settings, { kind: 'replace', bytes: svg }, NOW)).toEqual({ ok: false, errors: { logo: { key: 'err_brand_logo_type' } } });
		const broken = Buffer.concat([DEMO_LOGO_PNG.subarray(0, 8), Buffer.from('not really a png')]);
		expect(await saveBranding(database.db, actor, settings, { kind: 'replace', bytes: broken }, NOW)).toEqual({ ok: false, errors: { logo: { key: 'err_brand_logo_unreadable' } } });
		expect((await getLogo(database.db))?.hash).toBe(before?.hash);
		expect((await getBranding(database.db)).settings.providerName).toBe('Neuer Name');
	});

	it('removes the logo on request', async () => {
		await saveBranding(database.db, actor, settings, { kind: 'remove' }, NOW);
		expect(await getLogo(database.db)).toBeNull();
		expect((await getPublicBranding(database.db)).logoUrl).toBeNull();
	});

	it('gives a demo installation the fictional provider once, never over the team\'s own', async () => {
		const fresh = await openTestDatabase();
		try {
			expect(await loadDemoBranding(fresh.db, NOW)).toBe(true);
			const demo = await getPublicBranding(fresh.db);
			expect(demo.name).toContain('fiktiv');
			expect(demo.logoUrl).not.toBeNull();
			expect(await loadDemoBranding(fresh.db, NOW)).toBe(false);
		} finally {
			await fresh.close();
		}
		expect(await loadDemoBranding(database.db, NOW)).toBe(false);
		expect((await getBranding(database.db)).settings.providerName).toBe('Beispiel Bildungswerk e. V.');
	});
});

async function publicVersion(): Promise<number> {
	const result = await database.db.execute(sql`select version from public_version where id = 1`);
	const rows = (Array.isArray(result) ? result : (result as { rows: { version: string | number }[] }).rows) as { version: string | number }[];
	return Number(rows[0].version);
}
