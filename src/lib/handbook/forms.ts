/**
 * The handbook's forms (zod over the posted strings; errors are catalogue keys). Pure.
 */
import { z } from 'zod';
import { collectTranslatable, parseForm, translatableShape, type Parsed } from '../forms/parse.ts';
import { LICENCES, type Licence } from './rules.ts';
import type { Translatable } from '../content/translatable.ts';

const settingsSchema = z.object({
	...translatableShape('title', 300, true),
	...translatableShape('subtitle', 500, false),
	licence: z.enum(LICENCES, { error: 'err_choice' })
});

export function parseSettingsForm(form: FormData): Parsed<{ title: Translatable; subtitle: Translatable; licence: Licence }> {
	return parseForm(settingsSchema, form, (d) => ({ title: collectTranslatable(d, 'title'), subtitle: collectTranslatable(d, 'subtitle'), licence: d.licence }));
}

/** A chapter's text: the German title is required; the body may be long (a chapter of a book). */
const chapterSchema = z.object({
	...translatableShape('title', 300, true),
	...translatableShape('body', 100_000, false),
	baseVersion: z.string().regex(/^[0-9]{1,9}$/).transform(Number).default(0)
});

export function parseChapterForm(form: FormData): Parsed<{ title: Translatable; body: Translatable; baseVersion: number }> {
	return parseForm(chapterSchema, form, (d) => ({ title: collectTranslatable(d, 'title'), body: collectTranslatable(d, 'body'), baseVersion: d.baseVersion }));
}

const newChapterSchema = z.object({ ...translatableShape('title', 300, true) });

export function parseNewChapterForm(form: FormData): Parsed<{ title: Translatable }> {
	return parseForm(newChapterSchema, form, (d) => ({ title: collectTranslatable(d, 'title') }));
}

const altSchema = z.object({ alt: z.string().trim().min(1, { error: 'err_required' }).max(300, { error: 'err_too_long' }) });

/** An image's text alternative: required, as every image on the page needs one. */
export function parseImageForm(form: FormData): Parsed<{ alt: string }> {
	return parseForm(altSchema, form, (d) => ({ alt: d.alt }));
}
