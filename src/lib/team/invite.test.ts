import { describe, expect, it } from 'vitest';
import { parseTeamInviteForm } from './invite.ts';

const form = (fields: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
};

describe('team invitation form', () => {
	it('takes address, name, role and language; each bad field gets its own message, the typed values stay', () => {
		expect(parseTeamInviteForm(form({ email: ' Omar@Example.org ', name: 'Omar', role: 'consultant', language: 'ar' }))).toEqual({
			ok: true,
			data: { email: 'Omar@Example.org', name: 'Omar', role: 'consultant', language: 'ar' }
		});
		const bad = parseTeamInviteForm(form({ email: 'kein-at', name: '', role: 'org_admin', language: 'xx' }));
		expect(bad).toMatchObject({
			ok: false,
			errors: { email: { key: 'reg_err_email' }, name: { key: 'err_required' }, role: { key: 'err_choice' }, language: { key: 'err_choice' } },
			values: { email: 'kein-at', role: 'org_admin' }
		});
		expect(parseTeamInviteForm(form({ email: 'a@example.org', name: 'x'.repeat(201), role: 'staff', language: 'de' }))).toMatchObject({ ok: false, errors: { name: { key: 'err_too_long' } } });
	});
});
