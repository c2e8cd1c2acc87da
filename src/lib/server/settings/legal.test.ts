import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { checkSite, getLegalSettings, saveLegalSettings } from './legal.ts';
import { missingLegal, parseLegalForm } from '../../settings/legal.ts';
import { checkProject } from '../../programme/publish-check.ts';

const NOW = new Date('2026-12-01T10:00:00Z');
const actor = { id: 'staff-1', email: 'team@example.org' };
let database: Database;
beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.close());

const form = (values: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(values)) f.set(k, v);
	return f;
};

describe('legal details for Impressum and privacy notice', () => {
	it('are empty on a fresh installation, and the publish check says so for every project', async () => {
		const legal = await getLegalSettings(database.db);
		expect(legal.operatorName).toBe('');
		expect(missingLegal(legal)).toEqual(['operatorName', 'operatorAddress', 'email', 'supervisoryAuthority']);
		const site = await checkSite(database.db);
		const findings = checkProject({ id: 7, title: { de: 'P' }, description: {}, runtimeStart: '2027-01-01', runtimeEnd: '2027-02-01', items: [] } as never, NOW, site);
		expect(findings).toContainEqual(expect.objectContaining({ code: 'legal_notice_missing', severity: 'warning', params: { count: 4 } }));
	});

	it('refuse a bad email and over-long text with field errors, keeping what was typed', () => {
		const parsed = parseLegalForm(form({ operatorName: 'x'.repeat(201), email: 'not-an-address', supervisoryAuthority: 'LDI NRW' }));
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.errors.operatorName.key).toBe('err_too_long');
		expect(parsed.errors.email.key).toBe('reg_err_email');
		expect(parsed.values.supervisoryAuthority).toBe('LDI NRW');
	});

	it('are saved by the team (audited) and complete the check', async () => {
		const parsed = parseLegalForm(
			form({ operatorName: 'Beispiel e. V.', operatorAddress: 'Musterweg 1\n50667 Köln', email: 'info@beispiel.example', supervisoryAuthority: 'LDI NRW, Kavalleriestr. 2–4, 40213 Düsseldorf' })
		);
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		await saveLegalSettings(database.db, actor, parsed.data, NOW);
		await saveLegalSettings(database.db, actor, { ...parsed.data, phone: '0221 123' }, NOW);
		const legal = await getLegalSettings(database.db);
		expect(legal).toMatchObject({ operatorName: 'Beispiel e. V.', operatorAddress: 'Musterweg 1\n50667 Köln', phone: '0221 123' });
		expect((await checkSite(database.db)).legalMissing).toEqual([]);
	});
});
