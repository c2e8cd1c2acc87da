/**
 * Validation of the backoffice forms (zod). Error messages are message-catalogue keys
 * (`err_*`), turned into text in the user's language by the page. Pure: also used by tests.
 */
import { z } from 'zod';
import type { Translatable } from '../content/translatable.ts';
import { normaliseZoomId } from './meeting.ts';
import type { SeriesRule, SeriesSlot } from './series.ts';
import instrumentV1 from '../assessment/instrument-v1.json' with { type: 'json' };

import { collectTranslatable as collect, parseForm as run, translatableShape as translatable, type FieldErrors, type Parsed } from '../forms/parse.ts';
export type { FieldErrors, Parsed };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Years a programme date may have: PostgreSQL has no year 0, and nothing here is planned beyond 2200. */
const YEARS = { min: 1900, max: 2200 };

function isRealDate(value: string): boolean {
	if (!DATE.test(value)) return false;
	const year = Number(value.slice(0, 4));
	if (year < YEARS.min || year > YEARS.max) return false;
	const d = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}

const text = (max: number) => z.string().trim().max(max, { error: 'err_too_long' });
const required = (max: number) => text(max).min(1, { error: 'err_required' });
const optionalDate = z
	.string()
	.trim()
	.refine((v) => v === '' || isRealDate(v), { error: 'err_date' })
	.transform((v) => (v === '' ? null : v));
const requiredDate = z.string().trim().refine(isRealDate, { error: 'err_date' });
const time = z.string().trim().regex(TIME, { error: 'err_time' });
const optionalInt = (min: number, max: number) =>
	z
		.string()
		.optional()
		.transform((v) => (v ?? '').trim())
		.refine((v) => v === '' || (/^\d+$/.test(v) && Number(v) >= min && Number(v) <= max), { error: 'err_number' })
		.transform((v) => (v === '' ? null : Number(v)));
const checkbox = z
	.string()
	.optional()
	.transform((v) => v === 'on' || v === 'true' || v === '1');

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const projectSchema = z
	.object({
		slug: z.string().trim().toLowerCase().min(3, { error: 'err_slug' }).max(60, { error: 'err_slug' }).regex(SLUG, { error: 'err_slug' }),
		phaseName: text(120),
		fundingProgramme: text(120),
		funder: text(120),
		runtimeStart: optionalDate,
		runtimeEnd: optionalDate,
		...translatable('title', 300, true),
		...translatable('description', 20_000, false)
	})
	.superRefine((v, ctx) => {
		if (v.runtimeStart && v.runtimeEnd && v.runtimeEnd < v.runtimeStart) {
			ctx.addIssue({ code: 'custom', path: ['runtimeEnd'], message: 'err_end_before_start' });
		}
	});

export interface ProjectInput {
	slug: string;
	phaseName: string;
	fundingProgramme: string;
	funder: string;
	runtimeStart: string | null;
	runtimeEnd: string | null;
	title: Translatable;
	description: Translatable;
}

const itemSchema = z.object({
	number: optionalInt(1, 999),
	kind: z.enum(['workshop', 'reflection', 'consultation_series', 'lecture', 'network_meeting', 'other'], { error: 'err_choice' }),
	format: z.enum(['in_person', 'online', 'hybrid'], { error: 'err_choice' }),
	state: z.enum(['scheduled', 'date_tba', 'cancelled', 'postponed', 'bundled'], { error: 'err_choice' }),
	...translatable('stateNote', 500, false),
	registrationOpen: checkbox,
	capacity: optionalInt(1, 100_000),
	perSession: checkbox,
	requiresApproval: checkbox,
	...translatable('title', 300, true),
	...translatable('description', 20_000, false)
});

export interface ItemInput {
	/** Digital-check dimension keys (checkboxes named `dimensions`). */
	dimensions?: string[];
	number: number | null;
	kind: 'workshop' | 'reflection' | 'consultation_series' | 'lecture' | 'network_meeting' | 'other';
	format: 'in_person' | 'online' | 'hybrid';
	state: 'scheduled' | 'date_tba' | 'cancelled' | 'postponed' | 'bundled';
	stateNote: Translatable;
	registrationOpen: boolean;
	capacity: number | null;
	perSession: boolean;
	requiresApproval: boolean;
	title: Translatable;
	description: Translatable;
}

const sessionSchema = z
	.object({
		date: requiredDate,
		startTime: time,
		endTime: time,
		city: text(120),
		address: text(300),
		track: text(200),
		meetingId: optionalInt(1, 2_147_483_647),
		capacity: optionalInt(1, 100_000)
	})
	.superRefine((v, ctx) => {
		if (TIME.test(v.startTime) && TIME.test(v.endTime) && v.endTime <= v.startTime) {
			ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'err_end_before_start' });
		}
	});
export type SessionInput = z.output<typeof sessionSchema>;

const meetingSchema = z
	.object({
		provider: z.enum(['zoom', 'jitsi', 'bigbluebutton', 'other'], { error: 'err_choice' }),
		joinUrl: text(1000),
		meetingCode: text(100),
		passcode: text(100),
		recurring: checkbox
	})
	.superRefine((v, ctx) => {
		if (v.joinUrl) {
			let ok = false;
			try {
				ok = new URL(v.joinUrl).protocol === 'https:';
			} catch {
				ok = false;
			}
			if (!ok) ctx.addIssue({ code: 'custom', path: ['joinUrl'], message: 'err_url' });
		}
		if (v.provider === 'zoom') {
			if (!/^\d{9,11}$/.test(normaliseZoomId(v.meetingCode))) ctx.addIssue({ code: 'custom', path: ['meetingCode'], message: 'err_zoom_id' });
		} else if (!v.joinUrl) {
			ctx.addIssue({ code: 'custom', path: ['joinUrl'], message: 'err_required' });
		}
	})
	.transform((v) => ({ ...v, meetingCode: v.provider === 'zoom' ? normaliseZoomId(v.meetingCode) : v.meetingCode }));
export type MeetingInput = z.output<typeof meetingSchema>;

function parseSlots(value: string): SeriesSlot[] | null {
	const slots: SeriesSlot[] = [];
	for (const line of value.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) {
		const match = line.match(/^(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})\s*(.*)$/);
		if (!match) return null;
		const [start, end] = [match[1].padStart(5, '0'), match[2].padStart(5, '0')];
		if (!TIME.test(start) || !TIME.test(end) || end <= start) return null;
		slots.push({ start, end, track: match[3].trim() });
	}
	return slots.length ? slots : null;
}

function parseDates(value: string): string[] | null {
	const out: string[] = [];
	for (const line of value.split(/[\r\n,;]+/).map((l) => l.trim()).filter(Boolean)) {
		const german = line.match(/^(\d{1,2})\.(\d{1,2})\.(\d{4})$/);
		const iso = german ? `${german[3]}-${german[2].padStart(2, '0')}-${german[1].padStart(2, '0')}` : line;
		if (!isRealDate(iso)) return null;
		out.push(iso);
	}
	return out;
}

const seriesSchema = z
	.object({
		weekday: z.enum(['1', '2', '3', '4', '5', '6', '7'], { error: 'err_choice' }).transform(Number),
		from: requiredDate,
		to: requiredDate,
		slots: z.string().transform((v, ctx) => parseSlots(v) ?? (ctx.addIssue({ code: 'custom', message: 'err_slots' }), z.NEVER)),
		excluded: z.string().default('').transform((v, ctx) => parseDates(v) ?? (ctx.addIssue({ code: 'custom', message: 'err_excluded' }), z.NEVER)),
		announced: optionalInt(1, 999),
		meetingId: optionalInt(1, 2_147_483_647),
		replace: checkbox
	})
	.superRefine((v, ctx) => {
		if (v.from && v.to && v.to < v.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'err_range_reversed' });
		else if (v.from && v.to && (Date.parse(v.to) - Date.parse(v.from)) / 604_800_000 > 200) {
			ctx.addIssue({ code: 'custom', path: ['to'], message: 'err_range_too_long' });
		}
	});

export interface SeriesInput {
	rule: SeriesRule;
	meetingId: number | null;
	replace: boolean;
}

export const parseProjectForm = (form: FormData): Parsed<ProjectInput> =>
	run(projectSchema, form, (d) => ({
		slug: d.slug,
		phaseName: d.phaseName,
		fundingProgramme: d.fundingProgramme,
		funder: d.funder,
		runtimeStart: d.runtimeStart,
		runtimeEnd: d.runtimeEnd,
		title: collect(d, 'title'),
		description: collect(d, 'description')
	}));

const DIMENSION_KEYS = new Set(instrumentV1.dimensions.map((d) => d.key));

export const parseItemForm = (form: FormData): Parsed<ItemInput> =>
	run(itemSchema, form, (d) => ({
		dimensions: form.getAll('dimensions').filter((v): v is string => typeof v === 'string' && DIMENSION_KEYS.has(v)),
		number: d.number,
		kind: d.kind,
		format: d.format,
		state: d.state,
		stateNote: collect(d, 'stateNote'),
		registrationOpen: d.registrationOpen,
		capacity: d.capacity,
		perSession: d.perSession,
		requiresApproval: d.requiresApproval,
		title: collect(d, 'title'),
		description: collect(d, 'description')
	}));

export const parseSessionForm = (form: FormData): Parsed<SessionInput> => run(sessionSchema, form, (d) => d);
export const parseMeetingForm = (form: FormData): Parsed<MeetingInput> => run(meetingSchema, form, (d) => d);
export const parseSeriesForm = (form: FormData): Parsed<SeriesInput> =>
	run(seriesSchema, form, (d) => ({
		rule: { weekday: d.weekday, from: d.from, to: d.to, slots: d.slots, excludedDates: d.excluded, announcedDates: d.announced },
		meetingId: d.meetingId,
		replace: d.replace
	}));
