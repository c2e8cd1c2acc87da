import { describe, expect, it } from 'vitest';
import { axeViolations, htmlErrors, newPage } from './fixtures.ts';

describe('an old or unknown participant link', () => {
	it('offers a new link by mail, in the page language, and answers the same for any address', async () => {
		const { page, context } = await newPage({ phone: true });
		// A link of the earlier kind (base64 email + HMAC): refused like any unknown one.
		const old = `${Buffer.from('someone@example.org').toString('base64url')}.c2lnbmF0dXJlLW9mLWFuLW9sZC1saW5r`;
		const res = await page.goto(`/ar/teilnahme/${old}`);
		expect(res!.headers()['cache-control']).toContain('no-store');
		expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
		expect(await page.locator('h1').innerText()).toBe('هذا الرابط لم يعد صالحًا');
		expect(await htmlErrors(await page.content())).toEqual([]);
		{
			const { page: check, context: checkContext } = await newPage({ javaScript: true });
			await check.goto(`/ar/teilnahme/${old}`);
			expect(await axeViolations(check)).toEqual([]);
			await checkContext.close();
		}

		// A typo: an error in Arabic, the typed text stays.
		await page.getByLabel('عنوان بريدكم الإلكتروني').fill('kein-email');
		await page.getByRole('button', { name: 'إرسال رابط جديد' }).click();
		expect(new URL(page.url()).pathname).toBe('/ar/teilnahme');
		expect(await page.locator('#link-email-error').innerText()).not.toBe('');
		expect(await page.getByLabel('عنوان بريدكم الإلكتروني').inputValue()).toBe('kein-email');

		// An address nobody registered with gets the same answer as a known one.
		await page.getByLabel('عنوان بريدكم الإلكتروني').fill('nobody-here@example.org');
		await page.getByRole('button', { name: 'إرسال رابط جديد' }).click();
		await page.waitForURL('**/ar/teilnahme?gesendet');
		expect(await page.getByRole('status').innerText()).toContain('إذا كانت هناك تسجيلات بهذا العنوان');
		await context.close();
	});
});
