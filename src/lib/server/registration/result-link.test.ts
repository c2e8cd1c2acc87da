import { describe, expect, it } from 'vitest';
import { readResultValue, RESULT_VALID_MS, resultValue } from './result-link.ts';

const NOW = new Date('2027-02-01T09:00:00Z');

describe('the registration result link', () => {
	it('carries the registration and no personal data, and opens until it expires', () => {
		const value = resultValue('secret', 4711, NOW);
		expect(value).toMatch(/^[0-9a-z]+\.[0-9a-z]+\.[A-Za-z0-9_-]{22}$/);
		expect(readResultValue('secret', value, NOW)).toBe(4711);
		expect(readResultValue('secret', value, new Date(NOW.getTime() + RESULT_VALID_MS - 1000))).toBe(4711);
		expect(readResultValue('secret', value, new Date(NOW.getTime() + RESULT_VALID_MS))).toBeNull();
	});

	it('refuses another id, another expiry, another secret and malformed values', () => {
		const value = resultValue('secret', 4711, NOW);
		const [id, exp, sig] = value.split('.');
		expect(readResultValue('other-secret', value, NOW)).toBeNull();
		expect(readResultValue('secret', [(4712).toString(36), exp, sig].join('.'), NOW)).toBeNull();
		expect(readResultValue('secret', [id, (Number.parseInt(exp, 36) + 3600).toString(36), sig].join('.'), NOW)).toBeNull();
		for (const bad of ['', 'x', `${id}.${exp}`, `${value}x`, `${id}.${exp}.${'A'.repeat(22)}`, '../../etc']) expect(readResultValue('secret', bad, NOW)).toBeNull();
	});
});
