/**
 * The provider's branding (Träger): name, logo, one accent colour and the contact shown in the
 * footer. Pure rules shared by the settings form, the service and the tests: colour parsing, the
 * contrast rule (WCAG 2.x relative luminance), the logo's type from its first bytes, its size limit.
 */
import { z } from 'zod';
import { isLocale } from '../i18n/locales.ts';
import { intlLocale } from '../programme/dates.ts';
import { formValues, parseForm, type FieldErrors, type Parsed } from '../forms/parse.ts';

export interface BrandingSettings {
	/** The provider's name ("Beispiel Bildungswerk e. V."); empty: the platform's own name is shown. */
	providerName: string;
	/** `#rrggbb`, lower case; empty: the design's default accent. */
	accentColour: string;
	/** Postal address for the footer, several lines. */
	contactAddress: string;
	contactEmail: string;
	contactPhone: string;
	/** The provider's own website. */
	contactWeb: string;
}

export const BRANDING_FIELDS = ['providerName', 'accentColour', 'contactAddress', 'contactEmail', 'contactPhone', 'contactWeb'] as const satisfies readonly (keyof BrandingSettings)[];

export function completeBranding(stored: Partial<BrandingSettings> | null | undefined): BrandingSettings {
	return Object.fromEntries(BRANDING_FIELDS.map((k) => [k, stored?.[k] ?? ''])) as unknown as BrandingSettings;
}

/** Text on the accent (buttons) and the accent on white (links) must both reach this (WCAG AA). */
export const MIN_CONTRAST = 4.5;
/**
 * A logo is shown at most a few hundred pixels wide: 256 KB is plenty for PNG or JPEG. Half of a
 * request's body limit (512 KB, input-guard.ts), so a file too large for the logo still reaches the
 * form and is refused next to its field with everything typed kept.
 */
export const MAX_LOGO_BYTES = 256 * 1024;
/**
 * PNG and JPEG only. SVG is refused rather than sanitised: it is a document that can carry script
 * and external references, and pdfkit cannot draw it into the PDFs anyway.
 */
export type LogoType = 'image/png' | 'image/jpeg';

/** `#abc` or `#aabbcc` (any case, spaces around allowed) as `#aabbcc`; anything else null. */
export function parseHexColour(input: string): string | null {
	const value = input.trim().toLowerCase();
	const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(value);
	if (short) return `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`;
	return /^#[0-9a-f]{6}$/.test(value) ? value : null;
}

/** Relative luminance of a `#rrggbb` colour (WCAG 2.2, sRGB). */
export function relativeLuminance(hex: string): number {
	const channel = (i: number) => {
		const c = parseInt(hex.slice(i, i + 2), 16) / 255;
		return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	};
	return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** Contrast ratio of two `#rrggbb` colours, 1–21. */
export function contrastRatio(a: string, b: string): number {
	const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
	return (hi + 0.05) / (lo + 0.05);
}

/** The ratio as people read it: rounded down to one decimal, so 4.48 never shows as "4.5". */
export function shownRatio(ratio: number): number {
	return Math.floor(ratio * 10) / 10;
}

/** The logo's type from its magic bytes (never from the file name or the browser's claim). */
export function sniffImageType(bytes: Uint8Array): LogoType | null {
	const starts = (sig: number[]) => bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b);
	if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
	if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
	return null;
}

/** Why a logo file is refused (a message key), or null when it may be stored. */
export function checkLogo(bytes: Uint8Array): { key: string; params?: Record<string, string | number> } | null {
	if (bytes.length > MAX_LOGO_BYTES) return { key: 'err_brand_logo_size', params: { max: MAX_LOGO_BYTES / 1024 } };
	if (!sniffImageType(bytes)) return { key: 'err_brand_logo_type' };
	return null;
}

const line = (max: number) => z.string().trim().max(max, { error: 'err_too_long' }).default('');
const schema = z.object({
	providerName: line(200),
	accentColour: line(20),
	contactAddress: line(1000),
	contactEmail: z.union([z.literal(''), z.email({ error: 'reg_err_email' }).max(254, { error: 'err_too_long' })]).default(''),
	contactPhone: line(60),
	contactWeb: z.union([z.literal(''), z.url({ protocol: /^https?$/, error: 'err_brand_web' }).max(500, { error: 'err_too_long' })]).default('')
});

/**
 * The branding form's text fields. The colour must be a hex colour with at least `MIN_CONTRAST`
 * against white; the error carries the ratio it has, written for `locale`. The logo file is
 * checked by `checkLogo`.
 */
export function parseBrandingForm(form: FormData, locale = 'de'): Parsed<BrandingSettings> {
	const parsed = parseForm(schema, form, (d) => d as BrandingSettings);
	const colourError = colourProblem(String(form.get('accentColour') ?? ''), locale);
	if (parsed.ok && !colourError) return { ok: true, data: { ...parsed.data, accentColour: parsed.data.accentColour ? (parseHexColour(parsed.data.accentColour) as string) : '' } };
	const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
	if (colourError && !errors.accentColour) errors.accentColour = colourError;
	return { ok: false, errors, values: formValues(form) };
}

/** Why `text` is no accent colour (not hex, or below `MIN_CONTRAST` on white), or null; empty is fine. */
export function colourProblem(text: string, locale: string): { key: string; params?: Record<string, string | number> } | null {
	if (!text.trim()) return null;
	const hex = parseHexColour(text);
	if (!hex) return { key: 'err_brand_colour' };
	const format = new Intl.NumberFormat(intlLocale(isLocale(locale) ? locale : 'de'), { minimumFractionDigits: 1, maximumFractionDigits: 1 });
	const ratio = contrastRatio(hex, '#ffffff');
	if (ratio < MIN_CONTRAST) return { key: 'err_brand_contrast', params: { ratio: format.format(shownRatio(ratio)), min: format.format(MIN_CONTRAST) } };
	return null;
}
