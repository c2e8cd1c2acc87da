/**
 * The one fixtures module of the browser tests: Debian's Chromium through playwright-core,
 * a page per test, sign-in as the test admin, axe-core and html-validate on a page.
 */
import { afterAll, beforeAll, inject } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import { HtmlValidate } from 'html-validate';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const baseUrl = () => inject('baseUrl');

let browser: Browser;
beforeAll(async () => {
	browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
	});
});
afterAll(async () => {
	await browser?.close();
});

/** A fresh browser context (own cookies), phone-sized when asked, JavaScript off by default. */
export async function newPage(opts: { phone?: boolean; javaScript?: boolean; keepCSP?: boolean } = {}): Promise<{ page: Page; context: BrowserContext }> {
	const context = await browser.newContext({
		baseURL: baseUrl(),
		javaScriptEnabled: opts.javaScript ?? false,
		// The site's CSP rightly refuses injected scripts; axe-core is injected only by the tests.
		// `keepCSP` runs the site's own scripts under its real policy (no axe-core then).
		bypassCSP: (opts.javaScript ?? false) && !opts.keepCSP,
		viewport: opts.phone ? { width: 375, height: 740 } : { width: 1280, height: 900 },
		locale: 'de-DE',
		timezoneId: 'America/New_York'
	});
	return { page: await context.newPage(), context };
}

export async function signIn(page: Page) {
	await page.goto('/admin/anmelden');
	await page.getByLabel('E-Mail-Adresse').fill(inject('adminEmail'));
	await page.getByLabel('Passwort').fill(inject('adminPassword'));
	await page.getByRole('button', { name: 'Anmelden' }).click();
	await page.waitForURL((url) => url.pathname === '/admin');
}

/** axe-core violations (WCAG 2.x A/AA rules) of the page as loaded. */
export async function axeViolations(page: Page) {
	await page.addScriptTag({ content: AXE_SOURCE });
	return page.evaluate(async () => {
		// @ts-expect-error axe is injected above
		const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
		return result.violations.map((v: { id: string; nodes: { target: string[] }[] }) => ({ id: v.id, targets: v.nodes.map((n) => n.target.join(' ')) }));
	});
}

const validator = new HtmlValidate({
	extends: ['html-validate:standard'],
	rules: {
		// Svelte's SSR output: comment markers and whitespace are fine; inline styles come from SvelteKit.
		'no-inline-style': 'off',
		'no-trailing-whitespace': 'off',
		'attribute-boolean-style': 'off',
		'void-style': 'off',
		'no-redundant-role': 'off'
	}
});

export async function htmlErrors(html: string) {
	const report = await validator.validateString(html);
	return report.results.flatMap((r) => r.messages.map((msg) => `${msg.ruleId}: ${msg.message} (line ${msg.line})`));
}
