/**
 * The backoffice dashboard in one read: the projects, current ones first, each with its publish-check
 * findings counted per severity; the next sessions with registrations and free places; what waits
 * for the team (unconfirmed, awaiting approval, waiting list, organisations to confirm); the outbox.
 * Trusted layer (staff only). Every number is of the data as it is at `now`.
 */
import { asc, count, eq, gte, inArray } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from '../db/client.ts';
import { mailOutbox, PLACE_HOLDING, registration } from '../db/schema/registration.ts';
import { organisation } from '../db/schema/organisations.ts';
import { session } from '../db/schema/programme.ts';
import { ZONE } from '../../programme/time.ts';
import { listProjectsWithFindings, type LabelledFinding } from './backoffice.ts';
import type { ItemTree, ProjectTree } from './tree.ts';

/** How many of the next sessions the dashboard shows. */
export const NEXT_SESSIONS = 6;

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
	findings: LabelledFinding[];
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

const nameOf = (p: ProjectTree) => p.phaseName || p.title.de || p.slug;
const itemTitle = (i: ItemTree) => `${i.number !== null ? `${i.number}. ` : ''}${i.title.de ?? ''}`;

/**
 * The dashboard. Projects: current ones (a session today or later) first, the soonest next session
 * first; then the others, the most recent first (latest session, else runtime). Next sessions: the
 * NEXT_SESSIONS sessions not yet over, soonest first. Waiting: items with a session not yet over.
 */
export async function getDashboard(db: Db, now: Date): Promise<Dashboard> {
	const startOfToday = DateTime.fromJSDate(now, { zone: ZONE }).startOf('day').toJSDate();
	const all = await listProjectsWithFindings(db, now);

	const projects = all.map(({ tree, findings }): DashboardProject & { latest: number } => {
		const starts = tree.items.flatMap((i) => i.sessions.map((s) => s.startsAt.getTime()));
		const coming = starts.filter((t) => t >= startOfToday.getTime());
		return {
			id: tree.id,
			name: nameOf(tree),
			status: tree.status,
			runtimeStart: tree.runtimeStart,
			runtimeEnd: tree.runtimeEnd,
			items: tree.items.length,
			current: coming.length > 0,
			nextSessionAt: coming.length ? new Date(Math.min(...coming)) : null,
			registrations: { confirmed: 0, unconfirmed: 0, waitlisted: 0 },
			errors: findings.filter((f) => f.severity === 'error').length,
			warnings: findings.filter((f) => f.severity === 'warning').length,
			findings,
			latest: starts.length ? Math.max(...starts) : tree.runtimeEnd ? Date.parse(tree.runtimeEnd) : tree.createdAt.getTime()
		};
	});
	projects.sort((a, b) =>
		a.current !== b.current ? (a.current ? -1 : 1) : a.current ? a.nextSessionAt!.getTime() - b.nextSessionAt!.getTime() || a.id - b.id : b.latest - a.latest || b.id - a.id
	);

	const items = new Map<number, { item: ItemTree; project: ProjectTree }>();
	for (const { tree } of all) for (const item of tree.items) items.set(item.id, { item, project: tree });

	const upcoming = await db
		.select({ id: session.id, itemId: session.itemId })
		.from(session)
		.where(gte(session.endsAt, now))
		.orderBy(asc(session.startsAt), asc(session.id));
	const activeItemIds = [...new Set(upcoming.map((s) => s.itemId))];
	const counts = activeItemIds.length
		? await db
				.select({ itemId: registration.itemId, sessionId: registration.sessionId, status: registration.status, n: count() })
				.from(registration)
				.where(inArray(registration.itemId, activeItemIds))
				.groupBy(registration.itemId, registration.sessionId, registration.status)
		: [];
	const countOf = (itemId: number, sessionId: number | null | undefined, statuses: readonly string[]) =>
		counts.filter((c) => c.itemId === itemId && (sessionId === undefined || c.sessionId === sessionId) && statuses.includes(c.status)).reduce((sum, c) => sum + c.n, 0);

	for (const p of projects) {
		const ids = all.find(({ tree }) => tree.id === p.id)!.tree.items.map((i) => i.id).filter((id) => activeItemIds.includes(id));
		const total = (statuses: readonly string[]) => ids.reduce((sum, id) => sum + countOf(id, undefined, statuses), 0);
		p.registrations = { confirmed: total(['confirmed']), unconfirmed: total(['held', 'awaiting_approval']), waitlisted: total(['waitlisted']) };
	}

	const nextSessions = upcoming.slice(0, NEXT_SESSIONS).map((row): DashboardSession => {
		const { item, project } = items.get(row.itemId)!;
		const s = item.sessions.find((x) => x.id === row.id)!;
		// Per-session items count per session; the others count the whole item, which every session shares.
		const scope = item.perSession ? s.id : null;
		const capacity = item.perSession ? (s.capacity ?? item.capacity) : item.capacity;
		const taken = countOf(item.id, scope, PLACE_HOLDING);
		return {
			id: s.id,
			itemId: item.id,
			itemTitle: itemTitle(item),
			projectName: nameOf(project),
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
			const { item, project } = items.get(itemId)!;
			return {
				itemId,
				itemTitle: itemTitle(item),
				projectName: nameOf(project),
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
