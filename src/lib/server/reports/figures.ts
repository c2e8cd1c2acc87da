/**
 * One source of a project's figures for a period, read by the report page, every export (XLSX, CSV,
 * PDF, DOCX) and the handbook alike. Aggregates in SQL (a handful of grouped queries, whatever the
 * number of registrations and marks); no personal data leaves this module, only counts.
 *
 * Definitions (docs/concepts.md, "Figures"):
 * - period: Berlin calendar days, both inclusive, applied to a session's start (null: no date limit,
 *   every session of the project, also one the publish check finds outside the runtime);
 * - a session is **held** when it has ended by `now` and its item is neither cancelled nor bundled;
 *   in person when it has a city, else online; hours are its length;
 * - items: those with at least one held session in the period;
 * - registrations: confirmed registrations whose scope (the item, or its one session) has a session in
 *   the period; cancelled ones are counted apart; participants: distinct people among them (by address;
 *   an anonymised registration keeps its own placeholder address, so it still counts, once);
 * - attendance: per confirmed registration and held session in its scope whose attendance was
 *   recorded (any mark for that session); rate = present / those; attendees: distinct people present
 *   at least once; no-shows: confirmed registrations with recorded sessions and not once present;
 * - certificates: issued for the registrations counted;
 * - organisations: distinct organisations of the confirmed registrations and of the held
 *   consultations in the period;
 * - consultations: consultation/figures.ts `consultationFigures` (the one code path);
 * - cohort: the project's cohort members; readiness change: reports/readiness.ts (anonymous, ≥ 5).
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from '../db/client.ts';
import { cohortMember } from '../db/schema/organisations.ts';
import { programmeItem, project } from '../db/schema/programme.ts';
import { DomainError } from '../errors.ts';
import { consultationFigures, type Figures as ConsultationTotals } from '../consultation/figures.ts';
import { cohortReadinessChange, type ReadinessChange } from './readiness.ts';
import { MEASURES, projectTargets, type Measure, type Targets } from './targets.ts';
import type { Translatable } from '../../content/translatable.ts';
import { ZONE } from '../../programme/time.ts';

export type Period = { from: string /* YYYY-MM-DD Berlin, inclusive */; to: string /* inclusive */ } | null; // null = whole runtime

export interface Totals {
	/** Items with at least one held session. */
	items: number;
	sessions: number;
	sessionsInPerson: number;
	sessionsOnline: number;
	hours: number;
	registrations: number;
	cancelled: number;
	participants: number;
	attendees: number;
	/** 0–1, null while no attendance is recorded. */
	attendanceRate: number | null;
	noShows: number;
	certificates: number;
	organisations: number;
	consultationSlotsOffered: number;
	consultationsBooked: number;
	consultationsHeld: number;
	consultationNoShows: number;
	consultationAssociations: number;
	hoursOfAdvice: number;
	cohortAssociations: number;
}

interface Attendance {
	sessions: number;
	inPerson: number;
	online: number;
	hours: number;
	/** Recorded (registration, session) pairs, and how many of them present. */
	expected: number;
	present: number;
	attendees: number;
	attendanceRate: number | null;
}

export interface ItemFigures extends Attendance {
	itemId: number;
	number: number | null;
	title: Translatable;
	kind: string;
	format: string;
	state: string;
	registrations: number;
	cancelled: number;
	participants: number;
	noShows: number;
	certificates: number;
}

/** `city` '' = online sessions. */
export interface CityFigures extends Attendance {
	city: string;
}

export interface MonthFigures extends Attendance {
	/** "YYYY-MM" (Berlin). */
	month: string;
	consultationSlotsOffered: number;
	consultationsHeld: number;
	hoursOfAdvice: number;
}

export interface PlanRow {
	measure: Measure;
	planned: number;
	actual: number;
	/** actual − planned (negative: below plan). */
	difference: number;
}

export interface ProjectFigures {
	project: { id: number; slug: string; title: Translatable; phaseName: string; fundingProgramme: string; funder: string; runtimeStart: string | null; runtimeEnd: string | null; status: string };
	period: Period;
	/** ISO instant the figures were computed at. */
	computedAt: string;
	totals: Totals;
	perItem: ItemFigures[];
	perCity: CityFigures[];
	perMonth: MonthFigures[];
	/** Null below five cohort organisations with two answered rounds. */
	readiness: ReadinessChange | null;
	targets: Targets;
	/** Every measure with a target, in MEASURES order. */
	planVsActual: PlanRow[];
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const rate = (present: number, expected: number) => (expected ? Math.round((present / expected) * 1000) / 1000 : null);

/** Rows of `db.execute` on either driver (PGlite gives `{ rows }`, postgres.js the rows themselves). */
function rowsOf<T>(result: unknown): T[] {
	return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** The period as instants: [from, to) from Berlin midnight to the midnight after `to`. */
export function periodBounds(period: Period): { from: Date; to: Date } | null {
	if (!period) return null;
	const from = DateTime.fromISO(period.from, { zone: ZONE }).startOf('day');
	const to = DateTime.fromISO(period.to, { zone: ZONE }).plus({ days: 1 }).startOf('day');
	if (!from.isValid || !to.isValid) throw new DomainError('choice');
	return { from: from.toJSDate(), to: to.toJSDate() };
}

/** The actual value of a measure, as the plan compares it. */
export function actualOf(measure: Measure, t: Totals): number {
	const map: Record<Measure, number> = {
		items: t.items,
		sessions: t.sessions,
		hours: t.hours,
		registrations: t.registrations,
		participants: t.participants,
		organisations: t.organisations,
		certificates: t.certificates,
		consultations: t.consultationsHeld,
		hoursOfAdvice: t.hoursOfAdvice,
		cohort: t.cohortAssociations
	};
	return map[measure];
}

export function planVsActual(targets: Targets, totals: Totals): PlanRow[] {
	return MEASURES.filter((m) => targets[m] !== undefined).map((measure) => {
		const planned = targets[measure]!;
		const actual = actualOf(measure, totals);
		return { measure, planned, actual, difference: round2(actual - planned) };
	});
}

type SessionRow = { item_id: number; city: string; month: string; sessions: number; in_person: number; hours: number };
type RegRow = { item_id: number | null; registrations: number; cancelled: number; participants: number; certificates: number };
type MarkRow = { item_id: number | null; city: string | null; month: string | null; g: number; expected: number; present: number; attendees: number };
type NoShowRow = { item_id: number | null; no_shows: number };

/**
 * The figures of one project for a period at `now`. Throws `not_found` for an unknown project and
 * `choice` for a period that is no calendar day.
 */
export async function projectFigures(db: Db, projectId: number, period: Period, now: Date): Promise<ProjectFigures> {
	const [p] = await db.select().from(project).where(eq(project.id, projectId));
	if (!p) throw new DomainError('not_found');
	const bounds = periodBounds(period);
	// Instants as ISO text with a cast: both drivers take them alike (postgres.js refuses a Date in raw SQL).
	const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;
	const inPeriod: SQL = bounds ? sql`s.starts_at >= ${at(bounds.from)} and s.starts_at < ${at(bounds.to)}` : sql`true`;
	const month = sql`to_char(s.starts_at at time zone ${ZONE}, 'YYYY-MM')`;

	// Held sessions, grouped by item, city and month (at most one row per session).
	const sessionRows = rowsOf<SessionRow>(
		await db.execute(sql`
			select s.item_id, s.city, ${month} as month, count(*)::int as sessions,
				count(*) filter (where s.city <> '')::int as in_person,
				(coalesce(sum(extract(epoch from s.ends_at - s.starts_at)), 0) / 3600)::float8 as hours
			from programme_session s join programme_item i on i.id = s.item_id
			where i.project_id = ${projectId} and i.state not in ('cancelled', 'bundled') and s.ends_at <= ${at(now)} and ${inPeriod}
			group by 1, 2, 3`)
	);

	// The sessions of the period (held or ahead), the registrations they count, and the recorded marks.
	const base = sql`
		with sess as (
			select s.id, s.item_id, s.city, ${month} as month, s.ends_at <= ${at(now)} as held
			from programme_session s join programme_item i on i.id = s.item_id
			where i.project_id = ${projectId} and i.state not in ('cancelled', 'bundled') and ${inPeriod}
		),
		regs as (
			select r.id, r.item_id, r.session_id, r.status, r.email, r.organisation_id from registration r
			where r.status in ('confirmed', 'cancelled')
				and exists (select 1 from sess where sess.item_id = r.item_id and (r.session_id is null or sess.id = r.session_id))
		),
		recorded as (select distinct a.session_id from attendance a join sess on sess.id = a.session_id where sess.held),
		marks as (
			select r.id as reg, r.item_id, r.email, sess.city, sess.month, coalesce(a.present, false) as present
			from regs r
			join sess on sess.item_id = r.item_id and sess.held and (r.session_id is null or r.session_id = sess.id)
			join recorded on recorded.session_id = sess.id
			left join attendance a on a.registration_id = r.id and a.session_id = sess.id
			where r.status = 'confirmed'
		)`;
	const regRows = rowsOf<RegRow>(
		await db.execute(sql`${base}
			select regs.item_id,
				count(*) filter (where regs.status = 'confirmed')::int as registrations,
				count(*) filter (where regs.status = 'cancelled')::int as cancelled,
				count(distinct regs.email) filter (where regs.status = 'confirmed')::int as participants,
				count(c.id) filter (where regs.status = 'confirmed')::int as certificates
			from regs left join certificate c on c.registration_id = regs.id
			group by grouping sets ((regs.item_id), ())`)
	);
	const markRows = rowsOf<MarkRow>(
		await db.execute(sql`${base}
			select item_id, city, month, grouping(item_id, city, month)::int as g, count(*)::int as expected,
				count(*) filter (where present)::int as present, count(distinct email) filter (where present)::int as attendees
			from marks group by grouping sets ((item_id), (city), (month), ())`)
	);
	const noShowRows = rowsOf<NoShowRow>(
		await db.execute(sql`${base}
			select item_id, count(*)::int as no_shows
			from (select reg, item_id from marks group by reg, item_id having not bool_or(present)) x
			group by grouping sets ((item_id), ())`)
	);
	const [{ organisations, items: itemIds }] = rowsOf<{ organisations: number; items: number[] | null }>(
		await db.execute(sql`${base}
			select (select array_agg(distinct item_id) from sess) as items, count(distinct org)::int as organisations from (
				select organisation_id as org from regs where status = 'confirmed' and organisation_id is not null
				union
				select b.organisation_id from consultation_booking b
				join consultation_slot s on s.id = b.slot_id
				join consultation_track t on t.id = s.track_id
				join consultation_offer o on o.id = t.offer_id
				join programme_item i on i.id = o.item_id
				where i.project_id = ${projectId} and b.state = 'held' and s.status <> 'cancelled' and ${inPeriod}
			) x`)
	);

	const consultations = await consultationFigures(db, { projectId, from: period?.from, to: period?.to });
	const [{ cohort }] = await db.select({ cohort: sql<number>`count(*)::int` }).from(cohortMember).where(eq(cohortMember.projectId, projectId));
	const readiness = await cohortReadinessChange(db, projectId);
	const targets = await projectTargets(db, projectId);
	const items = await db.select().from(programmeItem).where(eq(programmeItem.projectId, projectId)).orderBy(programmeItem.position, programmeItem.id);

	// Combining the grouped rows (one per item, city, month): small, whatever the number of marks.
	const sessionsBy = <K extends string | number>(key: (r: SessionRow) => K) => {
		const out = new Map<K, { sessions: number; inPerson: number; online: number; hours: number }>();
		for (const r of sessionRows) {
			const o = out.get(key(r)) ?? { sessions: 0, inPerson: 0, online: 0, hours: 0 };
			o.sessions += r.sessions;
			o.inPerson += r.in_person;
			o.online += r.sessions - r.in_person;
			o.hours += Number(r.hours);
			out.set(key(r), o);
		}
		return out;
	};
	const marksFor = (g: number, pick: (r: MarkRow) => boolean) => markRows.find((r) => r.g === g && pick(r));
	const attendance = (s: { sessions: number; inPerson: number; online: number; hours: number } | undefined, m: MarkRow | undefined): Attendance => ({
		sessions: s?.sessions ?? 0,
		inPerson: s?.inPerson ?? 0,
		online: s?.online ?? 0,
		hours: round2(s?.hours ?? 0),
		expected: m?.expected ?? 0,
		present: m?.present ?? 0,
		attendees: m?.attendees ?? 0,
		attendanceRate: rate(m?.present ?? 0, m?.expected ?? 0)
	});
	// grouping() bits: item, city, month; 1 = aggregated over.
	const G_ITEM = 0b011, G_CITY = 0b101, G_MONTH = 0b110, G_ALL = 0b111;

	const byItem = sessionsBy((r) => r.item_id);
	// With a period, the items that have a session in it (held or ahead); else every item.
	const itemsWithSessions = bounds ? new Set(itemIds ?? []) : null;
	const perItem: ItemFigures[] = items
		.filter((i) => !itemsWithSessions || itemsWithSessions.has(i.id))
		.map((i) => {
			const reg = regRows.find((r) => r.item_id === i.id);
			return {
				itemId: i.id,
				number: i.number,
				title: i.title,
				kind: i.kind,
				format: i.format,
				state: i.state,
				...attendance(byItem.get(i.id), marksFor(G_ITEM, (r) => r.item_id === i.id)),
				registrations: reg?.registrations ?? 0,
				cancelled: reg?.cancelled ?? 0,
				participants: reg?.participants ?? 0,
				noShows: noShowRows.find((r) => r.item_id === i.id)?.no_shows ?? 0,
				certificates: reg?.certificates ?? 0
			};
		});

	const byCity = sessionsBy((r) => r.city);
	const cities = [...new Set([...byCity.keys(), ...markRows.filter((r) => r.g === G_CITY).map((r) => r.city ?? '')])].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b, 'de')));
	const perCity: CityFigures[] = cities.map((city) => ({ city, ...attendance(byCity.get(city), marksFor(G_CITY, (r) => r.city === city)) }));

	const byMonth = sessionsBy((r) => r.month);
	const consultationMonths = new Map(consultations.months.map((m) => [m.month, m.figures]));
	const months = [...new Set([...byMonth.keys(), ...consultationMonths.keys()])].sort();
	const perMonth: MonthFigures[] = months.map((month) => {
		const c = consultationMonths.get(month);
		return {
			month,
			...attendance(byMonth.get(month), marksFor(G_MONTH, (r) => r.month === month)),
			consultationSlotsOffered: c?.slotsOffered ?? 0,
			consultationsHeld: c?.held ?? 0,
			hoursOfAdvice: c?.hoursOfAdvice ?? 0
		};
	});

	const all = attendance(sessionsBy(() => 'all').get('all'), marksFor(G_ALL, () => true));
	const regTotal = regRows.find((r) => r.item_id === null);
	const c: ConsultationTotals = consultations.total;
	const totals: Totals = {
		items: byItem.size,
		sessions: all.sessions,
		sessionsInPerson: all.inPerson,
		sessionsOnline: all.online,
		hours: all.hours,
		registrations: regTotal?.registrations ?? 0,
		cancelled: regTotal?.cancelled ?? 0,
		participants: regTotal?.participants ?? 0,
		attendees: all.attendees,
		attendanceRate: all.attendanceRate,
		noShows: noShowRows.find((r) => r.item_id === null)?.no_shows ?? 0,
		certificates: regTotal?.certificates ?? 0,
		organisations,
		consultationSlotsOffered: c.slotsOffered,
		consultationsBooked: c.booked,
		consultationsHeld: c.held,
		consultationNoShows: c.noShows,
		consultationAssociations: c.associationsReached,
		hoursOfAdvice: c.hoursOfAdvice,
		cohortAssociations: cohort
	};
	return {
		project: { id: p.id, slug: p.slug, title: p.title, phaseName: p.phaseName, fundingProgramme: p.fundingProgramme, funder: p.funder, runtimeStart: p.runtimeStart, runtimeEnd: p.runtimeEnd, status: p.status },
		period,
		computedAt: now.toISOString(),
		totals,
		perItem,
		perCity,
		perMonth,
		readiness,
		targets,
		planVsActual: planVsActual(targets, totals)
	};
}
