/** The anonymous aggregate of one project's cohort as CSV: one row per dimension, nothing per organisation. */
import * as m from '../../paraglide/messages.js';
import { localise } from '../../content/translatable.ts';
import type { Locale } from '../../i18n/locales.ts';
import type { cohortView } from '../assessment/results.ts';
import { toCsv } from './spreadsheet.ts';

type View = Awaited<ReturnType<typeof cohortView>>;

/** `aggregate` must be present (the cohort is large enough); the caller refuses otherwise. */
export function cohortCsv(view: View & { aggregate: NonNullable<View['aggregate']> }, locale: Locale): string {
	const o = { locale };
	const title = (key: string) => localise(view.instrument.dimensions.find((d) => d.key === key)?.title, locale).text;
	const header = [m.dimension({}, o), m.orgs_title({}, o), m.cohort_mean({}, o), m.cohort_min({}, o), m.cohort_max({}, o)];
	return toCsv([header, ...view.aggregate.map((f) => [title(f.key), f.organisations, f.mean ?? '', f.min ?? '', f.max ?? ''])]);
}
