import { describe, expect, it } from 'vitest';
import { isStaff, requireStaff, signInMethodOf } from './guard.ts';

const user = (role: string, signInMethod = 'password') => ({ id: 'u1', email: 'a@example.org', name: 'A', role, signInMethod });

describe('backoffice guard', () => {
	it('lets only the programme team in: signed-out is 401, other accounts 403', () => {
		expect(isStaff(user('admin'))).toBe(true);
		expect(isStaff(user('staff'))).toBe(true);
		expect(isStaff(user('org_member'))).toBe(false);
		expect(isStaff(null)).toBe(false);
		expect(requireStaff({ locale: 'de', user: user('staff') })).toEqual({ id: 'u1', email: 'a@example.org' });
		expect(() => requireStaff({ locale: 'de', user: null })).toThrow(expect.objectContaining({ status: 401 }));
		expect(() => requireStaff({ locale: 'de', user: user('org_member') })).toThrow(expect.objectContaining({ status: 403 }));
	});

	it('admits staff only with a password session (with or without a code), never through a sign-in link', () => {
		expect(isStaff(user('admin', 'two-factor'))).toBe(true);
		expect(isStaff(user('admin', 'magic-link'))).toBe(false);
		expect(isStaff(user('staff', 'other'))).toBe(false);
		expect(() => requireStaff({ locale: 'de', user: user('admin', 'magic-link') })).toThrow(expect.objectContaining({ status: 403 }));
		expect([signInMethodOf('/sign-in/email'), signInMethodOf('/two-factor/verify-totp'), signInMethodOf('/magic-link/verify'), signInMethodOf(undefined)]).toEqual([
			'password',
			'two-factor',
			'magic-link',
			'other'
		]);
	});
});
