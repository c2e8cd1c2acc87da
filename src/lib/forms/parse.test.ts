import { describe, expect, it } from 'vitest';
import { INT4_MAX, parseId, parsePage, safeReturnPath } from './parse.ts';

describe('parseId: the one parser for ids from a request', () => {
	it('accepts plain positive integers within the integer column', () => {
		expect(parseId('1')).toBe(1);
		expect(parseId(' 42 ')).toBe(42);
		expect(parseId(String(INT4_MAX))).toBe(INT4_MAX);
	});
	it('refuses what a bare Number() would let through or turn into NaN', () => {
		for (const bad of ['', '0', '-1', '1.5', '1e3', '1e308', '0x10', '012', 'NaN', 'Infinity', String(INT4_MAX + 1), '99999999999999999999', 'a\0b', '1\0'])
			expect(parseId(bad), bad).toBeNull();
		expect(parseId(null)).toBeNull();
		expect(parseId(7)).toBeNull();
	});
});

describe('parsePage', () => {
	it('clamps to 1…last and falls back to 1', () => {
		expect(parsePage('3')).toBe(3);
		expect(parsePage(null)).toBe(1);
		for (const bad of ['1e308', '-5', '0', 'NaN', '1.5', '99999999999999999999']) expect(parsePage(bad), bad).toBe(1);
		expect(parsePage('500', 7)).toBe(7);
		expect(parsePage('2', 0)).toBe(1);
	});
});

describe('safeReturnPath (?weiter=)', () => {
	it('keeps same-site paths', () => {
		expect(safeReturnPath('/admin/projekte/3?gespeichert')).toBe('/admin/projekte/3?gespeichert');
	});
	it('refuses other hosts and odd values', () => {
		for (const bad of [null, '', 'https://evil.example/', '//evil.example', '/\\evil.example', '\\\\evil', 'javascript:alert(1)', 'admin', '/a\r\nLocation: x', '/a\0', `/${'x'.repeat(3000)}`])
			expect(safeReturnPath(bad), String(bad)).toBeNull();
	});
});
