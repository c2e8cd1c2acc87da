import { LOCALES } from '#lib/i18n/locales.ts';
import type { Translatable } from '#lib/content/translatable.ts';

/** Form values (`title.de`, …) from stored fields. */
export function flatten(fields: Record<string, Translatable>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, field] of Object.entries(fields)) for (const l of LOCALES) out[`${name}.${l}`] = field[l] ?? '';
	return out;
}
