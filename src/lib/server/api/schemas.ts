/**
 * Shared parts of the API's schemas: a translatable text, the problem body, list answers and
 * query parameters. Every schema with an `id` becomes a component of the OpenAPI document.
 */
import { z } from 'zod';
import { LOCALES } from '../../i18n/locales.ts';
import type { Localised } from '../../content/translatable.ts';

export const Lang = z.enum(LOCALES).meta({ id: 'Language', description: 'A language code.' });

export const Text = z
	.object({
		value: z.string(),
		lang: Lang,
		fallback: z.boolean().meta({ description: 'True when the text is not in the requested language (usually the German original).' })
	})
	.meta({ id: 'Text', description: 'A text in the requested language, or its fallback (German), marked.', example: { value: 'Digitale Vereinsarbeit', lang: 'de', fallback: true } });

/** A localised content field as the API's Text. */
export const text = (l: Localised) => ({ value: l.text, lang: l.lang, fallback: l.fallback });

export const FieldError = z.object({ field: z.string(), code: z.string(), message: z.string() }).meta({ id: 'FieldError' });

export const Problem = z
	.object({
		type: z.string(),
		title: z.string(),
		status: z.number().int(),
		detail: z.string(),
		code: z.string().meta({ description: 'Stable: invalid_request, invalid_cursor, invalid_body, not_found, method_not_allowed, unsupported_media_type, payload_too_large, rate_limited, unauthorized, forbidden, unavailable, internal_error, or a domain rule (full, registration_closed …).' }),
		errors: z.array(FieldError).optional()
	})
	.meta({
		id: 'Problem',
		description: 'RFC 9457 problem details, in the requested language.',
		example: { type: 'urn:bildungsturbo:problem:invalid_request', title: 'Invalid request', status: 400, detail: 'The request contains invalid values.', code: 'invalid_request', errors: [{ field: 'limit', code: 'too_big', message: 'This value is too large or too long.' }] }
	});

/** `{ data: [...], next_cursor }` for a list of `item`. */
export const listOf = <T extends z.ZodType>(item: T, id: string) =>
	z.object({ data: z.array(item), next_cursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page.' }) }).meta({ id });

export const pageQuery = {
	cursor: z.string().max(512).optional().meta({ description: 'Opaque cursor from `next_cursor` of the previous page.' }),
	limit: z.coerce.number().int().min(1).max(100).default(20).meta({ description: 'Rows per page (1–100).' })
};

/** The `lang` parameter every operation takes. */
export const langParam = z.enum(LOCALES).optional().meta({ description: 'Language of the texts (else Accept-Language, else German). Texts missing in it come in German, marked `fallback: true`.', example: 'en' });

/** A calendar date (YYYY-MM-DD, Europe/Berlin). */
export const dateParam = z.iso.date();
