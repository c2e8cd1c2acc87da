import { describe, expect, it } from 'vitest';
import zlib from 'node:zlib';
import ar from '../../../../messages/ar.json' with { type: 'json' };
import { WIDGET_SCRIPT, WIDGET_VERSION, widgetScriptResponse } from './script.ts';

const url = (path: string) => new URL(path, 'https://programm.example.org');

describe('the widget script', () => {
	it('stays within 10 KB compressed (brotli and gzip)', () => {
		const brotli = zlib.brotliCompressSync(WIDGET_SCRIPT, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } }).length;
		const gzip = zlib.gzipSync(WIDGET_SCRIPT, { level: 6 }).length;
		console.info(`widget.js: ${WIDGET_SCRIPT.length} B, brotli ${brotli} B, gzip ${gzip} B`);
		expect(brotli).toBeLessThanOrEqual(10 * 1024);
		expect(gzip).toBeLessThanOrEqual(10 * 1024);
	});

	it('is a minified ES2019 script that works under a strict CSP: no eval, no inline style, no HTML parsing of data', () => {
		expect(WIDGET_SCRIPT).not.toMatch(/\beval\(|new Function|innerHTML|insertAdjacentHTML|document\.write|\.style\.|setAttribute\("style"/);
		expect(WIDGET_SCRIPT).toContain('adoptedStyleSheets');
		expect(WIDGET_SCRIPT).not.toMatch(/\bimport\s*\(|\?\?|\?\./); // ES2019: no module syntax, no ?? or ?.
		expect(WIDGET_SCRIPT).toContain('bildungsturbo-programme');
	});

	it('carries the UI strings of the message catalogues', () => {
		expect(WIDGET_SCRIPT).toContain(ar.pub_register);
		expect(WIDGET_SCRIPT).toContain(ar.widget_new_tab);
		expect(WIDGET_SCRIPT).toContain('Noch {count} Plätze frei');
	});

	it('is cached a day under its plain address and a year under its versioned one, revalidated by ETag', async () => {
		const plain = widgetScriptResponse(new Request(url('/widget.js')), url('/widget.js'));
		expect(plain.status).toBe(200);
		expect(plain.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
		expect(plain.headers.get('cache-control')).toMatch(/max-age=86400/);
		expect(plain.headers.get('access-control-allow-origin')).toBe('*');
		expect(await plain.text()).toBe(WIDGET_SCRIPT);
		const versioned = widgetScriptResponse(new Request(url('/widget.js')), url(`/widget.js?v=${WIDGET_VERSION}`));
		expect(versioned.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
		const stale = widgetScriptResponse(new Request(url('/widget.js')), url('/widget.js?v=older'));
		expect(stale.headers.get('cache-control')).toMatch(/max-age=86400/);
		const etag = plain.headers.get('etag')!;
		const again = widgetScriptResponse(new Request(url('/widget.js'), { headers: { 'if-none-match': `W/${etag}` } }), url('/widget.js'));
		expect(again.status).toBe(304);
		expect(await again.text()).toBe('');
	});
});
