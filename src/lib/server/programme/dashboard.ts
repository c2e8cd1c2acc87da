/**
 * The backoffice dashboard in one read: the projects, current ones first, each with its publish-check
 * findings counted per severity; the next sessions with registrations and free places; what waits
 * for the team (unconfirmed, awaiting approval, waiting list, organisations to confirm); the outbox.
 * Trusted layer (staff only). Every number is of the data as it is at `now`.
 *
 * At scale (issue 9) it reads no project tree: the findings are the stored ones (stored-check.ts,
 * computed at save time), the projects' session dates come as aggregates from the database, and
 * only the items with a session not yet over and the next sessions are read in detail.
 */
import { and, asc, count, eq, gte, inArray, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from '../db/client.ts';
import { mailOutbox, PLACE_HOLDING, registration } from '../db/schema/registration.ts';
import { organisation } from '../db/schema/organisations.ts';
import { programmeItem, project, session } from '../db/schema/programme.ts';
import { siteFindings } from '../../programme/publish-check.ts';
import { ZONE } from '../../programme/time.ts';
import { checkSite } from '../settings/legal.ts';
import type { LabelledFinding } from './backoffice.ts';
import { currentFindings } from './stored-check.ts';
import type { ProjectTree } from './tree.ts';

/** How many of the next sessions the dashboard shows. */
export const NEXT_SESSIONS = 6;
/** How many findings per project the dashboard lists (errors first, each kind once before repeats); the project's page has them all. */
export const DASHBOARD_FINDINGS = 10;

export interface DashboardProject {
	id: number;
	name: string;
	status: ProjectTree['status'];
	runtimeStart: string | null;
	runtimeEnd: string | null;
	items: number;
	/** Has a session today (Berlin) or later. */
	current: boolean;
	/** Start of its next session from the beginning of today, for current projects. */
	nextSessionAt: Date | null;
	/** Registrations of its items that have a session not yet over (0 for a project without). */
	registrations: { confirmed: number; unconfirmed: number; waitlisted: number };
	errors: number;
	warnings: number;
	/** The first DASHBOARD_FINDINGS findings, errors first. */
	findings: LabelledFinding[];
	/** How many more there are. */
	moreFindings: number;
}

export interface DashboardSession {
	id: number;
	itemId: number;
	itemTitle: string;
	projectName: string;
	startsAt: Date;
	endsAt: Date;
	city: string;
	track: string;
	online: boolean;
	/** Registrations holding a place in this session's scope (the session's, or the whole item's). */
	taken: number;
	confirmed: number;
	/** Places of the scope; null = unlimited. */
	capacity: number | null;
	free: number | null;
	waitlisted: number;
}

/** An item with registrations the team may have to act on. */
export interface DashboardWaiting {
	itemId: number;
	itemTitle: string;
	projectName: string;
	held: number;
	awaitingApproval: number;
	waitlisted: number;
}

export interface Dashboard {
	projects: DashboardProject[];
	nextSessions: DashboardSession[];
	waiting: DashboardWaiting[];
	totals: { held: number; awaitingApproval: number; waitlisted: number; unconfirmedOrganisations: number };
	outbox: { queued: number; failed: number };
}

const nameOf = (p: { phaseName: string; title: ProjectTree['title']; slug: string }) => p.phaseName || p.title.de || p.slug;
const itemTitle = (i: { number: number | null; title: string | null }) => `${i.number !== null ? `${i.number}. ` : ''}${i.title ?? ''}`;
/** An instant as milliseconds since the epoch, or null (the same on PostgreSQL and PGlite). */
const epochMs = (expression: ReturnType<typeof sql>) => sql<number | null>`(extract(epoch from ${expression}) * 1000)::float8`.mapWith((v) => (v === null ? null : Number(v)));

/**
 * The dashboard. Projects: current ones (a session today or later) first, the soonest next session
 * first; then the others, the most recent first (latest session, else runtime). Next sessions: the
 * NEXT_SESSIONS sessions not yet over, soonest first. Waiting: items with a session not yet over.
 */
export async function getDashboard(db: Db, now: Date): Promise<Dashboard> {
	const startOfToday = DateTime.fromJSDate(now, { zone: ZONE }).startOf('day').toJSDate();
	const [rows, dates, upcoming, site] = await Promise.all([
		db
			.select({ id: project.id, slug: project.slug, title: project.title, phaseName: project.phaseName, status: project.status, runtimeStart: project.runtimeStart, runtimeEnd: project.runtimeEnd, createdAt: project.createdAt })
			.from(project)
			.orderBy(asc(project.id)),
		db
			.select({
				projectId: programmeItem.projectId,
				items: sql<number>`(select count(*) from ${programmeItem} i where i.project_id = ${programmeItem.projectId})`.mapWith(Number),
				next: epochMs(sql`min(${session.startsAt}) filter (where ${session.startsAt} >= ${startOfToday.toISOString()}::timestamptz)`),
				latest: epochMs(sql`max(${session.startsAt})`)
			})
			.from(programmeItem)
			.leftJoin(session, eq(session.itemId, programmeItem.id))
			.groupBy(programmeItem.projectId),
		db
			.select({ id: session.id, itemId: session.itemId })
			.from(session)
			.where(gte(session.endsAt, now))
			.orderBy(asc(session.startsAt), asc(session.id)),
		checkSite(db)
	]);
	const findingsOf = await currentFindings(db, rows.map((p) => p.id), now, DASHBOARD_FINDINGS);
	const datesOf = new Map(dates.map((d) => [d.projectId, d]));

	const projects = rows.map((p): DashboardProject & { latest: number } => {
		const d = datesOf.get(p.id);
		const stored = findingsOf.get(p.id) ?? { findings: [], errors: 0, warnings: 0 };
		const fromSite: LabelledFinding[] = siteFindings(p.id, site).map((f) => ({ ...f, label: nameOf(p) }));
		// Stored in the order a short list needs (stored-check.ts); the installation's warning after the errors.
		const all = [...stored.findings.filter((f) => f.severity === 'error'), ...fromSite, ...stored.findings.filter((f) => f.severity !== 'error')];
		const findings = all.slice(0, DASHBOARD_FINDINGS);
		const errors = stored.errors;
		const warnings = stored.warnings + fromSite.length;
		return {
			id: p.id,
			name: nameOf(p),
			status: p.status,
			runtimeStart: p.runtimeStart,
			runtimeEnd: p.runtimeEnd,
			items: d?.items ?? 0,
			current: d?.next != null,
			nextSessionAt: d?.next != null ? new Date(d.next) : null,
			registrations: { confirmed: 0, unconfirmed: 0, waitlisted: 0 },
			errors,
			warnings,
			findings,
			moreFindings: errors + warnings - findings.length,
			latest: d?.latest ?? (p.runtimeEnd ? Date.parse(p.runtimeEnd) : p.createdAt.getTime())
		};
	});
	projects.sort((a, b) =>
		a.current !== b.current ? (a.current ? -1 : 1) : a.current ? a.nextSessionAt!.getTime() - b.nextSessionAt!.getTime() || a.id - b.id : b.latest - a.latest || b.id - a.id
	);

	const activeItemIds = [...new Set(upcoming.map((s) => s.itemId))];
	const next = upcoming.slice(0, NEXT_SESSIONS);
	const [counts, itemRows, sessionRows] = await Promise.all([
		activeItemIds.length
			? db
					.select({ itemId: registration.itemId, sessionId: registration.sessionId, status: registration.status, n: count() })
					.from(registration)
					.where(and(inArray(registration.itemId, activeItemIds), inArray(registration.status, ['held', 'awaiting_approval', 'confirmed', 'waitlisted'])))
					.groupBy(registration.itemId, registration.sessionId, registration.status)
			: [],
		activeItemIds.length
			? db
					.select({ id: programmeItem.id, projectId: programmeItem.projectId, number: programmeItem.number, title: sql<string | null>`${programmeItem.title}->>'de'`, perSession: programmeItem.perSession, capacity: programmeItem.capacity, format: programmeItem.format })
					.from(programmeItem)
					.where(inArray(programmeItem.id, activeItemIds))
			: [],
		next.length ? db.select().from(session).where(inArray(session.id, next.map((s) => s.id))) : []
	]);
	// Registrations per item and status, and per item, session and status: looked up, not searched.
	const byItem = new Map<string, number>();
	const byScope = new Map<string, number>();
	for (const c of counts) {
		byItem.set(`${c.itemId}:${c.status}`, (byItem.get(`${c.itemId}:${c.status}`) ?? 0) + c.n);
		byScope.set(`${c.itemId}:${c.sessionId}:${c.status}`, c.n);
	}
	const countOf = (itemId: number, sessionId: number | null | undefined, statuses: readonly string[]) =>
		statuses.reduce((sum, st) => sum + ((sessionId === undefined ? byItem.get(`${itemId}:${st}`) : byScope.get(`${itemId}:${sessionId}:${st}`)) ?? 0), 0);

	const items = new Map(itemRows.map((i) => [i.id, i]));
	const projectsById = new Map(projects.map((p) => [p.id, p]));
	for (const item of itemRows) {
		const p = projectsById.get(item.projectId)!;
		p.registrations.confirmed += countOf(item.id, undefined, ['confirmed']);
		p.registrations.unconfirmed += countOf(item.id, undefined, ['held', 'awaiting_approval']);
		p.registrations.waitlisted += countOf(item.id, undefined, ['waitlisted']);
	}

	const sessions = new Map(sessionRows.map((s) => [s.id, s]));
	const nextSessions = next.map((row): DashboardSession => {
		const item = items.get(row.itemId)!;
		const s = sessions.get(row.id)!;
		// Per-session items count per session; the others count the whole item, which every session shares.
		const scope = item.perSession ? s.id : null;
		const capacity = item.perSession ? (s.capacity ?? item.capacity) : item.capacity;
		const taken = countOf(item.id, scope, PLACE_HOLDING);
		return {
			id: s.id,
			itemId: item.id,
			itemTitle: itemTitle(item),
			projectName: projectsById.get(item.projectId)!.name,
			startsAt: s.startsAt,
			endsAt: s.endsAt,
			city: s.city,
			track: s.track,
			online: item.format !== 'in_person' && s.meetingId !== null,
			taken,
			confirmed: countOf(item.id, scope, ['confirmed']),
			capacity,
			free: capacity === null ? null : Math.max(0, capacity - taken),
			waitlisted: countOf(item.id, scope, ['waitlisted'])
		};
	});

	const waiting = activeItemIds
		.map((itemId): DashboardWaiting => {
			const item = items.get(itemId)!;
			return {
				itemId,
				itemTitle: itemTitle(item),
				projectName: projectsById.get(item.projectId)!.name,
				held: countOf(itemId, undefined, ['held']),
				awaitingApproval: countOf(itemId, undefined, ['awaiting_approval']),
				waitlisted: countOf(itemId, undefined, ['waitlisted'])
			};
		})
		.filter((w) => w.held + w.awaitingApproval + w.waitlisted > 0);

	const [[orgs], mails] = await Promise.all([
		db.select({ n: count() }).from(organisation).where(eq(organisation.confirmed, false)),
		db
			.select({ status: mailOutbox.status, n: count() })
			.from(mailOutbox)
			.where(inArray(mailOutbox.status, ['queued', 'failed']))
			.groupBy(mailOutbox.status)
	]);
	const sum = (key: 'held' | 'awaitingApproval' | 'waitlisted') => waiting.reduce((total, w) => total + w[key], 0);
	return {
		projects: projects.map(({ latest: _latest, ...p }) => p),
		nextSessions,
		waiting,
		totals: { held: sum('held'), awaitingApproval: sum('awaitingApproval'), waitlisted: sum('waitlisted'), unconfirmedOrganisations: orgs.n },
		outbox: { queued: mails.find((r) => r.status === 'queued')?.n ?? 0, failed: mails.find((r) => r.status === 'failed')?.n ?? 0 }
	};
}
