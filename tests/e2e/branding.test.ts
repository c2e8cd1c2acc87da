import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createCanvas } from '@napi-rs/canvas';
import { DEMO_LOGO_PNG } from '../../src/lib/server/settings/demo-logo.ts';
import { axeViolations, baseUrl, htmlErrors, newPage, signIn } from './fixtures.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'branding-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: Buffer): string {
	const p = path.join(dir, name);
	fs.writeFileSync(p, bytes);
	return p;
}

/** A small PNG logo: a plum square with a white circle. */
function logoPng(): Buffer {
	const canvas = createCanvas(120, 120);
	const g = canvas.getContext('2d');
	g.fillStyle = '#6b1f5c';
	g.fillRect(0, 0, 120, 120);
	g.fillStyle = '#ffffff';
	g.beginPath();
	g.arc(60, 60, 30, 0, Math.PI * 2);
	g.fill();
	return canvas.toBuffer('image/png');
}

const ACCENT = '#6b1f5c';

describe('provider branding (no JavaScript)', () => {
	it('staff set name, logo and accent colour; the public start page shows them; bad input is refused next to its field', async () => {
		const { page, context } = await newPage();
		await signIn(page);
		await page.goto('/admin/einstellungen');
		const form = page.locator('form[action*="branding"]');
		const name = form.getByLabel('Name des Trägers');
		const colour = form.getByLabel(/Akzentfarbe/);

		// A colour too light on white: refused with its ratio, everything typed kept.
		await name.fill('Bildungswerk Nordlicht e. V.');
		await colour.fill('#ffcc00');
		await form.getByLabel(/Anschrift/).fill('Hafenstraße 5\n24103 Kiel');
		await form.getByRole('button', { name: 'Speichern' }).click();
		expect(page.url()).toContain('einstellungen');
		expect(await page.locator('#f-accentColour-error').innerText()).toContain('Kontrast 1,5 : 1');
		expect(await page.locator('#f-accentColour-error').innerText()).toContain('mindestens 4,5 : 1');
		expect(await name.inputValue()).toBe('Bildungswerk Nordlicht e. V.');
		expect(await colour.inputValue()).toBe('#ffcc00');
		expect(await form.getByLabel(/Anschrift/).inputValue()).toBe('Hafenstraße 5\n24103 Kiel');
		expect(await page.locator('#ergebnis-marke').isVisible()).toBe(true);

		// A file that only calls itself a PNG: refused with a sentence, never a 500.
		await colour.fill(ACCENT);
		await form.locator('input[type="file"]').setInputFiles(file('logo.png', Buffer.from('this is not an image, only a text file')));
		const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), form.getByRole('button', { name: 'Speichern' }).click()]);
		expect(refused.status()).toBe(400);
		expect(await page.locator('#f-logo-error').innerText()).toBe('Das Logo muss ein PNG- oder JPEG-Bild sein.');
		expect(await name.inputValue()).toBe('Bildungswerk Nordlicht e. V.');
		expect(await colour.inputValue()).toBe(ACCENT);

		// Now a real PNG and a dark enough colour.
		const png = logoPng();
		await form.locator('input[type="file"]').setInputFiles(file('logo.png', png));
		await form.getByRole('button', { name: 'Speichern' }).click();
		await page.waitForURL(/marke-gespeichert/);
		expect(await page.locator('#ergebnis-marke').innerText()).toContain('Gespeichert');
		await context.close();

		// A visitor (no cookie: the stored public page) sees logo, name and colour at once.
		const visitor = await newPage();
		await visitor.page.goto('/');
		const brand = visitor.page.locator('header .brand');
		expect(await brand.innerText()).toContain('Bildungswerk Nordlicht e. V.');
		const src = await brand.locator('img').getAttribute('src');
		expect(src).toMatch(/^\/marke\/logo\?v=[0-9a-f]{16}$/);
		expect(await brand.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(120);
		expect(await visitor.page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--brand').trim())).toBe(ACCENT);
		// Buttons and links take the accent.
		const linkColour = await visitor.page.locator('main a').first().evaluate((a) => getComputedStyle(a).color);
		expect(linkColour).toBe('rgb(107, 31, 92)');
		// The footer carries the provider's contact beside the legal links.
		const footer = await visitor.page.locator('footer.legal-footer').innerText();
		expect(footer).toContain('Bildungswerk Nordlicht e. V.');
		expect(footer).toContain('24103 Kiel');
		await visitor.context.close();

		// The logo's URL: the uploaded bytes, versioned, cacheable for a year, answering 304 to its ETag.
		const res = await fetch(`${baseUrl()}${src}`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('image/png');
		expect(res.headers.get('cache-control')).toContain('immutable');
		expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), png)).toBe(0);
		const again = await fetch(`${baseUrl()}${src}`, { headers: { 'if-none-match': res.headers.get('etag')! } });
		expect(again.status).toBe(304);
	});

	it('the settings form with its errors, and the branded start page, pass axe and HTML validation in German and Arabic', async () => {
		const { page, context } = await newPage({ javaScript: true });
		await signIn(page);
		for (const prefix of ['', '/ar']) {
			await page.goto(`${prefix}/admin/einstellungen`);
			const form = page.locator('form[action*="branding"]');
			await form.locator('input[name="accentColour"]').fill('#ffcc00');
			await form.locator('input[name="contactWeb"]').fill('ftp://example.org');
			await form.locator('button').click();
			await page.waitForLoadState();
			expect(await page.locator('#f-accentColour-error').count(), prefix).toBe(1);
			expect(await axeViolations(page), prefix).toEqual([]);
			expect(await htmlErrors(await page.content()), prefix).toEqual([]);
			await page.goto(`${prefix}/`);
			expect(await axeViolations(page), prefix).toEqual([]);
			expect(await htmlErrors(await page.content()), prefix).toEqual([]);
		}
		await context.close();
	});

	it('answers 404 for the logo while none is set, then gives the demo provider back (other browser tests see the demo as it starts)', async () => {
		const { page, context } = await newPage();
		await signIn(page);
		await page.goto('/admin/einstellungen');
		const form = page.locator('form[action*="branding"]');
		await form.getByLabel('Logo entfernen').check();
		await form.getByRole('button', { name: 'Speichern' }).click();
		await page.waitForURL(/marke-gespeichert/);
		expect((await fetch(`${baseUrl()}/marke/logo?v=0123456789abcdef`)).status).toBe(404);
		expect(await (await fetch(`${baseUrl()}/`)).text()).not.toContain('/marke/logo');
		await form.getByLabel('Name des Trägers').fill('Brückenwerk Bildung e. V. (fiktiver Demo-Träger)');
		await form.getByLabel(/Akzentfarbe/).fill('');
		await form.getByLabel(/Anschrift/).fill('Musterstraße 1\n12345 Beispielstadt');
		await form.locator('input[type="file"]').setInputFiles(file('demo.png', DEMO_LOGO_PNG));
		await form.getByRole('button', { name: 'Speichern' }).click();
		await page.waitForURL(/marke-gespeichert/);
		await context.close();
		const html = await (await fetch(`${baseUrl()}/`)).text();
		expect(html).toContain('fiktiver Demo-Träger');
		expect(html).not.toContain(':root:root{--brand:');
	});
});
