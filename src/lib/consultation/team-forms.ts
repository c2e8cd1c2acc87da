/**
 * The team's consultation forms (/admin/beratung/[item]) and the consultant's next-steps form,
 * parsed with each error on its own field and the typed values kept. Pure.
 */
import { z } from 'zod';
import { collectTranslatable, formValues, parseForm, translatableShape, type FieldErrors, type Parsed } from '../forms/parse.ts';
import type { Translatable } from '../content/translatable.ts';
import { RULE_LIMITS, type TrackRules } from './rules.ts';

const RULE_KEYS = Object.keys(RULE_LIMITS) as (keyof TrackRules)[];

const ruleShape = Object.fromEntries(
	RULE_KEYS.map((k) => [
		k,
		z
			.string()
			.trim()
			.refine((v) => /^\d+$/.test(v) && Number(v) >= RULE_LIMITS[k].min && Number(v) <= RULE_LIMITS[k].max, { error: 'err_consadm_rule' })
			.transform(Number)
	])
) as unknown as Record<keyof TrackRules, z.ZodType<number, string>>;

export const parseRulesForm = (form: FormData): Parsed<TrackRules> => parseForm(z.object(ruleShape), form, (d) => d as TrackRules);

export const parseTrackForm = (form: FormData): Parsed<{ title: Translatable; rules: TrackRules }> =>
	parseForm(z.object({ ...translatableShape('title', 200, true), ...ruleShape }), form, (d) => ({
		title: collectTranslatable(d, 'title'),
		rules: Object.fromEntries(RULE_KEYS.map((k) => [k, d[k] as number])) as unknown as TrackRules
	}));

export type RoomInput = { provider: 'bbb' | 'jitsi' | 'link'; url?: string };

const roomShape = {
	roomProvider: z.enum(['bbb', 'jitsi', 'link'], { error: 'err_choice' }),
	roomUrl: z.string().trim().max(500, { error: 'err_too_long' }).default(''),
	consultantId: z.string().trim().max(64).default(''),
	capacity: z
		.string()
		.trim()
		.refine((v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 50, { error: 'err_number' })
		.transform(Number)
};

function roomRefine(v: { roomProvider: string; roomUrl: string }, ctx: z.RefinementCtx) {
	if (v.roomProvider === 'link' && !/^https:\/\/\S+$/.test(v.roomUrl)) ctx.addIssue({ code: 'custom', path: ['roomUrl'], message: 'err_url' });
}

/** Consultant, capacity and room of new slots (the series rule itself: programme/forms.ts parseSeriesForm). */
export const parseSlotOptions = (form: FormData) =>
	parseForm(z.object(roomShape).superRefine(roomRefine), form, (d) => ({
		consultantId: d.consultantId || null,
		capacity: d.capacity,
		room: (d.roomProvider === 'link' ? { provider: 'link', url: d.roomUrl } : { provider: d.roomProvider }) as RoomInput
	}));

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** One slot by hand: date, start, end (Berlin wall clock) plus the slot options. */
export const parseSingleSlotForm = (form: FormData) =>
	parseForm(
		z
			.object({
				date: z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'err_date' }).refine((v) => !Number.isNaN(Date.parse(v)), { error: 'err_date' }),
				start: z.string().trim().regex(TIME, { error: 'err_time' }),
				end: z.string().trim().regex(TIME, { error: 'err_time' }),
				...roomShape
			})
			.superRefine((v, ctx) => {
				if (TIME.test(v.start) && TIME.test(v.end) && v.end <= v.start) ctx.addIssue({ code: 'custom', path: ['end'], message: 'err_range_reversed' });
				roomRefine(v, ctx);
			}),
		form,
		(d) => ({
			date: d.date,
			start: d.start,
			end: d.end,
			consultantId: d.consultantId || null,
			capacity: d.capacity,
			room: (d.roomProvider === 'link' ? { provider: 'link', url: d.roomUrl } : { provider: d.roomProvider }) as RoomInput
		})
	);

export const MAX_NEXT_STEPS = 5;

export interface NextStepRow {
	text: string;
	owner: string;
	dueDate: string | null;
}

/**
 * The next-steps form: rows `steps.<n>.text|owner|due` (n = 0..4); rows left empty are dropped,
 * at least one is needed. Errors by field name.
 */
export function parseNextStepsForm(form: FormData): Parsed<NextStepRow[]> {
	const raw = formValues(form);
	const errors: FieldErrors = {};
	const steps: NextStepRow[] = [];
	for (let n = 0; n < MAX_NEXT_STEPS; n++) {
		const text = raw[`steps.${n}.text`]?.trim() ?? '';
		const owner = raw[`steps.${n}.owner`]?.trim() ?? '';
		const due = raw[`steps.${n}.due`]?.trim() ?? '';
		if (!text && !owner && !due) continue;
		if (!text) errors[`steps.${n}.text`] = { key: 'err_required' };
		else if (text.length > 500) errors[`steps.${n}.text`] = { key: 'err_too_long', params: { max: 500 } };
		if (owner.length > 120) errors[`steps.${n}.owner`] = { key: 'err_too_long', params: { max: 120 } };
		if (due && (!/^\d{4}-\d{2}-\d{2}$/.test(due) || Number.isNaN(Date.parse(due)))) errors[`steps.${n}.due`] = { key: 'err_date' };
		steps.push({ text, owner, dueDate: due || null });
	}
	if (!steps.length) errors['steps.0.text'] = { key: 'err_required' };
	if (Object.keys(errors).length) return { ok: false, errors, values: raw };
	return { ok: true, data: steps };
}
