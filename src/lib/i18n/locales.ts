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
