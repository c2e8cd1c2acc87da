/**
 * The programme widget on another website: a page server on another origin (port 4800) serves a
 * club's page under a strict CSP that allows only the platform as script and connect source (no
 * inline styles, no eval), with the element and the compatibility div; Chromium shows the demo's
 * current project with its free places, register links to the platform, Arabic right-to-left, and
 * no CSP violation. Without JavaScript the snippet's own link stays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { Page } from 'playwright-core';
import ar from '../../messages/ar.json' with { type: 'json' };
import { axeViolations, baseUrl, htmlErrors, newPage, signIn } from './fixtures.ts';

const PORT = 4800;
const HOST = `http://127.0.0.1:${PORT}`;
const SLUG = 'digit-ready-iii';

let server: http.Server;
/** The CSP reports the browser posted (each names its page's address, so a run reads only its own). */
const reports: string[] = [];
let runs = 0;

function hostPage(base: string): string {
	return `<!doctype html>
<html lang="de">
<head><meta charset="utf-8"><title>Unser Verein</title><link rel="stylesheet" href="/site.css"></head>
<body>
<h1>Unser Verein</h1>
<script src="${base}/widget.js" async></script>
<bildungsturbo-programme project="${SLUG}" accent="#0b5cad">
  <a id="fallback-element" href="${base}/projekte/${SLUG}">Digit-Ready III: Termine und Anmeldung</a>
</bildungsturbo-programme>
<section lang="ar">
  <h2>البرنامج</h2>
  <div class="bildungsturbo-programme" data-project="${SLUG}" data-view="next" data-limit="3">
    <a id="fallback-div" href="${base}/ar/projekte/${SLUG}">Digit-Ready III</a>
  </div>
</section>
</body>
</html>`;
}

beforeAll(async () => {
	const base = baseUrl();
	// Only the platform may run scripts and be fetched; styles only from the page's own origin.
	const csp = `default-src 'none'; script-src ${base}; connect-src ${base}; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; report-uri /csp-report`;
	server = http.createServer((req, res) => {
		if (req.method === 'POST' && req.url === '/csp-report') {
			let body = '';
			req.on('data', (d) => (body += d));
			req.on('end', () => {
				reports.push(body);
				res.end();
			});
			return;
		}
		if (req.url === '/site.css') {
			res.setHeader('content-type', 'text/css');
			res.end('body { font-family: sans-serif; max-width: 50rem; }');
			return;
		}
		res.setHeader('cache-control', 'no-store');
		res.setHeader('content-type', 'text/html; charset=utf-8');
		res.setHeader('content-security-policy', csp);
		res.end(hostPage(base));
	});
	await new Promise<void>((resolve) => server.listen(PORT, '127.0.0.1', resolve));
});
afterAll(async () => {
	await new Promise((resolve) => server?.close(resolve));
});

/** The host page with JavaScript under its real CSP; violations seen by the page and the console. */
async function openHost(opts: { phone?: boolean } = {}) {
	const { page, context } = await newPage({ javaScript: true, keepCSP: true, phone: opts.phone });
	const consoleCsp: string[] = [];
	page.on('console', (msg) => {
		if (/Content Security Policy|Refused to/i.test(msg.text())) consoleCsp.push(msg.text());
	});
	// Init scripts come from the browser driver, not the page, so the page's CSP does not apply to them.
	await page.addInitScript(() => {
		const seen: string[] = [];
		(window as unknown as { __violations: string[] }).__violations = seen;
		document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
	});
	const run = `${HOST}/?run=${++runs}`;
	await page.goto(run);
	await page.locator('bildungsturbo-programme li').first().waitFor();
	await page.locator('div.bildungsturbo-programme li').first().waitFor();
	const violations = async () => [...(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)), ...consoleCsp, ...reports.filter((r) => r.includes(`"document-uri":"${run}"`))];
	return { page, context, violations };
}

interface ApiItem {
	id: number;
	title: { value: string };
	availability: { status: string; free: number | null };
	register_url: string | null;
	url: string;
}

async function apiItems(lang: string): Promise<ApiItem[]> {
	const res = await fetch(`${baseUrl()}/api/v1/projects/${SLUG}/items?lang=${lang}&limit=100`, { headers: { origin: HOST } });
	expect(res.headers.get('access-control-allow-origin')).toBe('*');
	return ((await res.json()) as { data: ApiItem[] }).data;
}

const shadowText = (page: Page, selector: string) => page.locator(selector).evaluate((el) => el.shadowRoot!.textContent ?? '');

describe('the programme widget on another origin', () => {
	it('shows the current project with free places and links to the platform under a strict CSP', async () => {
		const items = await apiItems('de');
		const open = items.find((i) => i.availability.status === 'open' && i.availability.free !== null)!;
		expect(open).toBeTruthy();
		const { page, context, violations } = await openHost();
		try {
			const text = await shadowText(page, 'bildungsturbo-programme');
			expect(text).toContain('Digit-Ready III');
			expect(text).toContain(open.title.value);
			expect(text).toContain(open.availability.free === 1 ? 'Noch 1 Platz frei' : `Noch ${open.availability.free} Plätze frei`);
			// The register link goes to the platform's own form, in the same tab on a wide screen.
			const register = page.locator('bildungsturbo-programme a.b', { hasText: 'Anmelden' }).first();
			const href = (await register.getAttribute('href'))!;
			expect(href.startsWith(`${baseUrl()}/projekte/${SLUG}/`)).toBe(true);
			expect(href.endsWith('#anmelden')).toBe(true);
			expect(await register.getAttribute('target')).toBeNull();
			// The accent colour came through the adopted stylesheet (the CSP allows no inline style).
			expect(await register.evaluate((a) => getComputedStyle(a).backgroundColor)).toBe('rgb(11, 92, 173)');
			// The snippet's fallback link is replaced by the widget; the host document got no style element.
			expect(await page.locator('#fallback-element').isVisible()).toBe(false);
			expect(await page.evaluate(() => document.querySelectorAll('style, [style]').length)).toBe(0);
			await register.click();
			await page.waitForURL((url) => url.origin === baseUrl() && url.pathname.startsWith(`/projekte/${SLUG}/`));
			expect(await violations()).toEqual([]);
		} finally {
			await context.close();
		}
	});

	it('upgrades the compatibility div in the language of its section: Arabic, right to left, the next dates', async () => {
		const { page, context, violations } = await openHost();
		try {
			const inner = page.locator('div.bildungsturbo-programme .w');
			expect(await inner.getAttribute('dir')).toBe('rtl');
			expect(await inner.getAttribute('lang')).toBe('ar');
			expect(await inner.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
			const rows = page.locator('div.bildungsturbo-programme li');
			expect(await rows.count()).toBeGreaterThan(0);
			expect(await rows.count()).toBeLessThanOrEqual(3);
			const text = await shadowText(page, 'div.bildungsturbo-programme');
			expect(text).toContain(ar.widget_all_dates);
			expect(text).toMatch(new RegExp(`${ar.pub_register}|${ar.pub_waitlist_register}`));
			const link = page.locator('div.bildungsturbo-programme a.b').first();
			expect((await link.getAttribute('href'))!.startsWith(`${baseUrl()}/ar/projekte/${SLUG}/`)).toBe(true);
			expect(await violations()).toEqual([]);
			// The watch works: an inline <style> in the host document is what this CSP refuses.
			await page.evaluate(() => document.head.append(Object.assign(document.createElement('style'), { textContent: 'h1 { color: red }' })));
			await expect.poll(violations).toContainEqual(expect.stringMatching(/^style-src/));
		} finally {
			await context.close();
		}
	});

	it('opens the platform in a new tab on a phone', async () => {
		const { page, context, violations } = await openHost({ phone: true });
		try {
			const register = page.locator('bildungsturbo-programme a.b').first();
			expect(await register.getAttribute('target')).toBe('_blank');
			expect(await register.getAttribute('rel')).toBe('noopener');
			const [tab] = await Promise.all([context.waitForEvent('page'), register.click()]);
			await tab.waitForLoadState();
			expect(new URL(tab.url()).origin).toBe(baseUrl());
			expect(await violations()).toEqual([]);
		} finally {
			await context.close();
		}
	});

	it('leaves the snippet\'s plain link without JavaScript', async () => {
		const { page, context } = await newPage();
		try {
			await page.goto(HOST);
			const fallback = page.locator('#fallback-element');
			expect(await fallback.isVisible()).toBe(true);
			expect(await fallback.getAttribute('href')).toBe(`${baseUrl()}/projekte/${SLUG}`);
			expect(await page.locator('#fallback-div').isVisible()).toBe(true);
			const res = await page.request.get(`${baseUrl()}/projekte/${SLUG}`);
			expect(res.status()).toBe(200);
		} finally {
			await context.close();
		}
	});

	it('is served compressed within 10 KB, cached, and revalidated by its ETag', async () => {
		const raw = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: number }>((resolve, reject) => {
			http.get(`${baseUrl()}/widget.js`, { headers: { 'accept-encoding': 'br, gzip' } }, (res) => {
				let bytes = 0;
				res.on('data', (d: Buffer) => (bytes += d.length));
				res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, bytes }));
			}).on('error', reject);
		});
		expect(raw.status).toBe(200);
		expect(raw.headers['content-encoding']).toBe('br');
		expect(raw.headers['content-type']).toBe('text/javascript; charset=utf-8');
		expect(raw.headers['cache-control']).toMatch(/public, max-age=86400/);
		expect(raw.bytes).toBeLessThanOrEqual(10 * 1024);
		const again = await fetch(`${baseUrl()}/widget.js`, { headers: { 'if-none-match': String(raw.headers.etag) } });
		expect(again.status).toBe(304);
	});

	it('has a snippet generator in the backoffice that shows the code and a live preview', async () => {
		// The site's own CSP stays off here only so that axe-core can be injected; the preview is the real widget.
		const { page, context } = await newPage({ javaScript: true });
		try {
			await signIn(page);
			await page.goto('/admin');
			await page.getByRole('link', { name: 'Widget für Websites' }).click();
			// The project is chosen, not taken from the list's order: other test files add current projects to the same server.
			await page.getByLabel('Projekt', { exact: true }).selectOption(SLUG);
			await page.getByLabel('Sprache', { exact: true }).selectOption('ar');
			await page.getByRole('radio', { name: 'Die nächsten Termine' }).check();
			await page.getByRole('button', { name: 'Code erzeugen' }).click();
			const code = await page.locator('pre').first().textContent();
			expect(code).toContain(`<script src="${baseUrl()}/widget.js" async></script>`);
			expect(code).toContain(`<bildungsturbo-programme project="${SLUG}" lang="ar" view="next"`);
			expect(code).toContain(`<a href="${baseUrl()}/ar/projekte/${SLUG}">`);
			await page.locator('bildungsturbo-programme li').first().waitFor();
			expect(await page.locator('bildungsturbo-programme .w').getAttribute('dir')).toBe('rtl');
			expect(await axeViolations(page)).toEqual([]);
			expect(await htmlErrors(await (await page.request.get(page.url())).text())).toEqual([]);
			// A wrong value is named at its field, and no code is shown.
			await page.getByLabel('Höchstens so viele Einträge').fill('500');
			await page.getByRole('button', { name: 'Code erzeugen' }).click();
			expect(await page.locator('#field-anzahl .error-text').textContent()).toContain('1 bis 50');
			expect(await page.locator('pre').count()).toBe(0);
		} finally {
			await context.close();
		}
	});
});
