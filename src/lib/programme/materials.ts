/** How an item's material is named to readers (page, handbook): pure, for server and page alike. */
import { localise, type Translatable } from '../content/translatable.ts';
import type { Locale } from '../i18n/locales.ts';

/** "850 kB", "1,4 MB" in the reader's language. */
export function materialSizeText(bytes: number, locale: Locale): string {
	const mb = bytes >= 1000 * 1000;
	const value = mb ? bytes / (1000 * 1000) : Math.max(1, Math.round(bytes / 1000));
	return new Intl.NumberFormat(locale, { style: 'unit', unit: mb ? 'megabyte' : 'kilobyte', maximumFractionDigits: mb ? 1 : 0 }).format(value);
}

export interface MaterialLink {
	href: string;
	title: string;
	lang: Locale;
	/** PDF, DOCX, PNG … */
	type: string;
	size: string;
}

export function materialLink(m: { title: Translatable; ext: string; size: number }, href: string, locale: Locale): MaterialLink {
	const title = localise(m.title, locale);
	return { href, title: title.text, lang: title.lang, type: m.ext === 'jpg' ? 'JPEG' : m.ext.toUpperCase(), size: materialSizeText(m.size, locale) };
}
