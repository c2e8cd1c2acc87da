import { describe, expect, it } from 'vitest';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { compressResponse } from './compression.ts';

const TEXT = 'Name;Verein;Termin\n'.repeat(200);

const request = (acceptEncoding?: string, method = 'GET') => new Request('http://localhost/x', { method, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });
const answer = (type: string, body: string | Uint8Array<ArrayBuffer> = TEXT, headers: Record<string, string> = {}) => new Response(body, { headers: { 'content-type': type, ...headers } });

describe('compressResponse', () => {
	it('brotli for HTML, JSON, CSV and iCalendar when accepted, gzip otherwise', async () => {
		for (const type of ['text/html', 'application/json', 'text/csv; charset=utf-8', 'text/calendar; charset=utf-8']) {
			const br = compressResponse(request('gzip, br'), answer(type));
			expect(br.headers.get('content-encoding'), type).toBe('br');
			expect(br.headers.get('vary')).toBe('Accept-Encoding');
			expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toBe(TEXT);
			const gz = compressResponse(request('gzip'), answer(type));
			expect(gz.headers.get('content-encoding')).toBe('gzip');
			expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(TEXT);
		}
	});

	it('plain for clients that do not accept it (saying Vary), for small or binary answers, HEAD, and what is encoded already', async () => {
		const plain = compressResponse(request(), answer('text/html'));
		expect(plain.headers.get('content-encoding')).toBeNull();
		expect(plain.headers.get('vary')).toBe('Accept-Encoding');
		expect(await plain.text()).toBe(TEXT);
		expect(compressResponse(request('br'), answer('text/html', 'kurz', { 'content-length': '4' })).headers.get('content-encoding')).toBeNull();
		expect(compressResponse(request('br'), answer('application/pdf', new Uint8Array(4096))).headers.get('content-encoding')).toBeNull();
		expect(compressResponse(request('br', 'HEAD'), new Response(null, { headers: { 'content-type': 'text/html' } })).headers.get('content-encoding')).toBeNull();
		const stored = answer('text/html', TEXT, { 'content-encoding': 'gzip' });
		expect(compressResponse(request('br'), stored)).toBe(stored);
	});

	it('weakens a strong ETag of what it compresses', () => {
		expect(compressResponse(request('br'), answer('text/html', TEXT, { etag: '"abc"' })).headers.get('etag')).toBe('W/"abc"');
	});
});
