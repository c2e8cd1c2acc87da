/**
 * The funder figures through the token API: `projectFigures` (reports/figures.ts, the one source of
 * the report page, every export and the handbook), for a period or the whole runtime, in the API's
 * snake_case with titles in the requested language. Counts only, never a person.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { project } from '../db/schema/programme.ts';
import type { Locale } from '../../i18n/locales.ts';
import { localise } from '../../content/translatable.ts';
import { projectFigures, type Period } from '../reports/figures.ts';
import { problem } from './problem.ts';
import { dateParam, Text, text } from './schemas.ts';

const n = z.number();
const rate = z.number().nullable().meta({ description: '0–1; null while no attendance is recorded.' });
const attendance = { sessions: n, in_person: n, online: n, hours: n, expected: n, present: n, attendees: n, attendance_rate: rate };

export const Figures = z
	.object({
		data: z.object({
			project: z.object({ id: n, slug: z.string(), title: Text, runtime_start: z.string().nullable(), runtime_end: z.string().nullable(), status: z.string() }),
			period: z.object({ from: z.string(), to: z.string() }).nullable().meta({ description: 'null: the whole runtime.' }),
			computed_at: z.string(),
			totals: z.object({
				items: n, sessions: n, sessions_in_person: n, sessions_online: n, hours: n, registrations: n, cancelled: n, participants: n, attendees: n,
				attendance_rate: rate, no_shows: n, certificates: n, organisations: n, consultation_slots_offered: n, consultations_booked: n,
				consultations_held: n, consultation_no_shows: n, consultation_associations: n, hours_of_advice: n, cohort_associations: n
			}),
			per_item: z.array(z.object({ item_id: n, number: n.nullable(), title: Text, kind: z.string(), format: z.string(), state: z.string(), registrations: n, cancelled: n, participants: n, no_shows: n, certificates: n, ...attendance })),
			per_city: z.array(z.object({ city: z.string().meta({ description: 'Empty: online sessions.' }), ...attendance })),
			per_month: z.array(z.object({ month: z.string(), consultation_slots_offered: n, consultations_held: n, hours_of_advice: n, ...attendance })),
			readiness: z
				.object({
					organisations: n,
					dimensions: z.array(z.object({ key: z.string(), title: Text, organisations: n, before: n.nullable(), after: n.nullable(), change: n.nullable() })),
					overall: z.object({ before: n, after: n, change: n }).nullable()
				})
				.nullable()
				.meta({ description: 'The cohort’s anonymous readiness change; null below five organisations with two rounds.' }),
			plan_vs_actual: z.array(z.object({ measure: z.string(), planned: n, actual: n, difference: n }))
		})
	})
	.meta({ id: 'ProjectFigures', description: 'The funder figures of one project (definitions: docs/concepts.md, “Figures”).' });

export const FiguresQuery = z.object({
	from: dateParam.optional().meta({ description: 'First day (Berlin), with `to`.' }),
	to: dateParam.optional().meta({ description: 'Last day (Berlin), inclusive, with `from`.' })
});

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
/** A figures row in snake_case (its values are numbers, strings or null). */
function row<T extends object>(r: T): Record<string, unknown> {
	return Object.fromEntries(Object.entries(r).map(([k, v]) => [snake(k), v]));
}

export async function figuresViaApi(db: Db, slug: string, query: z.output<typeof FiguresQuery>, locale: Locale, now: Date) {
	if ((query.from === undefined) !== (query.to === undefined) || (query.from && query.to && query.from > query.to)) {
		throw problem(400, 'invalid_request', undefined, [{ field: query.from === undefined ? 'from' : 'to', code: 'invalid' }]);
	}
	const [p] = await db.select({ id: project.id }).from(project).where(eq(project.slug, slug));
	if (!p) throw problem(404, 'not_found');
	const period: Period = query.from && query.to ? { from: query.from, to: query.to } : null;
	const f = await projectFigures(db, p.id, period, now);
	return {
		data: {
			project: { id: f.project.id, slug: f.project.slug, title: text(localise(f.project.title, locale)), runtime_start: f.project.runtimeStart, runtime_end: f.project.runtimeEnd, status: f.project.status },
			period: f.period,
			computed_at: f.computedAt,
			totals: row(f.totals),
			per_item: f.perItem.map(({ title, ...rest }) => ({ ...row(rest), title: text(localise(title, locale)) })),
			per_city: f.perCity.map(row),
			per_month: f.perMonth.map(row),
			readiness: f.readiness && { ...f.readiness, dimensions: f.readiness.dimensions.map((d) => ({ ...d, title: text(localise(d.title, locale)) })) },
			plan_vs_actual: f.planVsActual.map(row)
		}
	};
}
