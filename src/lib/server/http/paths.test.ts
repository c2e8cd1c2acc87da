import { describe, expect, it } from 'vitest';
import { isUnder, mustNotStore, routePath } from './paths.ts';

describe('routePath', () => {
	it('decodes escapes as the router does, so guards see the route', () => {
		expect(routePath('/%61dmin')).toBe('/admin');
		expect(routePath('/%61%64%6D%69%6E/projekte')).toBe('/admin/projekte');
		expect(routePath('//admin')).toBe('/admin');
		expect(routePath('/admin%2Fx')).toBe('/admin%2Fx');
		expect(routePath('/a%2561')).toBe('/a%2561');
		expect(routePath('/%E0%A4%A')).toBe('/%E0%A4%A');
		expect(routePath('/projekte/caf%C3%A9')).toBe('/projekte/café');
	});
});

describe('mustNotStore', () => {
	const get = { method: 'GET', signedIn: false, setsCookie: false };
	it('private areas, form answers, signed-in pages and new cookies', () => {
		for (const path of ['/admin', '/admin/projekte', '/verein/anmelden', '/teilnahme/abc', '/anmeldung/bestaetigen/x', '/zertifikat/ABC']) expect(mustNotStore({ ...get, path }), path).toBe(true);
		expect(mustNotStore({ ...get, path: '/projekte/x/1', method: 'POST' })).toBe(true);
		expect(mustNotStore({ ...get, path: '/', signedIn: true })).toBe(true);
		expect(mustNotStore({ ...get, path: '/', setsCookie: true })).toBe(true);
	});
	it('public pages may be cached', () => {
		for (const path of ['/', '/projekte/x', '/projekte/x/kalender.ics', '/administration', '/vereinsleben']) expect(mustNotStore({ ...get, path }), path).toBe(false);
		expect(isUnder('/adminx', '/admin')).toBe(false);
	});
});
