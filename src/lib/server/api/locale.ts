/**
 * The language of an API answer: `?lang=de|en|tr|ar|ru|uk`, else the best of `Accept-Language`,
 * else German. The API's paths carry no language prefix (the pages' strategy does not apply).
 */
import { BASE_LOCALE, isLocale, LOCALES, type Locale } from '../../i18n/locales.ts';

/** The best supported language of an `Accept-Language` header (q-values honoured; `de-AT` counts as `de`). */
export function acceptedLocale(header: string | null): Locale | null {
	if (!header) return null;
	const wanted = header
		.split(',')
		.map((part, index) => {
			const [tag, ...params] = part.trim().split(';');
			const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
			const quality = q ? Number(q.slice(2)) : 1;
			return { lang: tag.trim().toLowerCase().split('-')[0], quality: Number.isFinite(quality) ? quality : 0, index };
		})
		.filter((w) => w.quality > 0 && isLocale(w.lang))
		.sort((a, b) => b.quality - a.quality || a.index - b.index);
	return (wanted[0]?.lang as Locale | undefined) ?? null;
}

/** `?lang` when it is a supported language (an unsupported one is refused by the query schema), else the header, else German. */
export function requestLocale(url: URL, headers: Headers): Locale {
	const lang = url.searchParams.get('lang');
	if (isLocale(lang)) return lang;
	return acceptedLocale(headers.get('accept-language')) ?? BASE_LOCALE;
}

export { LOCALES };
