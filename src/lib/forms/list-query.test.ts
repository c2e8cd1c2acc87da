import { describe, expect, it } from 'vitest';
import { ariaSort, containsPattern, parseListQuery, parseSearch, sortHref } from './list-query.ts';

const COLUMNS = ['name', 'city', 'people'] as const;
const read = (query: string) => parseListQuery(new URLSearchParams(query), COLUMNS, { sort: 'name', dir: 'asc' });

describe('parseListQuery: ?q=, ?sort=, ?dir=, ?seite=', () => {
	it('reads a whitelisted column and direction, the search and the page', () => {
		expect(read('q=%20K%C3%B6ln%20&sort=city&dir=desc&seite=3')).toEqual({ q: 'Köln', sort: 'city', dir: 'desc', page: 3 });
		expect(read('sort=people')).toMatchObject({ sort: 'people', dir: 'asc' });
	});

	it('falls back to the default for anything else', () => {
		for (const bad of ['sort=id', 'sort=name;drop', 'sort=NAME', 'sort=', 'sort=1e308', 'sort=%00', 'sort=__proto__', 'sort=constructor'])
			expect(read(bad), bad).toMatchObject({ sort: 'name', dir: 'asc' });
		expect(read('sort=city&dir=up').dir).toBe('asc');
		expect(read('dir=-1&seite=NaN')).toMatchObject({ dir: 'asc', page: 1 });
		expect(parseListQuery(new URLSearchParams('dir=sideways'), COLUMNS, { sort: 'people', dir: 'desc' }).dir).toBe('desc');
	});

	it('keeps a search short and free of control characters', () => {
		expect(parseSearch('a\u0000b\r\nc')).toBe('a b c');
		expect(parseSearch('x'.repeat(6000))).toHaveLength(100);
		expect(parseSearch(null)).toBe('');
		expect(containsPattern('50%_a\\')).toBe('%50\\%\\_a\\\\%');
	});
});

describe('sortHref and ariaSort', () => {
	it('sorts ascending first and turns the direction on the sort column', () => {
		const q = { q: 'Verein', sort: 'name', dir: 'asc' as const };
		expect(sortHref(q, 'city')).toBe('?q=Verein&sort=city&dir=asc');
		expect(sortHref(q, 'name')).toBe('?q=Verein&sort=name&dir=desc');
		expect(sortHref({ ...q, dir: 'desc' }, 'name', { status: 'held', termin: null }, '#anmeldungen')).toBe('?status=held&q=Verein&sort=name&dir=asc#anmeldungen');
		expect(ariaSort(q, 'name')).toBe('ascending');
		expect(ariaSort({ ...q, dir: 'desc' }, 'name')).toBe('descending');
		expect(ariaSort(q, 'city')).toBeUndefined();
	});
});
