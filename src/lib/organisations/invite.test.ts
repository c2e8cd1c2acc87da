import { describe, expect, it } from 'vitest';
import { parseInviteForm } from './invite.ts';

const form = (fields: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
};

describe('the invitation form', () => {
	it('takes address, name, role and the invitee’s language', () => {
		expect(parseInviteForm(form({ email: ' Kerem@example.org ', name: ' Kerem ', role: 'org_admin', language: 'tr' }))).toEqual({
			ok: true,
			data: { email: 'Kerem@example.org', name: 'Kerem', role: 'org_admin', language: 'tr' }
		});
	});
	it('says which field is wrong and keeps what was typed', () => {
		const parsed = parseInviteForm(form({ email: 'kein-at', name: 'x'.repeat(201), role: 'owner', language: 'fr' }));
		expect(parsed).toEqual({
			ok: false,
			errors: { email: { key: 'reg_err_email' }, name: { key: 'err_too_long', params: { max: 200 } }, role: { key: 'err_choice' }, language: { key: 'err_choice' } },
			values: { email: 'kein-at', name: 'x'.repeat(201), role: 'owner', language: 'fr' }
		});
	});
});
