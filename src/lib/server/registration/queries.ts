/**
 * Reads for registration. `registrationOffer` is public (counts only, no names); `participantView`
 * shows one person their own registrations, including meeting links for confirmed online places.
 */
import { and, asc, count, desc, eq, ilike, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { containsPattern, parseSearch, type SortDir } from '../../forms/list-query.ts';
import type { Db } from '../db/client.ts';
import { onlineMeeting, programmeItem, project, session } from '../db/schema/programme.ts';
import { ACTIVE, certificate, PLACE_HOLDING, registration } from '../db/schema/registration.ts';
import { organisation } from '../db/schema/organisations.ts';
import { participantMayCancel } from '../../registration/rules.ts';
import { BURST_MIN } from './limits.ts';

export interface Offer {
	open: boolean;
	perSession: boolean;
	/** Free places of the whole item (null = unlimited); per session in `sessions`. */
	free: number | null;
	sessions: { id: number; startsAt: Date; endsAt: Date; track: string; free: number | null }[];
}

export async function registrationOffer(db: Db, itemId: number, now: Date): Promise<Offer | null> {
	const [item] = await db.select().from(programmeItem).where(eq(programmeItem.id, itemId));
	if (!item) return null;
	const sessions = await db.select().from(session).where(eq(session.itemId, itemId)).orderBy(asc(session.startsAt));
	const future = sessions.filter((s) => s.startsAt.getTime() > now.getTime());
	const open = item.registrationOpen && item.state === 'scheduled' && future.length > 0;
	const taken = await db
		.select({ sessionId: registration.sessionId, n: count() })
		.from(registration)
		.where(and(eq(registration.itemId, itemId), inArray(registration.status, [...PLACE_HOLDING])))
		.groupBy(registration.sessionId);
	const takenFor = (sessionId: number | null) => taken.find((t) => t.sessionId === sessionId)?.n ?? 0;
	const freeOf = (capacity: number | null, sessionId: number | null) => (capacity === null ? null : Math.max(0, capacity - takenFor(sessionId)));
	return {
		open,
		perSession: item.perSession,
		free: freeOf(item.capacity, null),
		// No list of organisations: the form's organisation is typed and matched on submit (organisations.ts).
		sessions: future.map((s) => ({ id: s.id, startsAt: s.startsAt, endsAt: s.endsAt, track: s.track, free: freeOf(s.capacity ?? item.capacity, s.id) }))
	};
}

/**
 * Everything one person registered for, newest first, with join data only where confirmed;
 * `cancellable` says whether the participant may still cancel (rules.ts).
 */
export async function participantView(db: Db, email: string, now = new Date()) {
	const rows = await db
		.select({ r: registration, i: programmeItem, p: project })
		.from(registration)
		.innerJoin(programmeItem, eq(programmeItem.id, registration.itemId))
		.innerJoin(project, eq(project.id, programmeItem.projectId))
		.where(eq(registration.email, email))
		.orderBy(asc(registration.createdAt));
	const itemIds = [...new Set(rows.map((x) => x.i.id))];
	const sessions = itemIds.length ? await db.select().from(session).where(inArray(session.itemId, itemIds)).orderBy(asc(session.startsAt)) : [];
	const meetings = itemIds.length ? await db.select().from(onlineMeeting).where(inArray(onlineMeeting.itemId, itemIds)) : [];
	return rows.reverse().map(({ r, i, p }) => {
		const mine = sessions.filter((s) => s.itemId === i.id && (r.sessionId === null || s.id === r.sessionId));
		const showJoin = r.status === 'confirmed' && i.format !== 'in_person';
		return {
			id: r.id,
			status: r.status,
			active: (ACTIVE as readonly string[]).includes(r.status),
			cancellable: participantMayCancel(r.status, mine.map((s) => s.startsAt), now),
			project: { slug: p.slug, name: p.phaseName || p.title.de || p.slug },
			item: { id: i.id, title: i.title, format: i.format },
			sessions: mine.map((s) => {
				const m = showJoin ? meetings.find((mt) => mt.id === s.meetingId) : undefined;
				return { id: s.id, startsAt: s.startsAt, endsAt: s.endsAt, address: s.address, city: s.city, track: s.track, join: m ? { url: m.joinUrl, code: m.meetingCode, passcode: m.passcode, provider: m.provider } : null };
			})
		};
	});
}

const STATUSES = ['held', 'awaiting_approval', 'confirmed', 'waitlisted', 'cancelled', 'expired'] as const;
type Status = (typeof STATUSES)[number];

/** Columns the registrations list of an item sorts by (`?sort=` outside this falls back). */
export const REGISTRATION_SORTS = ['registered', 'name', 'organisation', 'status'] as const;
export type RegistrationSort = (typeof REGISTRATION_SORTS)[number];
/** In the order people registered: the waiting list's order too. */
export const REGISTRATION_DEFAULT_SORT = { sort: 'registered', dir: 'asc' } as const satisfies { sort: RegistrationSort; dir: SortDir };

/** Rows per page of an item's registrations list in the backoffice. */
export const REGISTRATION_PAGE_SIZE = 50;

/**
 * Registrations of an item for staff, optionally only one status and/or one session (unknown
 * filter values are ignored, never an error), `q` searching name, address and organisation, sorted
 * by a whitelisted column (ties in registration order); with counts per status of the whole item.
 * With `page`, one page of REGISTRATION_PAGE_SIZE rows (a page past the last gives the last), with
 * `total` the rows the filter and search find and `pages`; without, every row (the API pages itself).
 */
export async function registrationsForStaff(
	db: Db,
	itemId: number,
	filter: { status?: string | null; sessionId?: string | null; q?: string | null; sort?: RegistrationSort; dir?: SortDir; page?: number } = {}
) {
	const conditions = [eq(registration.itemId, itemId)];
	if (filter.status && (STATUSES as readonly string[]).includes(filter.status)) conditions.push(eq(registration.status, filter.status as Status));
	if (filter.sessionId && /^\d+$/.test(filter.sessionId)) conditions.push(eq(registration.sessionId, Number(filter.sessionId)));
	const q = parseSearch(filter.q);
	if (q) {
		const pattern = containsPattern(q);
		conditions.push(or(ilike(registration.name, pattern), ilike(registration.email, pattern), ilike(organisation.name, pattern))!);
	}
	const sort: RegistrationSort = REGISTRATION_SORTS.includes(filter.sort as RegistrationSort) ? filter.sort! : REGISTRATION_DEFAULT_SORT.sort;
	const column = {
		registered: registration.createdAt,
		name: sql`lower(${registration.name})`,
		organisation: sql`lower(coalesce(${organisation.name}, ''))`,
		// The states in the order of the registration's life (concepts.md), not alphabetically.
		status: sql`array_position(array['awaiting_approval', 'held', 'confirmed', 'waitlisted', 'expired', 'cancelled']::text[], ${registration.status}::text)`
	}[sort];
	const paged = filter.page !== undefined;
	const [found] = paged
		? await db.select({ n: count() }).from(registration).leftJoin(organisation, eq(organisation.id, registration.organisationId)).where(and(...conditions))
		: [null];
	const pages = found ? Math.max(1, Math.ceil(found.n / REGISTRATION_PAGE_SIZE)) : 1;
	const page = Math.min(Math.max(1, Math.floor(filter.page ?? 1)), pages);
	const query = db
		.select({ r: registration, orgName: organisation.name })
		.from(registration)
		.leftJoin(organisation, eq(organisation.id, registration.organisationId))
		.where(and(...conditions))
		.orderBy(filter.dir === 'desc' ? desc(column) : asc(column), asc(registration.createdAt), asc(registration.id));
	const rows = paged ? await query.limit(REGISTRATION_PAGE_SIZE).offset((page - 1) * REGISTRATION_PAGE_SIZE) : await query;
	// Certificate codes and session dates of these rows only (joined before the page was cut, every one was read).
	const ids = rows.map((x) => x.r.id);
	const sessionIds = [...new Set(rows.map((x) => x.r.sessionId).filter((id): id is number => id !== null))];
	const [codes, starts, counts] = await Promise.all([
		ids.length ? db.select({ registrationId: certificate.registrationId, code: certificate.code }).from(certificate).where(inArray(certificate.registrationId, ids)) : [],
		sessionIds.length ? db.select({ id: session.id, startsAt: session.startsAt }).from(session).where(inArray(session.id, sessionIds)) : [],
		db.select({ status: registration.status, n: count() }).from(registration).where(eq(registration.itemId, itemId)).groupBy(registration.status)
	]);
	const codeOf = new Map(codes.map((c) => [c.registrationId, c.code]));
	const startOf = new Map(starts.map((x) => [x.id, x.startsAt]));
	return {
		rows: rows.map(({ r, orgName }) => ({
			...r,
			organisation: orgName,
			certificateCode: codeOf.get(r.id) ?? null,
			sessionStartsAt: r.sessionId === null ? null : (startOf.get(r.sessionId) ?? null)
		})),
		counts: Object.fromEntries(counts.map((c) => [c.status, c.n])) as Record<string, number>,
		total: found ? found.n : rows.length,
		page,
		pages,
		q,
		sort,
		dir: filter.dir === 'desc' ? ('desc' as const) : ('asc' as const)
	};
}

/**
 * Suspicious bursts for the team: clients (by their pseudonymous key, limits.ts) with at least
 * BURST_MIN unconfirmed registrations for the item, largest first, with who they are.
 */
export async function suspiciousBursts(db: Db, itemId: number) {
	const rows = await db
		.select({ id: registration.id, clientKey: registration.clientKey, name: registration.name, email: registration.email, status: registration.status, createdAt: registration.createdAt })
		.from(registration)
		.where(
			and(
				eq(registration.itemId, itemId),
				isNotNull(registration.clientKey),
				isNull(registration.emailConfirmedAt),
				inArray(registration.status, ['held', 'waitlisted'])
			)
		)
		.orderBy(asc(registration.createdAt), asc(registration.id));
	const groups = new Map<string, typeof rows>();
	for (const r of rows) groups.set(r.clientKey!, [...(groups.get(r.clientKey!) ?? []), r]);
	return [...groups.entries()]
		.filter(([, regs]) => regs.length >= BURST_MIN)
		.map(([clientKey, regs]) => ({
			clientKey,
			count: regs.length,
			held: regs.filter((r) => r.status === 'held').length,
			from: regs[0].createdAt,
			until: regs[regs.length - 1].createdAt,
			registrations: regs.map((r) => ({ id: r.id, name: r.name, email: r.email, status: r.status }))
		}))
		.sort((a, b) => b.count - a.count);
}
