/**
 * Stable, opaque pagination cursors: keyset-based. A cursor holds the list it belongs to and the
 * sort key of the last row returned; the next page is every row after that key in the list's
 * order, so rows added or removed meanwhile never shift a page. A cursor that does not decode, or
 * belongs to another list, is a 400 problem (`invalid_cursor`), never a 500.
 */
import * as m from '../../paraglide/messages.js';
import { problem } from './problem.ts';

export type SortKey = (string | number | null)[];

export function encodeCursor(list: string, key: SortKey): string {
	return Buffer.from(JSON.stringify({ l: list, k: key }), 'utf8').toString('base64url');
}

export function decodeCursor(list: string, cursor: string): SortKey {
	let parsed: unknown;
	try {
		parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
	} catch {
		parsed = null;
	}
	const ok =
		parsed !== null &&
		typeof parsed === 'object' &&
		(parsed as { l?: unknown }).l === list &&
		Array.isArray((parsed as { k?: unknown }).k) &&
		((parsed as { k: unknown[] }).k as unknown[]).every((v) => v === null || typeof v === 'string' || typeof v === 'number');
	if (!ok) throw problem(400, 'invalid_cursor', (locale) => m.api_problem_invalid_cursor({}, { locale }), [{ field: 'cursor', code: 'invalid' }]);
	return (parsed as { k: SortKey }).k;
}

/** Compares two sort keys position by position (numbers, then strings, then null: PostgreSQL's order, null largest), each ascending or descending. */
export function compareKeys(a: SortKey, b: SortKey, directions: ('asc' | 'desc')[]): number {
	for (let i = 0; i < Math.max(a.length, b.length); i++) {
		const x = a[i] ?? null;
		const y = b[i] ?? null;
		if (x === y) continue;
		const rank = (v: unknown) => (v === null ? 2 : typeof v === 'number' ? 0 : 1);
		let c = rank(x) - rank(y);
		if (c === 0) c = typeof x === 'number' ? (x as number) - (y as number) : String(x) < String(y) ? -1 : 1;
		if (c !== 0) return directions[i] === 'desc' ? -c : c;
	}
	return 0;
}

/**
 * One page of rows in the order of `keyOf` and `directions` (sorted here, so the cursor's order is
 * the list's): the rows after the cursor's key, at most `limit`, and the cursor for the next page
 * (null on the last one).
 */
export function page<T>(list: string, rows: T[], keyOf: (row: T) => SortKey, directions: ('asc' | 'desc')[], cursor: string | undefined, limit: number): { data: T[]; next_cursor: string | null } {
	const after = cursor === undefined ? null : decodeCursor(list, cursor);
	const sorted = [...rows].sort((a, b) => compareKeys(keyOf(a), keyOf(b), directions));
	const rest = after ? sorted.filter((r) => compareKeys(keyOf(r), after, directions) > 0) : sorted;
	const data = rest.slice(0, limit);
	return { data, next_cursor: rest.length > limit ? encodeCursor(list, keyOf(data[data.length - 1])) : null };
}
