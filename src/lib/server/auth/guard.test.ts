import { describe, expect, it } from 'vitest';
import { isStaff, requireStaff } from './guard.ts';

const user = (role: string) => ({ id: 'u1', email: 'a@example.org', name: 'A', role });

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
});
