/**
 * The public page cache. A public page's bytes (start page, archive, project and item pages, the
 * legal pages, the iCalendar feeds) depend only on the published programme, the language (part of
 * the path) and the time: they are rendered once per path, kept with their brotli and gzip
 * versions, and served until the programme changes or a time-dependent detail does.
 *
 * - Programme changes: every transaction that changes what public pages show raises the row in
 *   `public_version` at its commit (database triggers, drizzle/0017). The cache reads that version
 *   at most every `checkEveryMs` (one indexed read), and before the next request after any form
 *   post on this instance, so a change is never served stale after its commit on this instance
 *   and at most `checkEveryMs` on another.
 * - Time: `nextChange` says when the next session starts or ends, a meeting link expires or the
 *   day changes; the whole cache is dropped then.
 * - Never cached: anything but GET/HEAD of the paths below, a request with a query string, a
 *   cookie (a session) or credentials, and any response that is not a plain 200 (no cookie set, no
 *   `no-store`). Participant, association and backoffice pages never match the paths.
 *
 * Hits are served twice as fast as SvelteKit can by scripts/server.js, which asks `fastPath()`
 * before handing a request to the app (synchronous; only while the version was checked recently).
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Handle } from '@sveltejs/kit/hooks';
import { BASE_LOCALE, LOCALES } from '../../i18n/locales.ts';
import { chooseEncoding, matchesEtag, type Encoding } from './encoding.ts';

/** Browsers revalidate (ETag, 304); a proxy or CDN in front may keep a page briefly. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=0, s-maxage=30, stale-while-revalidate=30';

const prefixes = LOCALES.filter((l) => l !== BASE_LOCALE).join('|');
/** Start page, archive, legal pages, project and item pages and their feeds, a project's handbook, in every language. */
const PUBLIC_PAGE = new RegExp(`^(?:/(?:${prefixes}))?(?:/|/archiv|/impressum|/datenschutz|/projekte/[a-z0-9-]+(?:(?:/[0-9]+)?(?:/kalender\\.ics)?|/handbuch))?$`);
const STORABLE_TYPE = /^(?:text\/html|text\/calendar)\b/i;
/** Headers that belong to one representation or one request, not to the stored page. */
const DROPPED = new Set(['content-length', 'content-encoding', 'etag', 'cache-control', 'vary', 'date', 'connection', 'keep-alive', 'transfer-encoding', 'set-cookie']);

export interface RequestFacts {
	method: string;
	/** Path and query as requested. */
	url: string;
	header(name: string): string | null | undefined;
}

/** Whether a request may be answered from the cache (and its answer stored). */
export function isCacheableRequest(r: RequestFacts): boolean {
	if (r.method !== 'GET' && r.method !== 'HEAD') return false;
	if (r.url.includes('?')) return false;
	if (r.header('cookie') || r.header('authorization')) return false;
	return PUBLIC_PAGE.test(r.url);
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
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Stores a rendered page: its bytes, compressed once at the highest levels (it is served many times). */
export async function toCachedPage(status: number, headers: Headers, body: Buffer, storedAt: number): Promise<CachedPage> {
	const kept: [string, string][] = [];
	headers.forEach((value, name) => {
		if (!DROPPED.has(name.toLowerCase())) kept.push([name.toLowerCase(), value]);
	});
	const [br, gz] = await Promise.all([
		brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
		gzip(body, { level: 9 })
	]);
	return {
		status,
		headers: kept,
		body,
		br: br.length < body.length ? br : null,
		gzip: gz.length < body.length ? gz : null,
		tag: createHash('sha256').update(body).digest('base64url').slice(0, 22),
		storedAt
	};
}

export interface Representation {
	status: number;
	headers: Record<string, string>;
	/** null for HEAD and 304. */
	body: Buffer | null;
}

interface Variant {
	etag: string;
	headers: Record<string, string>;
	body: Buffer;
}

/** Each stored page's answer per encoding, built once: a hit only picks one. */
const variants = new WeakMap<CachedPage, Map<Encoding | 'identity', Variant>>();
/** Accept-Encoding values seen (browsers send a handful), with the encoding chosen for each. */
const chosen = new Map<string, Encoding | null>();

function variant(page: CachedPage, encoding: Encoding | null): Variant {
	let byEncoding = variants.get(page);
	if (!byEncoding) variants.set(page, (byEncoding = new Map()));
	const key = encoding ?? 'identity';
	let v = byEncoding.get(key);
	if (!v) {
		const body = encoding === 'br' ? page.br! : encoding === 'gzip' ? page.gzip! : page.body;
		const etag = `"${page.tag}${encoding ? `-${encoding}` : ''}"`;
		const headers: Record<string, string> = Object.fromEntries(page.headers);
		Object.assign(headers, { 'cache-control': PUBLIC_CACHE_CONTROL, etag, vary: 'Accept-Encoding', 'content-length': String(body.length) });
		if (encoding) headers['content-encoding'] = encoding;
		byEncoding.set(key, (v = { etag, headers, body }));
	}
	return v;
}

function encodingFor(page: CachedPage, acceptEncoding: string | null | undefined): Encoding | null {
	const available: Encoding[] = [...(page.br ? (['br'] as const) : []), ...(page.gzip ? (['gzip'] as const) : [])];
	const key = `${available.join()}|${acceptEncoding ?? ''}`;
	let encoding = chosen.get(key);
	if (encoding === undefined) {
		encoding = chooseEncoding(acceptEncoding, available);
		if (chosen.size >= 256) chosen.clear();
		chosen.set(key, encoding);
	}
	return encoding;
}

/** The answer to one request from a stored page: encoding by `Accept-Encoding`, 304 by `If-None-Match`. */
export function represent(page: CachedPage, r: RequestFacts): Representation {
	const v = variant(page, encodingFor(page, r.header('accept-encoding')));
	const ifNoneMatch = r.header('if-none-match');
	if (ifNoneMatch && matchesEtag(ifNoneMatch, v.etag)) return { status: 304, headers: { 'cache-control': PUBLIC_CACHE_CONTROL, etag: v.etag, vary: 'Accept-Encoding' }, body: null };
	return { status: page.status, headers: v.headers, body: r.method === 'HEAD' ? null : v.body };
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
	/** A safety net: no page is served older than this. */
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
	/** When the next time-dependent detail changes: every page goes then. */
	#validUntil = -Infinity;
	/** Raised whenever the pages are dropped: a render begun before does not store its result. */
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
	 * form was posted since); false when the database cannot say.
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
			if (version !== this.#version || started >= this.#validUntil) {
				this.#drop();
				this.#version = version;
				this.#validUntil = -Infinity;
				const next = await this.#source.nextChange(new Date(started));
				this.#validUntil = next ? next.getTime() : Infinity;
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

	/** A stored page for `key`; call `refresh` first (or use `peek`). */
	get(key: string): CachedPage | null {
		this.#usedAt = this.#now();
		const page = this.#pages.get(key);
		if (!page) return null;
		if (this.#now() - page.storedAt >= this.#maxAgeMs) {
			this.#pages.delete(key);
			return null;
		}
		return page;
	}

	/**
	 * A page stored before the database stopped answering (`refresh` returned false): better a page
	 * as of the outage's start than a 503 for a visitor who only wants to read the programme.
	 */
	lastKnown(key: string): CachedPage | null {
		return this.get(key);
	}

	/** A stored page that may be served right now without any await (the server's fast path). */
	peek(key: string): CachedPage | null {
		return this.fresh() ? this.get(key) : null;
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
		let settle!: (page: CachedPage | null) => void;
		this.#filling.set(key, new Promise((resolve) => (settle = resolve)));
		try {
			const response = await render();
			if (!storable(response)) {
				settle(null);
				return response;
			}
			const page = await toCachedPage(response.status, response.headers, Buffer.from(await response.arrayBuffer()), this.#now());
			if (epoch === this.#epoch) {
				if (this.#pages.size >= this.#maxEntries) this.#pages.delete(this.#pages.keys().next().value!);
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

/** A 200 with HTML or iCalendar that sets no cookie and does not forbid storing. */
export function storable(response: Response): boolean {
	if (response.status !== 200 || !response.body) return false;
	if (response.headers.has('set-cookie') || response.headers.has('content-encoding')) return false;
	if (/no-store|private/i.test(response.headers.get('cache-control') ?? '')) return false;
	return STORABLE_TYPE.test(response.headers.get('content-type') ?? '');
}

function facts(event: { request: Request; url: URL }): RequestFacts {
	return { method: event.request.method, url: event.url.pathname + event.url.search, header: (name) => event.request.headers.get(name) };
}

/** The SvelteKit side: serves stored pages, stores what may be stored, notes form posts. */
export function pageCacheHandle(cache: () => PageCache): Handle {
	return async ({ event, resolve }) => {
		const request = facts(event);
		if (!isCacheableRequest(request)) {
			const response = await resolve(event);
			if (request.method !== 'GET' && request.method !== 'HEAD') cache().checkSoon();
			return response;
		}
		const pages = cache();
		const key = event.url.pathname;
		const current = await pages.refresh();
		let page = current ? pages.get(key) : pages.lastKnown(key);
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

/**
 * The server's side (scripts/server.js): answers a request from a stored page without entering
 * SvelteKit, when that is certain to be right; otherwise returns false and the app answers.
 */
export function serveFromCache(cache: PageCache | null, req: IncomingMessage, res: ServerResponse): boolean {
	if (!cache) return false;
	const url = req.url ?? '';
	const request: RequestFacts = {
		method: req.method ?? '',
		url,
		header: (name) => {
			const value = req.headers[name];
			return Array.isArray(value) ? value.join(', ') : value;
		}
	};
	if (!isCacheableRequest(request)) return false;
	const page = cache.peek(url);
	if (!page) return false;
	const { status, headers, body } = represent(page, request);
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
