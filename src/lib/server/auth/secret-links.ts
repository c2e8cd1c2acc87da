/**
 * Links in mails that stand in for a password: the sign-in link of an association member, the
 * participant's own page, the double opt-in and a team invitation (it sets the password). Whoever
 * reads them can act as the recipient, so the backoffice shows mails with the secret part replaced
 * by "…" (the outbox page).
 */
import { locales } from '../../paraglide/runtime.js';

/** Paths whose rest (token, query, fragment) is the secret. */
export const SECRET_LINK_PATHS = ['/verein/link/', '/teilnahme/', '/anmeldung/bestaetigen/', '/admin/anmelden/einladung/'] as const;

const localePrefix = `(?:/(?:${locales.join('|')}))?`;
const paths = SECRET_LINK_PATHS.map((p) => p.replace(/[/]/g, '\\/')).join('|');
// scheme://host[:port] [/locale] secret-path then everything up to whitespace or a closing bracket.
const SECRET_LINK = new RegExp(`(https?:\\/\\/[^\\s/]+${localePrefix}(?:${paths}))[^\\s<>()"']+`, 'g');

/** `text` with every secret link cut after its path: `https://host/verein/link/…`. */
export function maskSecretLinks(text: string): string {
	return text.replace(SECRET_LINK, '$1…');
}
