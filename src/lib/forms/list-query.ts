/**
 * The query of a backoffice list (`?q=`, `?sort=`, `?dir=`, `?seite=`): search text, a whitelisted
 * sort column and direction, the page. Pure. Bad or unknown values fall back to the list's default,
 * never an error, so no link or typed URL can make a list fail.
 */
import { parsePage } from './parse.ts';

export type SortDir = 'asc' | 'desc';

export interface ListQuery<C extends string = string> {
	/** Trimmed, at most SEARCH_MAX characters, control characters removed; '' for no search. */
	q: string;
	sort: C;
	dir: SortDir;
	page: number;
}

export const SEARCH_MAX = 100;

/** `?q=` as a search text: control characters dropped, whitespace folded, capped. */
export function parseSearch(value: string | null | undefined): string {
	return (value ?? '')
		.replace(/[\u0000-\u001f\u007f]/g, ' ')
		.replace(/\s+/g, ' ')
		.trim()
		.slice(0, SEARCH_MAX);
}

/**
 * Reads a list's query. `columns` is the whitelist; an unknown `sort` gives `defaults`. A known
 * column without a valid `dir` sorts ascending (or the default direction for the default column).
 */
export function parseListQuery<C extends string>(params: URLSearchParams, columns: readonly C[], defaults: { sort: C; dir: SortDir }): ListQuery<C> {
	const rawSort = params.get('sort');
	const sort = columns.find((c) => c === rawSort) ?? defaults.sort;
	const rawDir = params.get('dir');
	const dir: SortDir = rawDir === 'asc' || rawDir === 'desc' ? rawDir : sort === defaults.sort ? defaults.dir : 'asc';
	return { q: parseSearch(params.get('q')), sort, dir, page: parsePage(params.get('seite')) };
}

/** `%` and `_` typed by the user are searched for, not wildcards: an ILIKE pattern for "contains". */
export function containsPattern(q: string): string {
	return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The link of a column header: sorts by `column`, ascending first, the other direction when it is
 * already the sort column. Keeps the search and `keep` (a list's filters), starts at page 1.
 */
export function sortHref(query: Pick<ListQuery, 'q' | 'sort' | 'dir'>, column: string, keep: Record<string, string | null | undefined> = {}, hash = ''): string {
	const dir: SortDir = query.sort === column && query.dir === 'asc' ? 'desc' : 'asc';
	const params = new URLSearchParams();
	for (const [k, v] of Object.entries(keep)) if (v) params.set(k, v);
	if (query.q) params.set('q', query.q);
	params.set('sort', column);
	params.set('dir', dir);
	return `?${params}${hash}`;
}

/** `aria-sort` of a column header: only the sort column carries one. */
export function ariaSort(query: Pick<ListQuery, 'sort' | 'dir'>, column: string): 'ascending' | 'descending' | undefined {
	if (query.sort !== column) return undefined;
	return query.dir === 'asc' ? 'ascending' : 'descending';
}
