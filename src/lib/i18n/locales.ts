/** The UI languages. German is the base: every content field falls back to it. */
export const LOCALES = ['de', 'en', 'tr', 'ar', 'ru', 'uk'] as const;
export type Locale = (typeof LOCALES)[number];
export const BASE_LOCALE: Locale = 'de';

/** Each language's name in itself, for the language switcher. */
export const LOCALE_NAMES: Record<Locale, string> = {
	de: 'Deutsch',
	en: 'English',
	tr: 'Türkçe',
	ar: 'العربية',
	ru: 'Русский',
	uk: 'Українська'
};

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function textDirection(locale: Locale): 'ltr' | 'rtl' {
	return locale === 'ar' ? 'rtl' : 'ltr';
}

const languageNames = new Map<Locale, Intl.DisplayNames>();
const lists = new Map<Locale, Intl.ListFormat>();

/**
 * A language's name in the reader's language ("en" → "Englisch" on a German page). Words people
 * typed that are no language code stay as they are.
 */
export function languageName(code: string, locale: Locale): string {
	let names = languageNames.get(locale);
	if (!names) {
		names = new Intl.DisplayNames([locale], { type: 'language', fallback: 'code' });
		languageNames.set(locale, names);
	}
	const trimmed = code.trim();
	if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(trimmed)) return trimmed;
	try {
		return names.of(trimmed) ?? trimmed;
	} catch {
		return trimmed;
	}
}

/** Words as the reader writes a list: "Struktur, Kommunikation und Daten", "الهيكل والتواصل". */
export function formatList(words: string[], locale: Locale): string {
	let list = lists.get(locale);
	if (!list) {
		list = new Intl.ListFormat([locale], { type: 'conjunction' });
		lists.set(locale, list);
	}
	return list.format(words);
}

/** Several languages as the reader writes a list: "Englisch und Türkisch", "الإنجليزية والتركية". */
export function languageList(codes: string[], locale: Locale): string {
	return formatList(codes.map((c) => languageName(c, locale)), locale);
}
