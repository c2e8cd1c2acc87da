import { describe, expect, it } from 'vitest';
import { homeOf, isAdmin, isConsultant, isStaff, landingPath, requireAdmin, requireConsultant, requireStaff, signInMethodOf } from './guard.ts';

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

	it('keeps a consultant out of the backoffice with 404, and everyone but a consultant out of /beratung', () => {
		const consultant = user('consultant');
		expect(isStaff(consultant)).toBe(false);
		expect(isConsultant(consultant)).toBe(true);
		expect(isConsultant(user('consultant', 'magic-link'))).toBe(false);
		expect(() => requireStaff({ locale: 'de', user: consultant })).toThrow(expect.objectContaining({ status: 404 }));
		expect(requireConsultant({ locale: 'de', user: consultant })).toEqual({ id: 'u1', email: 'a@example.org' });
		expect(() => requireConsultant({ locale: 'de', user: null })).toThrow(expect.objectContaining({ status: 401 }));
		for (const other of [user('admin'), user('staff'), user('org_member'), user('consultant', 'other')]) {
			expect(() => requireConsultant({ locale: 'de', user: other })).toThrow(expect.objectContaining({ status: 404 }));
		}
	});

	it('lets only admins manage accounts: staff get 403', () => {
		expect(isAdmin(user('admin'))).toBe(true);
		expect(isAdmin(user('staff'))).toBe(false);
		expect(isAdmin(user('admin', 'magic-link'))).toBe(false);
		expect(requireAdmin({ locale: 'de', user: user('admin') })).toEqual({ id: 'u1', email: 'a@example.org' });
		expect(() => requireAdmin({ locale: 'de', user: user('staff') })).toThrow(expect.objectContaining({ status: 403 }));
		expect(() => requireAdmin({ locale: 'de', user: user('consultant') })).toThrow(expect.objectContaining({ status: 404 }));
	});

	it('lands a consultant on /beratung and staff on /admin, following ?weiter= only into their own area', () => {
		const localize = (p: string) => `/ar${p}`;
		expect([homeOf('consultant'), homeOf('staff'), homeOf('admin')]).toEqual(['/beratung', '/admin', '/admin']);
		expect(landingPath('consultant', null, localize)).toBe('/ar/beratung');
		expect(landingPath('consultant', '/admin/projekte/1', localize)).toBe('/ar/beratung');
		expect(landingPath('consultant', '/ar/beratung?x=1', localize)).toBe('/ar/beratung?x=1');
		expect(landingPath('staff', '/en/admin/vereine', localize)).toBe('/en/admin/vereine');
		expect(landingPath('admin', '/beratung', localize)).toBe('/ar/admin');
		expect(landingPath('staff', '/administration', localize)).toBe('/ar/admin');
	});
});
