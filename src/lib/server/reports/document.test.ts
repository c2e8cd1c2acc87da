import { describe, expect, it } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { createDocument } from './document.ts';
import { DEMO_LOGO_PNG } from '../settings/demo-logo.ts';

async function pages(pdf: Buffer): Promise<string[]> {
	const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: false });
	return text as string[];
}

const branding = { name: 'Beispiel Bildungswerk e. V.', logo: DEMO_LOGO_PNG };
const long = Array.from({ length: 160 }, (_, i) => `Absatz ${i + 1}: Maßnahmen der Organisationsentwicklung im Verein.`).join(' ');

describe('the document style', () => {
	it('carries title, subtitle and the provider on the first page, and "Seite n von N" with the provider on every page', async () => {
		const d = createDocument({ locale: 'de', title: 'Bericht an den Fördergeber', subtitle: 'Digit-Ready III · 2027', branding, verifyUrl: 'https://bildung.example/zertifikat/abc' });
		d.titleBlock();
		d.heading('Teilnahme');
		d.paragraph(long);
		const text = await pages(await d.finish());
		expect(text.length).toBeGreaterThanOrEqual(2);
		expect(text[0]).toContain('Bericht an den Fördergeber');
		expect(text[0]).toContain('Digit-Ready III · 2027');
		text.forEach((page, i) => {
			expect(page).toContain(`Seite ${i + 1} von ${text.length}`);
			expect(page).toContain('Beispiel Bildungswerk e. V.');
			expect(page).toContain('https://bildung.example/zertifikat/abc');
		});
		// A long paragraph continues on the next page: nothing is lost at the page break.
		expect(text.join(' ')).toContain('Absatz 160:');
		expect(text.join(' ').match(/Absatz \d+:/g)?.length).toBe(160);
	});

	it('numbers the pages in the document\'s language and script direction', async () => {
		const d = createDocument({ locale: 'ar', title: 'خطة التطوير', branding: { name: '', logo: null } });
		d.titleBlock();
		d.addPage();
		const text = await pages(await d.finish());
		expect(text[0]).toContain('خطة التطوير');
		expect(text[1]).toContain('الصفحة 2 من 2');
		// Without a provider name, the platform's.
		expect(text[0]).toContain('Bildungsturbo');
	});
});
