/**
 * The public page cache. A public page's bytes (start page, archive, project and item pages, the
 * legal pages, the iCalendar feeds) and the API's public reads (`/api/v1/projects`, `/archive`,
 * a project, its items, an item) depend only on the published programme, the language (part of the
 * path; for the API `?lang`, else Accept-Language) and the time: they are rendered once per key,
 * kept with their brotli and gzip versions, and served until the programme changes or a
 * time-dependent detail does.
 *
 * - Programme changes: every transaction that changes what public pages show raises the row in
 *   `public_version` at its commit (database triggers, drizzle/0017). The cache reads that version
 *   at most every `checkEveryMs` (one indexed read), and before the next request after any form
 *   post on this instance, so a change is never served stale after its commit on this instance
 *   and at most `checkEveryMs` on another. A new version drops every page at once.
 * - Time: `nextChange` says when the next session starts or ends, a meeting link expires or the
 *   day changes; from then on every stored page is out of date (also any page older than
 *   `maxAgeMs`). Such a page is re-rendered by the next request for it, once (single flight),
 *   and served as it was to the requests that come while that render runs: no write happened,
 *   so the old bytes are at most one render's time behind, and no stampede waits on the render.
 * - Never cached: anything but GET/HEAD of the paths below, a query string (on the API: anything
 *   but `lang` and, on the project list, `when`), a cookie (a session) or credentials (a token),
 *   and any response that is not a plain 200 (no cookie set, no `no-store`). Participant,
 *   association and backoffice pages never match the paths.
 * - API answers keep their own Cache-Control, CORS and Content-Language headers and vary on
 *   Accept-Language; the per-client `RateLimit` header is not stored (a stored answer does not
 *   count against the limit: it costs what a static file costs), `RateLimit-Policy` is.
 *
 * Hits are served without entering SvelteKit by scripts/server.js, which asks `serveFromCache()`
 * before handing a request to the app (synchronous; only while the version was checked recently).
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Handle } from '@sveltejs/kit/hooks';
import { BASE_LOCALE, isLocale, LOCALES, type Locale } from '../../i18n/locales.ts';
import { acceptedLocale } from '../api/locale.ts';
import { chooseEncoding, matchesEtag, type Encoding } from './encoding.ts';

/** Browsers revalidate (ETag, 304); a proxy or CDN in front may keep a page briefly. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=0, s-maxage=30, stale-while-revalidate=30';

const prefixes = LOCALES.filter((l) => l !== BASE_LOCALE).join('|');
/** Start page, archive, legal pages, project and item pages and their feeds, a project's handbook, in every language. */
const PUBLIC_PAGE = new RegExp(`^(?:/(?:${prefixes}))?(?:/|/archiv|/impressum|/datenschutz|/projekte/[a-z0-9-]+(?:(?:/[0-9]+)?(?:/kalender\\.ics)?|/handbuch))?$`);
/** The API's public reads (src/routes/api/v1): the project list, the archive, a project, its items, an item. */
const API_READ = /^\/api\/v1\/(?:projects(?:\/[a-z0-9-]+(?:\/items)?)?|archive|items\/[0-9]+)$/;
const PAGE_TYPE = /^(?:text\/html|text\/calendar)\b/i;
const API_TYPE = /^application\/json\b/i;
/** Headers that belong to one representation or one request, not to the stored page. */
const DROPPED = new Set(['content-length', 'content-encoding', 'etag', 'cache-control', 'vary', 'date', 'connection', 'keep-alive', 'transfer-encoding', 'set-cookie', 'ratelimit', 'retry-after']);
/** An API key holds a space (no request path does): `/api/v1/projects?when=past en`. */
const isApiKey = (key: string) => key.startsWith('/api/');

export interface RequestFacts {
	method: string;
	/** Path and query as requested. */
	url: string;
	header(name: string): string | null | undefined;
}

/** Accept-Language values seen, with the API language each means. */
const languages = new Map<string, Locale>();
function apiLocale(acceptLanguage: string | null | undefined): Locale {
	if (!acceptLanguage) return BASE_LOCALE;
	let locale = languages.get(acceptLanguage);
	if (locale === undefined) {
		locale = acceptedLocale(acceptLanguage) ?? BASE_LOCALE;
		if (languages.size >= 256) languages.clear();
		languages.set(acceptLanguage, locale);
	}
	return locale;
}

/**
 * The key an API read is stored under: path, `when` and the answer's language. Only `lang` and
 * `when` are taken: a bounded set of keys (5 paths' kinds × 6 languages × 3), each answer many
 * readers share. Cursors, limits and filters are unbounded and rarely repeated: they would only
 * push pages out of the store, so those reads go to the handler (and count against the limit).
 */
function apiKey(path: string, query: string | null, acceptLanguage: string | null | undefined): string | null {
	let lang: Locale | null = null;
	let when = '';
	if (query !== null) {
		for (const part of query.split('&')) {
			const eq = part.indexOf('=');
			const name = eq < 0 ? part : part.slice(0, eq);
			const value = eq < 0 ? '' : part.slice(eq + 1);
			if (name === 'lang' && lang === null && isLocale(value)) lang = value;
			else if (name === 'when' && !when && path === '/api/v1/projects' && (value === 'current' || value === 'past')) when = value;
			else return null;
		}
	}
	return `${path}${when ? `?when=${when}` : ''} ${lang ?? apiLocale(acceptLanguage)}`;
}

/**
 * The key a GET/HEAD without cookie or credentials is stored under (a page: its path; an API
 * read: see `apiKey`), or null when it is never stored.
 */
function keyOf(url: string, acceptLanguage: string | null | undefined): string | null {
	const q = url.indexOf('?');
	if (q < 0) {
		if (PUBLIC_PAGE.test(url)) return url;
		return API_READ.test(url) ? apiKey(url, null, acceptLanguage) : null;
	}
	const path = url.slice(0, q);
	return API_READ.test(path) ? apiKey(path, url.slice(q + 1), acceptLanguage) : null;
}

/** The cache key of a request, or null when it may not be answered from the cache (nor its answer stored). */
export function cacheKey(r: RequestFacts): string | null {
	if (r.method !== 'GET' && r.method !== 'HEAD') return null;
	if (r.header('cookie') || r.header('authorization')) return null;
	return keyOf(r.url, r.header('accept-language'));
}

/** Whether a request may be answered from the cache (and its answer stored). */
export function isCacheableRequest(r: RequestFacts): boolean {
	return cacheKey(r) !== null;
}

export interface CachedPage {
	status: number;
	headers: [string, string][];
	body: Buffer;
	br: Buffer | null;
	gzip: Buffer | null;
	/** Entity tag of the bytes, unquoted; each encoding gets its own suffix. */
	tag: string;
	storedAt: number;
	/** The page's Cache-Control and Vary (a page's, or the API's own with Accept-Language). */
	cacheControl: string;
	vary: string;
	/** The cache's time generation when its render began (older: out of date by time). */
	generation?: number;
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** How a stored answer is labelled for caches: a page's fixed policy, or (`api`) the API's own plus `Vary: Accept-Language`. */
export type StoredKind = 'page' | 'api';

/** Stores a rendered page: its bytes, compressed once at the highest levels (it is served many times). */
export async function toCachedPage(status: number, headers: Headers, body: Buffer, storedAt: number, kind: StoredKind = 'page'): Promise<CachedPage> {
	const kept: [string, string][] = [];
	headers.forEach((value, name) => {
		if (!DROPPED.has(name.toLowerCase())) kept.push([name.toLowerCase(), value]);
	});
	const [br, gz] = await Promise.all([
		brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
		gzip(body, { level: 9 })
	]);
	const vary = headers.get('vary');
	return {
		status,
		headers: kept,
		body,
		br: br.length < body.length ? br : null,
		gzip: gz.length < body.length ? gz : null,
		tag: createHash('sha256').update(body).digest('base64url').slice(0, 22),
		storedAt,
		cacheControl: kind === 'api' ? (headers.get('cache-control') ?? PUBLIC_CACHE_CONTROL) : PUBLIC_CACHE_CONTROL,
		vary: kind === 'api' && vary && !/accept-encoding/i.test(vary) ? `${vary}, Accept-Encoding` : 'Accept-Encoding'
	};
}

export interface Representation {
	status: number;
	headers: Record<string, string>;
	/** null for HEAD and 304. */
	body: Buffer | null;
}

/** One encoding's answers, built once per stored page: a hit only picks one (no allocation). */
interface Variant {
	etag: string;
	ok: Representation;
	head: Representation;
	notModified: Representation;
}

/** Headers scripts/server.js adds to every response (nosniff, HSTS): part of the stored answers, so a hit sets no header one by one. */
const SERVER_HEADERS = Symbol.for('bildungsturbo.server-headers');
function serverHeaders(): [string, string][] {
	const h = (globalThis as Record<symbol, unknown>)[SERVER_HEADERS] as Record<string, string> | undefined;
	return h ? Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]) : [];
}

/** Headers a 304 repeats from the 200 (RFC 9110 15.4.5), and what a cross-origin reader of the API needs to see it. */
const NOT_MODIFIED_KEEPS = ['content-language', 'access-control-allow-origin', 'access-control-expose-headers', 'ratelimit-policy', 'x-content-type-options', 'strict-transport-security'];

function buildVariant(page: CachedPage, encoding: Encoding | null): Variant {
	const body = encoding === 'br' ? page.br! : encoding === 'gzip' ? page.gzip! : page.body;
	const etag = `"${page.tag}${encoding ? `-${encoding}` : ''}"`;
	const headers: Record<string, string> = Object.fromEntries([...page.headers, ...serverHeaders()]);
	Object.assign(headers, { 'cache-control': page.cacheControl, etag, vary: page.vary, 'content-length': String(body.length) });
	if (encoding) headers['content-encoding'] = encoding;
	const notModified: Record<string, string> = { 'cache-control': page.cacheControl, etag, vary: page.vary };
	for (const name of NOT_MODIFIED_KEEPS) if (headers[name] !== undefined) notModified[name] = headers[name];
	return {
		etag,
		ok: { status: page.status, headers, body },
		head: { status: page.status, headers, body: null },
		notModified: { status: 304, headers: notModified, body: null }
	};
}

/** Each stored page's variants: by encoding, and by the Accept-Encoding values seen (browsers send a handful). */
const variants = new WeakMap<CachedPage, { byEncoding: Map<Encoding | 'identity', Variant>; byAccept: Map<string, Variant> }>();

function variantFor(page: CachedPage, acceptEncoding: string | undefined): Variant {
	let v = variants.get(page);
	if (!v) variants.set(page, (v = { byEncoding: new Map(), byAccept: new Map() }));
	const accept = acceptEncoding ?? '';
	const seen = v.byAccept.get(accept);
	if (seen) return seen;
	const available: Encoding[] = [...(page.br ? (['br'] as const) : []), ...(page.gzip ? (['gzip'] as const) : [])];
	const encoding = chooseEncoding(accept, available);
	const key = encoding ?? 'identity';
	let variant = v.byEncoding.get(key);
	if (!variant) v.byEncoding.set(key, (variant = buildVariant(page, encoding)));
	if (v.byAccept.size < 64) v.byAccept.set(accept, variant);
	return variant;
}

/** The answer to one request from a stored page: encoding by `Accept-Encoding`, 304 by `If-None-Match`. */
function answer(page: CachedPage, method: string, acceptEncoding: string | undefined, ifNoneMatch: string | undefined): Representation {
	const v = variantFor(page, acceptEncoding);
	if (ifNoneMatch && (ifNoneMatch === v.etag || matchesEtag(ifNoneMatch, v.etag))) return v.notModified;
	return method === 'HEAD' ? v.head : v.ok;
}

/** The answer to one request from a stored page (see `answer`). */
export function represent(page: CachedPage, r: RequestFacts): Representation {
	return answer(page, r.method, r.header('accept-encoding') ?? undefined, r.header('if-none-match') ?? undefined);
}

export interface PageCacheSource {
	/** The public programme's version (`public_version`). */
	readVersion(): Promise<number>;
	/** The next instant after `now` at which a public page may change by time alone; null: none. */
	nextChange(now: Date): Promise<Date | null>;
	/** Optional: calls `onChange` when the version rose (LISTEN), so other instances' changes show at once. */
	subscribe?(onChange: () => void): void;
}

export interface PageCacheOptions {
	/** How long a read version is trusted (other instances' changes show after at most this). */
	checkEveryMs?: number;
	/** A safety net: a page older than this is rendered again (served meanwhile, as after a time change). */
	maxAgeMs?: number;
	maxEntries?: number;
	now?: () => number;
}

export class PageCache {
	readonly #source: PageCacheSource;
	readonly #checkEveryMs: number;
	readonly #maxAgeMs: number;
	readonly #maxEntries: number;
	readonly #now: () => number;
	readonly #pages = new Map<string, CachedPage>();
	readonly #filling = new Map<string, Promise<CachedPage | null>>();
	#version: number | null = null;
	#checkedAt = -Infinity;
	/** When the next time-dependent detail changes: every page is out of date then. */
	#validUntil = -Infinity;
	/** Raised when time made every page out of date (`nextChange` passed): they stay, to be served while re-rendered. */
	#generation = 0;
	/** Raised whenever the pages are dropped (a new version): a render begun before does not store its result. */
	#epoch = 0;
	/** Raised by `checkSoon`: a version read begun before does not count as a fresh check. */
	#requests = 0;
	#checking: Promise<boolean> | null = null;
	#usedAt = -Infinity;

	constructor(source: PageCacheSource, options: PageCacheOptions = {}) {
		this.#source = source;
		this.#checkEveryMs = options.checkEveryMs ?? 1000;
		this.#maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
		this.#maxEntries = options.maxEntries ?? 1000;
		this.#now = options.now ?? Date.now;
	}

	get size(): number {
		return this.#pages.size;
	}

	/** Whether a stored page was asked for in the last ten seconds. */
	busy(): boolean {
		return this.#now() - this.#usedAt < 10_000;
	}

	/** True while stored pages may be served without asking the database. */
	fresh(within = this.#checkEveryMs): boolean {
		const now = this.#now();
		return now - this.#checkedAt < within && now < this.#validUntil;
	}

	/** The database may have changed (a form was posted here): read the version before the next hit. */
	checkSoon(): void {
		this.#requests++;
		this.#checkedAt = -Infinity;
	}

	/**
	 * Makes the cache current: reads the version when the last read is older than `within` (or a
	 * form was posted since), and notes when time made the pages out of date; false when the
	 * database cannot say.
	 */
	async refresh(within = this.#checkEveryMs): Promise<boolean> {
		while (!this.fresh(within)) {
			this.#checking ??= this.#check(this.#requests).finally(() => (this.#checking = null));
			if (!(await this.#checking)) return false;
		}
		return true;
	}

	async #check(requests: number): Promise<boolean> {
		const started = this.#now();
		try {
			const version = await this.#source.readVersion();
			const changed = version !== this.#version;
			if (changed || started >= this.#validUntil) {
				// A write drops every page; time alone only marks them out of date (re-rendered on the next request each).
				if (changed) this.#drop();
				else this.#generation++;
				this.#version = version;
				this.#validUntil = -Infinity;
				const next = await this.#source.nextChange(new Date(started));
				// A source naming an instant not after the check (it should not) still lets one check count.
				this.#validUntil = next ? Math.max(next.getTime(), started + 1) : Infinity;
			}
		} catch {
			// The database cannot say (an outage): the stored pages stay as the last known truth, served
			// only by `lastKnown` until a read succeeds, which drops them if the version moved meanwhile.
			return false;
		}
		if (requests === this.#requests) this.#checkedAt = started;
		return true;
	}

	#drop() {
		this.#pages.clear();
		this.#epoch++;
	}

	#current(page: CachedPage, now: number): boolean {
		return page.generation === this.#generation && now < this.#validUntil && now - page.storedAt < this.#maxAgeMs;
	}

	/** A stored, current page for `key`; call `refresh` first (or use `peek`). */
	get(key: string): CachedPage | null {
		const now = this.#now();
		this.#usedAt = now;
		const page = this.#pages.get(key);
		return page && this.#current(page, now) ? page : null;
	}

	/**
	 * The stored page for `key` when it is out of date by time only (no write since) and another
	 * request is rendering it again: served meanwhile instead of queueing behind the render.
	 */
	stale(key: string): CachedPage | null {
		return this.#filling.has(key) ? (this.#pages.get(key) ?? null) : null;
	}

	/**
	 * A page stored before the database stopped answering (`refresh` returned false): better a page
	 * as of the outage's start than a 503 for a visitor who only wants to read the programme.
	 */
	lastKnown(key: string): CachedPage | null {
		this.#usedAt = this.#now();
		return this.#pages.get(key) ?? null;
	}

	/** A stored page that may be served right now without any await (the server's fast path). */
	peek(key: string): CachedPage | null {
		const now = this.#now();
		if (now - this.#checkedAt >= this.#checkEveryMs) return null;
		this.#usedAt = now;
		const page = this.#pages.get(key);
		if (!page) return null;
		return this.#current(page, now) || this.#filling.has(key) ? page : null;
	}

	/**
	 * Renders `key` once however many requests ask at the same time, and stores the result when it
	 * may be stored. Returns the stored page, or the caller's own response when it may not be.
	 */
	async fill(key: string, render: () => Promise<Response>): Promise<CachedPage | Response> {
		const pending = this.#filling.get(key);
		if (pending) {
			const page = await pending;
			if (page) return page;
			return render();
		}
		const epoch = this.#epoch;
		const generation = this.#generation;
		let settle!: (page: CachedPage | null) => void;
		this.#filling.set(key, new Promise((resolve) => (settle = resolve)));
		try {
			const response = await render();
			const kind: StoredKind = isApiKey(key) ? 'api' : 'page';
			if (!storable(response, kind)) {
				settle(null);
				return response;
			}
			const page = await toCachedPage(response.status, response.headers, Buffer.from(await response.arrayBuffer()), this.#now(), kind);
			page.generation = generation;
			if (epoch === this.#epoch) {
				if (!this.#pages.has(key) && this.#pages.size >= this.#maxEntries) this.#pages.delete(this.#pages.keys().next().value!);
				this.#pages.set(key, page);
			}
			settle(page);
			return page;
		} catch (e) {
			settle(null);
			throw e;
		} finally {
			this.#filling.delete(key);
		}
	}
}

/** A 200 that sets no cookie and does not forbid storing: HTML or iCalendar for a page, JSON for an API read. */
export function storable(response: Response, kind: StoredKind = 'page'): boolean {
	if (response.status !== 200 || !response.body) return false;
	if (response.headers.has('set-cookie') || response.headers.has('content-encoding')) return false;
	if (/no-store|private/i.test(response.headers.get('cache-control') ?? '')) return false;
	return (kind === 'api' ? API_TYPE : PAGE_TYPE).test(response.headers.get('content-type') ?? '');
}

function facts(event: { request: Request; url: URL }): RequestFacts {
	return { method: event.request.method, url: event.url.pathname + event.url.search, header: (name) => event.request.headers.get(name) };
}

/** The SvelteKit side: serves stored pages, stores what may be stored, notes form posts. */
export function pageCacheHandle(cache: () => PageCache): Handle {
	return async ({ event, resolve }) => {
		const request = facts(event);
		const key = cacheKey(request);
		if (key === null) {
			const response = await resolve(event);
			if (request.method !== 'GET' && request.method !== 'HEAD') cache().checkSoon();
			return response;
		}
		const pages = cache();
		const current = await pages.refresh();
		let page = current ? (pages.get(key) ?? pages.stale(key)) : pages.lastKnown(key);
		if (!page) {
			if (!current) return resolve(event);
			if (request.method === 'HEAD') return resolve(event);
			const filled = await pages.fill(key, () => resolve(event));
			if (filled instanceof Response) return filled;
			page = filled;
		}
		const { status, headers, body } = represent(page, request);
		return new Response(body ? new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength) : null, { status, headers });
	};
}

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(', ') : value);

/**
 * The server's side (scripts/server.js): answers a request from a stored page without entering
 * SvelteKit, when that is certain to be right; otherwise returns false and the app answers.
 * Per hit: one key (a regular expression), one map lookup, prepared headers and bytes.
 */
export function serveFromCache(cache: PageCache | null, req: IncomingMessage, res: ServerResponse): boolean {
	if (!cache) return false;
	const method = req.method;
	if (method !== 'GET' && method !== 'HEAD') return false;
	const h = req.headers;
	if (h.cookie || h.authorization) return false;
	const key = keyOf(req.url ?? '', h['accept-language']);
	if (key === null) return false;
	const page = cache.peek(key);
	if (!page) return false;
	const { status, headers, body } = answer(page, method, header(h['accept-encoding']), header(h['if-none-match']));
	res.writeHead(status, headers);
	res.end(body ?? undefined);
	return true;
}

/** Where scripts/server.js finds `serve` (it cannot import the built app's modules). */
const SERVER_HOOK = Symbol.for('bildungsturbo.page-cache');
let shared: PageCache | null = null;

/** The process's one page cache, created on first use and offered to scripts/server.js. */
export function sharedPageCache(source: () => PageCacheSource, options?: PageCacheOptions): PageCache {
	if (!shared) {
		const from = source();
		const cache = new PageCache(from, options);
		shared = cache;
		from.subscribe?.(() => cache.checkSoon());
		// Under traffic, read the version before it is due, so the fast path rarely has to wait for it.
		const every = (options?.checkEveryMs ?? 1000) / 2;
		setInterval(() => {
			if (cache.busy()) void cache.refresh(every);
		}, every).unref();
		(globalThis as Record<symbol, unknown>)[SERVER_HOOK] = { serve: (req: IncomingMessage, res: ServerResponse) => serveFromCache(cache, req, res) };
	}
	return shared;
}
