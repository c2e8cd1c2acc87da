/**
 * Content negotiation for compressed responses: brotli, else gzip, else none. Pure.
 */

export type Encoding = 'br' | 'gzip';

/**
 * The encoding to send for an `Accept-Encoding` header: brotli when accepted (and available),
 * else gzip, else none. `q=0` refuses an encoding; `*` stands for any encoding not named.
 */
export function chooseEncoding(acceptEncoding: string | null | undefined, available: readonly Encoding[] = ['br', 'gzip']): Encoding | null {
	if (!acceptEncoding) return null;
	const q = new Map<string, number>();
	for (const part of acceptEncoding.split(',')) {
		const [name, ...params] = part.trim().toLowerCase().split(';');
		if (!name) continue;
		const weight = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
		const value = weight ? Number(weight.slice(2)) : 1;
		q.set(name.trim(), Number.isFinite(value) ? value : 0);
	}
	const accepts = (name: string) => (q.get(name) ?? (name === 'gzip' ? q.get('x-gzip') : undefined) ?? q.get('*') ?? 0) > 0;
	if (available.includes('br') && accepts('br')) return 'br';
	if (available.includes('gzip') && accepts('gzip')) return 'gzip';
	return null;
}

/** Types worth compressing: HTML, JSON, CSV, iCalendar, and other text. */
export function isCompressible(contentType: string | null | undefined): boolean {
	if (!contentType) return false;
	const type = contentType.split(';')[0].trim().toLowerCase();
	return type.startsWith('text/') || type === 'application/json' || type.endsWith('+json') || type === 'application/xml' || type.endsWith('+xml') || type === 'image/svg+xml';
}

/** Whether an `If-None-Match` header names this (quoted) entity tag; weak comparison, as for GET. */
export function matchesEtag(ifNoneMatch: string | null | undefined, etag: string): boolean {
	if (!ifNoneMatch) return false;
	const bare = (tag: string) => tag.trim().replace(/^W\//, '');
	return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}
