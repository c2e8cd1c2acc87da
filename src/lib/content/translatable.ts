import { BASE_LOCALE, LOCALES, type Locale } from '../i18n/locales.ts';

/** A content field in several languages. German (`de`) is the one every other falls back to. */
export type Translatable = Partial<Record<Locale, string>>;

export interface Localised {
	text: string;
	/** The language the text is actually in; differs from the requested one on fallback. */
	lang: Locale;
	fallback: boolean;
}

/** Picks the requested language, else German, else any language that has text. */
export function localise(field: Translatable | null | undefined, locale: Locale): Localised {
	const value = field ?? {};
	const wanted = value[locale]?.trim();
	if (wanted) return { text: wanted, lang: locale, fallback: false };
	const base = value[BASE_LOCALE]?.trim();
	if (base) return { text: base, lang: BASE_LOCALE, fallback: locale !== BASE_LOCALE };
	for (const other of LOCALES) {
		const text = value[other]?.trim();
		if (text) return { text, lang: other, fallback: other !== locale };
	}
	return { text: '', lang: locale, fallback: false };
}

/** The languages that have non-empty text in this field. */
export function languagesOf(field: Translatable | null | undefined): Locale[] {
	return LOCALES.filter((l) => (field?.[l] ?? '').trim() !== '');
}

/** Drops empty languages so that stored fields only hold real text. */
export function compact(field: Translatable): Translatable {
	const out: Translatable = {};
	for (const l of LOCALES) {
		const text = field[l]?.trim();
		if (text) out[l] = text;
	}
	return out;
}
