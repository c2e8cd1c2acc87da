import { locales, localizeHref, deLocalizeHref } from '../paraglide/runtime.js';

/** Every language version of a path, for `<link rel="alternate" hreflang>` and the switcher. */
export function alternates(pathname: string, origin: string) {
	const path = deLocalizeHref(pathname);
	return locales.map((locale) => ({
		locale,
		href: localizeHref(path, { locale }),
		absolute: new URL(localizeHref(path, { locale }), origin).href
	}));
}
