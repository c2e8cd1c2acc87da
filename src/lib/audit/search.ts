/**
 * Searching the audit log by its words: the actions whose sentence in the reader's language
 * contains the search ("Termin" finds "Termin geändert", "Termin gelöscht"). Pure.
 */
import * as m from '../paraglide/messages.js';
import type { Locale } from '../i18n/locales.ts';

type MessageFn = (inputs?: Record<string, unknown>, options?: { locale?: Locale }) => string;
const PREFIX = 'audit_action_';

/** Action codes with dots as underscores (`session_updated`), as in the catalogue keys `audit_action_*`. */
export function auditActionsMatching(q: string, locale: Locale): string[] {
	const needle = q.trim().toLocaleLowerCase(locale);
	if (!needle) return [];
	return Object.entries(m as unknown as Record<string, unknown>)
		.filter(([key, fn]) => key.startsWith(PREFIX) && typeof fn === 'function')
		.filter(([, fn]) => (fn as MessageFn)({}, { locale }).toLocaleLowerCase(locale).includes(needle))
		.map(([key]) => key.slice(PREFIX.length));
}
