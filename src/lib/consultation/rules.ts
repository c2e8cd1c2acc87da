/**
 * Consultation rules shared by the services and the pages (so a page offers only what the service
 * allows): the booking window of a slot, the association's change deadline, the join window, and
 * the intake a booking needs. Pure; time is a parameter.
 */
import { z } from 'zod';
import { LOCALES } from '../i18n/locales.ts';
import { formValues, type FieldErrors, type Parsed } from '../forms/parse.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface TrackRules {
	/** Booking closes this many hours before a slot starts. */
	closesHoursBefore: number;
	/** A slot can be booked at most this many days ahead. */
	bookableDaysAhead: number;
	/** Booked slots still ahead that one association may hold in the track at once. */
	maxOpenBookings: number;
	/** The association itself may cancel or move until this many hours before its slot. */
	changeUntilHoursBefore: number;
	/** Hours a waiting association has to accept a freed slot. */
	offerHours: number;
}

export const DEFAULT_RULES: TrackRules = { closesHoursBefore: 24, bookableDaysAhead: 90, maxOpenBookings: 1, changeUntilHoursBefore: 48, offerHours: 24 };

/** Limits the team can set; the form and the service both use them. */
export const RULE_LIMITS: Record<keyof TrackRules, { min: number; max: number }> = {
	closesHoursBefore: { min: 0, max: 24 * 60 },
	bookableDaysAhead: { min: 1, max: 730 },
	maxOpenBookings: { min: 1, max: 50 },
	changeUntilHoursBefore: { min: 0, max: 24 * 60 },
	offerHours: { min: 1, max: 24 * 14 }
};

/** Problems with a set of rules, as field names; empty when fine. */
export function invalidRules(rules: TrackRules): (keyof TrackRules)[] {
	return (Object.keys(RULE_LIMITS) as (keyof TrackRules)[]).filter((k) => !Number.isInteger(rules[k]) || rules[k] < RULE_LIMITS[k].min || rules[k] > RULE_LIMITS[k].max);
}

export type WindowState = 'open' | 'too_late' | 'too_early';

/** Whether an association may book a slot starting at `startsAt` now. */
export function bookingWindow(rules: TrackRules, startsAt: Date, now: Date): WindowState {
	if (now.getTime() > startsAt.getTime() - rules.closesHoursBefore * HOUR) return 'too_late';
	if (startsAt.getTime() > now.getTime() + rules.bookableDaysAhead * DAY) return 'too_early';
	return 'open';
}

/** The last instant the association itself may cancel or move a booking of a slot starting at `startsAt`. */
export function changeDeadline(rules: TrackRules, startsAt: Date): Date {
	return new Date(startsAt.getTime() - rules.changeUntilHoursBefore * HOUR);
}

/** Whether the association itself may still cancel or move (the team always may). */
export function associationMayChange(rules: TrackRules, startsAt: Date, now: Date): boolean {
	return now.getTime() <= changeDeadline(rules, startsAt).getTime();
}

/** When a waitlist offer made now for a slot runs out: after `offerHours`, but never after booking closes. */
export function offerExpiry(rules: TrackRules, startsAt: Date, now: Date): Date | null {
	const closes = startsAt.getTime() - rules.closesHoursBefore * HOUR;
	const until = Math.min(now.getTime() + rules.offerHours * HOUR, closes);
	return until > now.getTime() ? new Date(until) : null;
}

/** Whether the join link may be handed out now: from `opensMinutes` before the start until the end. */
export function joinWindowOpen(startsAt: Date, endsAt: Date, opensMinutes: number, now: Date): boolean {
	return now.getTime() >= startsAt.getTime() - opensMinutes * 60_000 && now.getTime() <= endsAt.getTime();
}

export const MAX_ATTENDEES = 4;

const attendee = z.object({
	name: z.string().trim().min(1, { error: 'err_required' }).max(120, { error: 'err_too_long' }),
	email: z
		.string()
		.trim()
		.toLowerCase()
		.max(254, { error: 'err_too_long' })
		.pipe(z.email({ error: 'reg_err_email' })),
	// The language of this person's mails; the booking's language when not chosen.
	language: z.enum(LOCALES, { error: 'err_choice' }).optional()
});

/** The intake questions of a booking: topic, area, who comes (1–4 people of the association), language, needs. */
export const intakeSchema = z.object({
	topic: z.string().trim().min(1, { error: 'err_required' }).max(500, { error: 'err_too_long' }),
	// An empty choice ("no particular area") is null.
	dimensionKey: z.string().trim().max(60).nullable().default(null).transform((v) => v || null),
	language: z.enum(LOCALES, { error: 'err_choice' }),
	needs: z.string().trim().max(500, { error: 'err_too_long' }).default(''),
	attendees: z
		.array(attendee)
		.min(1, { error: 'err_consultation_attendees' })
		.max(MAX_ATTENDEES, { error: 'err_consultation_attendees' })
		.refine((list) => new Set(list.map((a) => a.email)).size === list.length, { error: 'err_consultation_attendee_twice' })
});

export type Intake = z.output<typeof intakeSchema>;
export type IntakeInput = z.input<typeof intakeSchema>;

/**
 * The booking form's fields: `topic`, `dimensionKey`, `language`, `needs` and, per person,
 * `attendees.<n>.name` / `attendees.<n>.email` / `attendees.<n>.language` (n = 0..3; rows left
 * empty are dropped; a person without a language gets the booking's). Errors are
 * keyed by those field names, so each shows next to its own field; the typed values come back.
 */
export function parseIntakeForm(form: FormData): Parsed<Intake> {
	const raw = formValues(form);
	const attendees = [];
	for (let n = 0; n < MAX_ATTENDEES; n++) {
		const name = raw[`attendees.${n}.name`]?.trim() ?? '';
		const email = raw[`attendees.${n}.email`]?.trim() ?? '';
		const language = raw[`attendees.${n}.language`]?.trim() || undefined;
		if (name || email) attendees.push({ name, email, language, row: n });
	}
	const result = intakeSchema.safeParse({
		topic: raw.topic ?? '',
		dimensionKey: raw.dimensionKey ?? null,
		language: raw.language ?? '',
		needs: raw.needs ?? '',
		attendees: attendees.map(({ name, email, language }) => ({ name, email, language }))
	});
	if (result.success) return { ok: true, data: result.data };
	const errors: FieldErrors = {};
	for (const issue of result.error.issues) {
		const [field, index, part] = issue.path.map(String);
		const key = /^(reg_)?err_/.test(issue.message) ? issue.message : 'err_required';
		// A person's field by the row it was typed in; a list-wide problem on the first row's name.
		const name = field === 'attendees' ? (index !== undefined && part ? `attendees.${attendees[Number(index)]?.row ?? index}.${part}` : 'attendees.0.name') : field;
		if (!errors[name]) errors[name] = issue.code === 'too_big' && key === 'err_too_long' && 'maximum' in issue ? { key, params: { max: Number(issue.maximum) } } : { key };
	}
	return { ok: false, errors, values: raw };
}
