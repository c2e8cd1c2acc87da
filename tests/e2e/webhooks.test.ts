import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { axeViolations, htmlErrors, newPage, signIn } from './fixtures.ts';
import { registerConfirmed } from './flows.ts';

/** The partner's receiver, on this machine (helper W's port); the app may post to http://127.0.0.1 on a local start. */
const PORT = 4747;
const received: { headers: Record<string, string>; body: string }[] = [];
let server: http.Server;
beforeAll(async () => {
	server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			received.push({ headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])), body: Buffer.concat(chunks).toString('utf8') });
			res.writeHead(204).end();
		});
	});
	await new Promise<void>((resolve) => server.listen(PORT, '127.0.0.1', resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('webhooks in the backoffice', () => {
	it('an admin registers an endpoint, sees its secret once, and a registration arrives signed and shows in the log', async () => {
		const { page: admin, context } = await newPage();
		await signIn(admin);
		await admin.goto('/admin/webhooks');
		await admin.getByLabel('Adresse des Empfängers').fill(`http://127.0.0.1:${PORT}/hooks`);
		await admin.getByLabel('Bezeichnung').fill('CRM (e2e)');
		await admin.getByRole('checkbox', { name: /Anmeldung eingegangen/ }).check();
		await admin.getByRole('button', { name: 'Webhook einrichten' }).click();
		const secret = (await admin.locator('#ergebnis code.secret').innerText()).trim();
		expect(secret).toMatch(/^whsec_/);
		// Once: the endpoint's own page never shows it.
		await admin.getByRole('link', { name: /Zustellungen und Einstellungen von CRM \(e2e\)/ }).first().click();
		expect(await admin.locator('main').innerText()).not.toContain('whsec_');

		const { page: visitor, context: visitorContext } = await newPage();
		await registerConfirmed(visitor, 'webhook-e2e@example.org');
		await visitorContext.close();

		await expect.poll(() => received.length, { timeout: 20_000 }).toBeGreaterThan(0);
		const payload = new Webhook(secret).verify(received[0].body, received[0].headers) as { type: string; data: Record<string, unknown> };
		expect(payload.type).toBe('registration.created');
		expect(payload.data.url).toMatch(/\/api\/v1\/registrations\/\d+$/);
		expect(received[0].body).not.toContain('webhook-e2e@example.org');

		await admin.reload();
		const row = admin.locator('#zustellungen tbody tr').first();
		expect(await row.innerText()).toContain('zugestellt');
		expect(await row.innerText()).toContain(received[0].headers['webhook-id']);

		// Replay: the same message again, with the same id.
		const count = received.length;
		await row.getByRole('button', { name: /Erneut senden/ }).click();
		expect(await admin.locator('#ergebnis').innerText()).toContain('mit derselben webhook-id');
		await expect.poll(() => received.length, { timeout: 20_000 }).toBeGreaterThan(count);
		expect(received.at(-1)!.headers['webhook-id']).toBe(received[0].headers['webhook-id']);

		// Renewing the secret asks first and shows the new one once.
		await admin.getByRole('link', { name: 'Schlüssel erneuern' }).click();
		await admin.locator('#bestaetigen').getByRole('button', { name: 'Neuen Schlüssel erzeugen' }).click();
		const renewed = (await admin.locator('#ergebnis code.secret').innerText()).trim();
		expect(renewed).toMatch(/^whsec_/);
		expect(renewed).not.toBe(secret);

		// Deleting asks first.
		await admin.getByRole('link', { name: 'Webhook löschen' }).click();
		await admin.locator('#loeschen').getByRole('button').first().click();
		await admin.waitForURL(/geloescht/);
		expect(await admin.locator('main').innerText()).not.toContain('CRM (e2e)');
		await context.close();
	});

	it('the list, a refused form and the endpoint page are valid HTML and pass axe, in German and Arabic', async () => {
		const { page: admin, context } = await newPage({ phone: true, javaScript: true });
		await signIn(admin);
		await admin.goto('/ar/admin/webhooks');
		// A plain-http address to another host and no event: both refused next to their fields.
		await admin.locator('#f-url').fill('http://crm.example.org/hooks');
		await admin.locator('#neu form button').click();
		await admin.waitForLoadState();
		expect(await admin.locator('#f-url-error').innerText()).not.toBe('');
		expect(await admin.locator('#f-events-error').innerText()).not.toBe('');
		expect(await htmlErrors(await admin.content())).toEqual([]);
		expect(await axeViolations(admin)).toEqual([]);
		await admin.goto('/admin/webhooks');
		await admin.locator('#f-url').fill(`http://127.0.0.1:${PORT}/a11y`);
		await admin.getByRole('checkbox', { name: /Projekt veröffentlicht/ }).check();
		await admin.locator('#neu form button').click();
		await admin.locator('#ergebnis a').click();
		for (const path of [new URL(admin.url()).pathname, '/admin/webhooks']) {
			await admin.goto(path);
			expect(await htmlErrors(await admin.content()), path).toEqual([]);
			expect(await axeViolations(admin), path).toEqual([]);
		}
		await context.close();
	});

	it('is for admins only: a signed-out visitor gets no webhook page', async () => {
		const { page, context } = await newPage();
		await page.goto('/admin/webhooks/1');
		expect(new URL(page.url()).pathname).toBe('/admin/anmelden');
		await context.close();
	});
});
