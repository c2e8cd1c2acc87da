/**
 * The report page's inputs, pure: the period chooser (`?von=&bis=`, Berlin calendar days) and the
 * targets form (one optional number per measure). Bad input never raises: the period falls back to
 * the whole runtime with an error key to show; the targets form returns per-field error keys.
 */
import { z } from 'zod';
import { parseForm, type Parsed } from '../forms/parse.ts';

export const MEASURE_KEYS = ['items', 'sessions', 'hours', 'registrations', 'participants', 'organisations', 'certificates', 'consultations', 'hoursOfAdvice', 'cohort'] as const;

export type ChosenPeriod = { from: string; to: string } | null;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (s: string) => DAY.test(s) && !Number.isNaN(Date.parse(`${s}T12:00:00Z`)) && new Date(`${s}T12:00:00Z`).toISOString().slice(0, 10) === s;

/**
 * The period from the query: both days given and in order → that interval; neither → the whole
 * runtime (null); anything else → the whole runtime and the error key `err_report_period`.
 */
export function periodFromQuery(params: URLSearchParams): { period: ChosenPeriod; error: string | null } {
	const from = (params.get('von') ?? '').trim();
	const to = (params.get('bis') ?? '').trim();
	if (!from && !to) return { period: null, error: null };
	if (!isDay(from) || !isDay(to) || from > to) return { period: null, error: 'err_report_period' };
	return { period: { from, to }, error: null };
}

/** `?von=…&bis=…` for links that keep the chosen period ('' for the whole runtime). */
export function periodQuery(period: ChosenPeriod): string {
	return period ? `?${new URLSearchParams({ von: period.from, bis: period.to })}` : '';
}

const planned = z
	.string()
	.default('')
	.transform((s) => s.trim().replace(',', '.'))
	.refine((s) => s === '' || (/^\d{1,7}(\.\d{1,2})?$/.test(s) && Number(s) <= 1_000_000), { error: 'err_report_target' })
	.transform((s) => (s === '' ? null : Number(s)));

export const targetsSchema = z.object(Object.fromEntries(MEASURE_KEYS.map((k) => [k, planned])) as Record<(typeof MEASURE_KEYS)[number], typeof planned>);

/** The targets form: an empty field removes that target. */
export function parseTargets(form: FormData): Parsed<Record<(typeof MEASURE_KEYS)[number], number | null>> {
	return parseForm(targetsSchema, form, (d) => d as Record<(typeof MEASURE_KEYS)[number], number | null>);
}
