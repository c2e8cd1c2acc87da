import { describe, expect, it } from 'vitest';
import { checkLogo, contrastRatio, MAX_LOGO_BYTES, parseBrandingForm, parseHexColour, shownRatio, sniffImageType } from './branding.ts';

const form = (values: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(values)) f.set(k, v);
	return f;
};
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];
const JPEG = [0xff, 0xd8, 0xff, 0xe0, 0, 16];

describe('accent colour', () => {
	it('accepts #abc and #aabbcc in any case, nothing else', () => {
		expect(parseHexColour(' #1D4F91 ')).toBe('#1d4f91');
		expect(parseHexColour('#0af')).toBe('#00aaff');
		for (const bad of ['1d4f91', '#1d4f9', '#1d4f911', 'blue', 'rgb(0,0,0)', '#ggg', '']) expect(parseHexColour(bad)).toBeNull();
	});

	it('computes the WCAG contrast ratio', () => {
		expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
		expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
		// Known values: #767676 is the lightest grey with 4.5:1 on white, #777777 just misses it.
		expect(contrastRatio('#767676', '#ffffff')).toBeGreaterThanOrEqual(4.5);
		expect(contrastRatio('#777777', '#ffffff')).toBeLessThan(4.5);
		expect(contrastRatio('#0b5cad', '#ffffff')).toBeCloseTo(6.67, 2);
		// Symmetric.
		expect(contrastRatio('#ffffff', '#0b5cad')).toBe(contrastRatio('#0b5cad', '#ffffff'));
		// Shown rounded down, so a colour just under the limit never reads "4.5".
		expect(shownRatio(4.4999)).toBe(4.4);
	});

	it('refuses a colour too light on white with its ratio, in the reader\'s number format, keeping what was typed', () => {
		const parsed = parseBrandingForm(form({ providerName: 'Träger e. V.', accentColour: '#ffcc00' }), 'de');
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.errors.accentColour).toEqual({ key: 'err_brand_contrast', params: { ratio: '1,5', min: '4,5' } });
		expect(parsed.values).toMatchObject({ providerName: 'Träger e. V.', accentColour: '#ffcc00' });
		const en = parseBrandingForm(form({ accentColour: '#ffcc00' }), 'en');
		expect(!en.ok && en.errors.accentColour.params).toEqual({ ratio: '1.5', min: '4.5' });
	});

	it('refuses what is not a colour, and stores a good one normalised; empty means the default', () => {
		const bad = parseBrandingForm(form({ accentColour: 'dunkelblau' }));
		expect(!bad.ok && bad.errors.accentColour.key).toBe('err_brand_colour');
		const good = parseBrandingForm(form({ providerName: ' Träger e. V. ', accentColour: '#1D4F91', contactEmail: 'info@traeger.example', contactWeb: 'https://traeger.example' }));
		expect(good.ok && good.data).toMatchObject({ providerName: 'Träger e. V.', accentColour: '#1d4f91', contactWeb: 'https://traeger.example' });
		const empty = parseBrandingForm(form({}));
		expect(empty.ok && empty.data.accentColour).toBe('');
	});

	it('refuses a bad address or a website that is not http(s)', () => {
		const parsed = parseBrandingForm(form({ contactEmail: 'nope', contactWeb: 'javascript:alert(1)' }));
		expect(!parsed.ok && parsed.errors).toMatchObject({ contactEmail: { key: 'reg_err_email' }, contactWeb: { key: 'err_brand_web' } });
	});
});

describe('logo file', () => {
	it('is recognised by its magic bytes, not by its name', () => {
		expect(sniffImageType(new Uint8Array(PNG))).toBe('image/png');
		expect(sniffImageType(new Uint8Array(JPEG))).toBe('image/jpeg');
		expect(sniffImageType(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"></svg>'))).toBeNull();
		expect(sniffImageType(new TextEncoder().encode('GIF89a'))).toBeNull();
		expect(sniffImageType(new Uint8Array(PNG.slice(0, 7)))).toBeNull();
		expect(sniffImageType(new Uint8Array())).toBeNull();
	});

	it('is refused above 256 KB or when it is not PNG or JPEG', () => {
		const big = new Uint8Array(MAX_LOGO_BYTES + 1);
		big.set(PNG);
		expect(checkLogo(big)).toEqual({ key: 'err_brand_logo_size', params: { max: 256 } });
		const limit = new Uint8Array(MAX_LOGO_BYTES);
		limit.set(PNG);
		expect(checkLogo(limit)).toBeNull();
		expect(checkLogo(new TextEncoder().encode('%PDF-1.7'))).toEqual({ key: 'err_brand_logo_type' });
	});
});
