/**
 * Compresses the app's own text answers (HTML, JSON, CSV, iCalendar) for clients that accept it:
 * brotli at a fast level, else gzip, streamed. Stored public pages come precompressed from the
 * page cache (page-cache.ts) and pass untouched; static files are precompressed by the build.
 */
import { Readable, pipeline } from 'node:stream';
import zlib from 'node:zlib';
import type { Handle } from '@sveltejs/kit/hooks';
import { chooseEncoding, isCompressible } from './encoding.ts';

/** Below this many bytes compression saves less than it costs. */
const MIN_BYTES = 1024;

export function compressResponse(request: Request, response: Response): Response {
	if (!response.body || request.method === 'HEAD') return response;
	if (response.status < 200 || response.status === 204 || response.status === 206 || response.status === 304) return response;
	if (response.headers.has('content-encoding') || !isCompressible(response.headers.get('content-type'))) return response;
	if (/no-transform/i.test(response.headers.get('cache-control') ?? '')) return response;
	const length = Number(response.headers.get('content-length') ?? NaN);
	if (length < MIN_BYTES) return response;
	const headers = new Headers(response.headers);
	const vary = headers.get('vary');
	if (!vary || !/accept-encoding|\*/i.test(vary)) headers.set('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
	const encoding = chooseEncoding(request.headers.get('accept-encoding'));
	if (!encoding) return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
	const compressor =
		encoding === 'br'
			? zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4, ...(length > 0 ? { [zlib.constants.BROTLI_PARAM_SIZE_HINT]: length } : {}) } })
			: zlib.createGzip({ level: 6 });
	// pipeline destroys the compressor when the source fails, so the client sees the error.
	const body = Readable.toWeb(pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), compressor, () => {})) as ReadableStream;
	headers.delete('content-length');
	headers.set('content-encoding', encoding);
	const etag = headers.get('etag');
	if (etag && !etag.startsWith('W/')) headers.set('etag', `W/${etag}`);
	return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

export const handleCompression: Handle = async ({ event, resolve }) => compressResponse(event.request, await resolve(event));
