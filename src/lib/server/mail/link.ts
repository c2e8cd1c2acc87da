/**
 * Links written into mails (and files sent with them). A mail is read outside any request, so its
 * links cannot rely on the reader's browser or cookie: each one carries the recipient's language in
 * its path (Paraglide's URL strategy, `/ar/…`; German, the base, has no prefix), and the page it
 * opens speaks that language.
 */
import { localizeUrl } from '../../paraglide/runtime.js';
import { BASE_LOCALE, isLocale } from '../../i18n/locales.ts';

/**
 * The absolute URL of `path` (an unlocalised app path such as `/teilnahme/abc?x`) on `origin`, in
 * `locale`. An unknown locale falls back to German, never throws.
 */
export function mailLink(origin: string, path: string, locale: string): string {
	const url = new URL(path, `${origin.replace(/\/+$/, '')}/`);
	return localizeUrl(url, { locale: isLocale(locale) ? locale : BASE_LOCALE }).href;
}
