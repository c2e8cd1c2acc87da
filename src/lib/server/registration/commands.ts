/**
 * Registration use cases. Every write that touches places follows docs/locking.md: lock the one
 * row that owns the places (the session for per-session registration, else the programme item)
 * with FOR UPDATE, once, at the start of the transaction, then count and decide. Mails are
 * enqueued in the same transaction; every change leaves an audit entry.
 * Holds are short and never extended, and one client holds only a few places unconfirmed
 * (docs/locking.md, "Holds and limits").
 * Throws DomainError (`not_found`, `registration_closed`, `session_not_bookable`, `full`,
 * `confirm_invalid`, `too_many_unconfirmed`, `cancel_too_late`) for what a user can cause.
 */
import { and, asc, count, entityKind, eq, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { programmeItem, project, session } from '../db/schema/programme.ts';
import { VISIBLE_STATUSES } from '../programme/public.ts';
import { ACTIVE, PLACE_HOLDING, registration } from '../db/schema/registration.ts';
import { organisation } from '../db/schema/organisations.ts';
import { recordAudit, type Actor } from '../audit/record.ts';
import { emitEvent, registrationRef } from '../webhooks/events.ts';
import { enqueueMail, kickMailDelivery } from '../mail/outbox.ts';
import { DomainError } from '../errors.ts';
import { loadProjectTree } from '../programme/tree.ts';
import { itemCalendar } from '../programme/calendar.ts';
import { hashToken, issueParticipantLink, newConfirmToken, ownPageUrl } from './links.ts';
import { mailLink } from '../mail/link.ts';
import { composeMail, type MailTemplate } from './mails.ts';
import { isLocale } from '../../i18n/locales.ts';
import { anonymiseRegistrations } from './privacy.ts';
import { RESEND_AFTER_MS, unconfirmedPerClient } from './limits.ts';
import { participantMayCancel } from '../../registration/rules.ts';

export const PRIVACY_VERSION = '2026-11-28';

export interface Env {
	db: Db;
	now: Date;
	/** Public origin for links in mails, e.g. http://localhost:3000. */
	origin: string;
	/** The server secret, for keyed hashes (participant links are random tokens: links.ts). */
	secret: string;
	/** How long an unconfirmed registration keeps its place (at most until its first session starts). */
	holdHours: number;
}

export interface RegistrationInput {
	itemId: number;
	sessionId: number | null;
	name: string;
	email: string;
	organisationId: number | null;
	organisationName: string;
	language: string;
	needs: string;
	photoConsent: boolean;
}

type Row = typeof registration.$inferSelect;
type Item = typeof programmeItem.$inferSelect;
interface Scope {
	item: Item;
	sessionId: number | null;
	capacity: number | null;
	/** Start of every session the scope covers (the item's sessions, or the one session). */
	starts: Date[];
	/** The earliest of them still ahead of `now`; null when all have started (or there are none). */
	nextStart: Date | null;
	/** The scope's sessions as mails show them, in date order (read with the lock: no second query). */
	sessions: MailSession[];
}

type MailSession = Pick<typeof session.$inferSelect, 'id' | 'startsAt' | 'endsAt' | 'track' | 'address' | 'city'>;
const MAIL_SESSION = { id: session.id, startsAt: session.startsAt, endsAt: session.endsAt, track: session.track, address: session.address, city: session.city };

/**
 * Runs independent statements of one transaction together. On PostgreSQL (postgres.js) they are
 * sent at once and the server runs them in the order given: one round trip instead of several,
 * which is what a burst waits for while the lock is held. On PGlite one after the other, in the
 * same order (its transaction takes one query at a time).
 */
function together<A, B>(tx: Tx, a: () => Promise<A>, b: () => Promise<B>): Promise<[A, B]>;
function together<A, B, C>(tx: Tx, a: () => Promise<A>, b: () => Promise<B>, c: () => Promise<C>): Promise<[A, B, C]>;
async function together(tx: Tx, ...steps: (() => Promise<unknown>)[]): Promise<unknown[]> {
	if ((tx.constructor as unknown as Record<symbol, unknown>)[entityKind] === 'PostgresJsTransaction') return Promise.all(steps.map((step) => step()));
	const results: unknown[] = [];
	for (const step of steps) results.push(await step());
	return results;
}

/**
 * The locking rule, in one place: lock the row that owns the places, read the capacity and the dates.
 * `visibleIn`: the public form's project slug; the item must belong to that project and the project
 * be published or archived (checked in the locking statement itself, no read before it).
 */
async function lockScope(tx: Tx, itemId: number, sessionId: number | null, now: Date, visibleIn?: string): Promise<Scope> {
	const dates = (sessions: MailSession[]) => {
		const starts = sessions.map((s) => s.startsAt);
		const ahead = starts.filter((d) => d.getTime() > now.getTime()).sort((a, b) => a.getTime() - b.getTime());
		return { starts, nextStart: ahead[0] ?? null, sessions };
	};
	const lockItem = (mode: 'update' | 'share') => {
		const visible = visibleIn === undefined ? undefined : and(eq(project.slug, visibleIn), inArray(project.status, [...VISIBLE_STATUSES]));
		return tx
			.select({ item: programmeItem })
			.from(programmeItem)
			.innerJoin(project, eq(project.id, programmeItem.projectId))
			.where(and(eq(programmeItem.id, itemId), visible))
			.for(mode, { of: programmeItem });
	};
	// The lock and the sessions' read in one round trip (`together`: the lock runs first).
	if (sessionId === null) {
		const [[row], rows] = await together(
			tx,
			() => lockItem('update'),
			() => tx.select(MAIL_SESSION).from(session).where(eq(session.itemId, itemId)).orderBy(asc(session.startsAt), asc(session.track), asc(session.id))
		);
		if (!row) throw new DomainError('not_found');
		return { item: row.item, sessionId: null, capacity: row.item.capacity, ...dates(rows) };
	}
	const [[row], [s]] = await together(
		tx,
		() => lockItem('share'),
		() => tx.select().from(session).where(and(eq(session.id, sessionId), eq(session.itemId, itemId))).for('update')
	);
	if (!row) throw new DomainError('not_found');
	if (!s) throw new DomainError('not_found');
	return { item: row.item, sessionId, capacity: s.capacity ?? row.item.capacity, ...dates([s]) };
}

/** Unconfirmed registrations that are still alive (they may hold a place or a waiting-list position). */
const UNCONFIRMED = and(inArray(registration.status, ['held', 'waitlisted']), isNull(registration.emailConfirmedAt));

function scopeWhere(scope: Scope) {
	return and(
		eq(registration.itemId, scope.item.id),
		scope.sessionId === null ? isNull(registration.sessionId) : eq(registration.sessionId, scope.sessionId)
	);
}

async function placesTaken(tx: Tx, scope: Scope): Promise<number> {
	const [{ n }] = await tx
		.select({ n: count() })
		.from(registration)
		.where(and(scopeWhere(scope), inArray(registration.status, [...PLACE_HOLDING])));
	return n;
}

type Tree = NonNullable<Awaited<ReturnType<typeof loadProjectTree>>>;

/** The item's project, for the calendar file of the mails that carry one. Read before the lock where possible: it decides nothing. */
async function treeOf(tx: Tx, itemId: number): Promise<Tree | null> {
	const [row] = await tx.select({ p: programmeItem.projectId }).from(programmeItem).where(eq(programmeItem.id, itemId));
	return row ? await loadProjectTree(tx, row.p) : null;
}

/** The end of the last of these sessions (a participant link lasts LINK_VALID_DAYS past it). */
const lastEnd = (sessions: MailSession[]) => sessions.reduce<Date | null>((last, s) => (last && last > s.endsAt ? last : s.endsAt), null);

/** Mails with a calendar file (mails.ts): only these need the project tree. */
const WITH_CALENDAR: readonly MailTemplate[] = ['confirmed', 'promoted'];

/**
 * Composes and enqueues a registration's mail. What it shows comes from the locked scope (item and
 * sessions, read with the lock); only a mail with a calendar file reads the project tree (`tree`,
 * read before the lock by callers that can). Returns the draft, unsent.
 */
async function mail(tx: Tx, env: Env, template: MailTemplate, reg: Row, scope: Scope, extra: { confirmToken?: string; tree?: Tree | null; ownPageUrl?: string } = {}) {
	const sessions = reg.sessionId === null ? scope.sessions : scope.sessions.filter((s) => s.id === reg.sessionId);
	let ics: string | null = null;
	if (WITH_CALENDAR.includes(template)) {
		const tree = extra.tree ?? (await treeOf(tx, reg.itemId));
		const item = tree!.items.find((i) => i.id === reg.itemId)!;
		ics = itemCalendar(tree!, { ...item, sessions: reg.sessionId === null ? item.sessions : item.sessions.filter((s) => s.id === reg.sessionId) }, isLocale(reg.language) ? reg.language : 'de', env.origin);
	}
	const draft = composeMail(template, {
		registrationId: reg.id,
		to: reg.email,
		name: reg.name,
		language: reg.language,
		itemTitle: scope.item.title,
		format: scope.item.format,
		sessions,
		waitlisted: reg.status === 'waitlisted',
		// Every link in the recipient's language; a fresh participant link per mail (links.ts).
		ownPageUrl: extra.ownPageUrl ?? (await ownPageUrl(tx, env, reg.email, reg.language, lastEnd(sessions))),
		confirmUrl: extra.confirmToken ? mailLink(env.origin, `/anmeldung/bestaetigen/${extra.confirmToken}`, reg.language) : undefined,
		confirmUntil: reg.confirmExpiresAt,
		ics
	});
	await enqueueMail(tx, draft, env.now);
}

/** Rows of `tx.execute`: an array on postgres.js, `{ rows }` on PGlite. */
const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];

/**
 * The organisation named by the form when it exists already (one read, no write): registering
 * reads it next to the decision's counts, in the same round trip; `resolveOrganisation` creates a
 * new name only once the registration is certain.
 */
async function findOrganisation(tx: Tx, input: RegistrationInput): Promise<number | null | undefined> {
	const name = input.organisationName.trim();
	if (input.organisationId !== null || !name) return undefined;
	const [org] = await tx.select({ id: organisation.id }).from(organisation).where(sql`lower(${organisation.name}) = lower(${name})`);
	return org?.id;
}

async function resolveOrganisation(tx: Tx, input: RegistrationInput): Promise<number | null> {
	if (input.organisationId !== null) {
		const [org] = await tx.select({ id: organisation.id }).from(organisation).where(eq(organisation.id, input.organisationId));
		if (!org) throw new DomainError('not_found', 'organisationId');
		return org.id;
	}
	const name = input.organisationName.trim();
	if (!name) return null;
	// Insert-or-find in one statement. When another transaction inserted the name after this
	// statement's snapshot, ON CONFLICT sees it and the select does not: then one more read finds it.
	const byName = sql`lower(${organisation.name}) = lower(${name})`;
	const [found] = rowsOf<{ id: number }>(
		await tx.execute(
			sql`with ins as (insert into ${organisation} (${sql.identifier(organisation.name.name)}) values (${name}) on conflict do nothing returning ${organisation.id} as id) select id from ins union all (select ${organisation.id} as id from ${organisation} where ${byName}) limit 1`
		)
	);
	if (found) return Number(found.id);
	const [org] = await tx.select({ id: organisation.id }).from(organisation).where(byName);
	return org.id;
}

async function insertRegistration(
	tx: Tx,
	env: Env,
	scope: Scope,
	input: RegistrationInput,
	email: string,
	state: Pick<Row, 'status' | 'emailConfirmedAt' | 'confirmTokenHash' | 'confirmExpiresAt'> & { clientKey?: string | null },
	knownOrganisationId?: number | null
): Promise<Row> {
	const organisationId = knownOrganisationId ?? (await resolveOrganisation(tx, input));
	const [created] = await tx
		.insert(registration)
		.values({
			itemId: scope.item.id,
			sessionId: input.sessionId,
			name: input.name.trim(),
			email,
			organisationId,
			language: input.language,
			needs: input.needs.trim(),
			privacyVersion: PRIVACY_VERSION,
			privacyAcceptedAt: env.now,
			photoConsent: input.photoConsent,
			...state,
			createdAt: env.now,
			updatedAt: env.now
		})
		.returning();
	return created;
}

/**
 * Registers a person for an item (or one session of it). Gets a place while one is free, else the
 * waiting list; either way an unconfirmed registration until the emailed link is opened, which
 * holds for `holdHours` but never past the start of the scope's next session. The same person
 * registering again for the same scope gets the existing registration unchanged: the hold is not
 * extended and the first link keeps working; at most one re-sent mail (its own link), and only
 * after RESEND_AFTER_MS. `clientKey` (limits.ts) caps the unconfirmed registrations of one client.
 * `onBehalf`: a partner registers the person with their consent (the API's token): the same double
 * opt-in and mail, the audit entry names the partner and the consent.
 */
export async function registerParticipant(env: Env, input: RegistrationInput, opts: { clientKey?: string | null; onBehalf?: Actor; visibleIn?: string } = {}) {
	const email = input.email.trim().toLowerCase();
	const result = await env.db.transaction(async (tx) => {
		// The lock comes first: nothing is read before it (the confirm mail needs no project tree).
		const scope = await lockScope(tx, input.itemId, input.sessionId, env.now, opts.visibleIn);
		const { item } = scope;
		if (!item.registrationOpen || item.state !== 'scheduled') throw new DomainError('registration_closed');
		if ((input.sessionId !== null) !== item.perSession) throw new DomainError('session_not_bookable', 'sessionId');
		// Every session has started (or there is none): nothing left to register for.
		if (scope.nextStart === null) throw new DomainError('registration_closed');

		// The decision's three counts in one statement: an active registration of this address, the
		// client's unconfirmed ones, the places taken.
		const [facts, knownOrganisation] = await together(tx, () => scopeFacts(tx, scope, email, opts.clientKey ?? null), () => findOrganisation(tx, input));
		if (facts.existingId !== null) {
			const [existing] = await tx.select().from(registration).where(eq(registration.id, facts.existingId));
			const resendDue =
				existing.emailConfirmedAt === null &&
				existing.resendTokenHash === null &&
				env.now.getTime() - existing.createdAt.getTime() >= RESEND_AFTER_MS &&
				existing.confirmExpiresAt.getTime() > env.now.getTime();
			if (resendDue) {
				const { token, hash } = newConfirmToken();
				const [resent] = await tx.update(registration).set({ resendTokenHash: hash, updatedAt: env.now }).where(eq(registration.id, existing.id)).returning();
				await mail(tx, env, 'confirm', resent, scope, { confirmToken: token });
				await recordAudit(tx, null, 'registration.confirmation_resent', { type: 'registration', id: existing.id }, env.now);
			}
			return { registration: existing, duplicate: true };
		}

		if (opts.clientKey && facts.unconfirmedOfClient >= unconfirmedPerClient(scope.capacity)) throw new DomainError('too_many_unconfirmed');

		const { token, hash } = newConfirmToken();
		const confirmExpiresAt = new Date(Math.min(env.now.getTime() + env.holdHours * 3_600_000, scope.nextStart.getTime()));
		const full = scope.capacity !== null && facts.taken >= scope.capacity;
		const organisationId = knownOrganisation === undefined ? await resolveOrganisation(tx, input) : knownOrganisation;
		// The row and the mail's participant link (independent of each other) in one round trip, then
		// the mail, the audit entry and the webhook event (each needs the row's id) in one more.
		const [created, pageToken] = await together(
			tx,
			() => insertRegistration(tx, env, scope, input, email, { status: full ? 'waitlisted' : 'held', emailConfirmedAt: null, confirmTokenHash: hash, confirmExpiresAt, clientKey: opts.clientKey ?? null }, organisationId),
			() => issueParticipantLink(tx, email, env.now, lastEnd(input.sessionId === null ? scope.sessions : scope.sessions.filter((s) => s.id === input.sessionId)))
		);
		// On someone's behalf (the API): who registered them, and that they gave their consent to the privacy notice there.
		const onBehalf = opts.onBehalf ? { onBehalf: true, privacyVersion: PRIVACY_VERSION, photoConsent: input.photoConsent } : {};
		await together(
			tx,
			() => mail(tx, env, 'confirm', created, scope, { confirmToken: token, ownPageUrl: mailLink(env.origin, `/teilnahme/${pageToken}`, created.language) }),
			() => recordAudit(tx, opts.onBehalf ?? null, 'registration.created', { type: 'registration', id: created.id }, env.now, { itemId: item.id, status: created.status, ...onBehalf }),
			() => emitEvent(tx, 'registration.created', registrationRef(created), env.now)
		);
		return { registration: created, duplicate: false };
	});
	// Committed: the confirmation mail may leave now, not at the next maintenance run (outbox.ts).
	kickMailDelivery();
	return result;
}

/** What registering decides on, read under the scope's lock in one statement. */
async function scopeFacts(tx: Tx, scope: Scope, email: string, clientKey: string | null): Promise<{ existingId: number | null; unconfirmedOfClient: number; taken: number }> {
	const inScope = scopeWhere(scope);
	const [row] = await tx
		.select({
			existingId: sql<number | null>`(select ${registration.id} from ${registration} where ${and(inScope, eq(registration.email, email), inArray(registration.status, [...ACTIVE]))} limit 1)`,
			unconfirmedOfClient:
				clientKey === null
					? sql<number>`0`
					: sql<number>`(select count(*)::int from ${registration} where ${and(inScope, UNCONFIRMED, eq(registration.clientKey, clientKey))})`,
			taken: sql<number>`(select count(*)::int from ${registration} where ${and(inScope, inArray(registration.status, [...PLACE_HOLDING]))})`
		})
		.from(sql`(select 1) as one`);
	return { existingId: row.existingId === null ? null : Number(row.existingId), unconfirmedOfClient: Number(row.unconfirmedOfClient), taken: Number(row.taken) };
}

/**
 * The team adds someone by hand (registered on paper or by phone, consent given there): no double
 * opt-in, a place if one is free, else the waiting list; the person gets the matching mail.
 */
export async function addRegistrationByStaff(env: Env, actor: Actor, input: RegistrationInput) {
	const email = input.email.trim().toLowerCase();
	return env.db.transaction(async (tx) => {
		const tree = await treeOf(tx, input.itemId);
		const scope = await lockScope(tx, input.itemId, input.sessionId, env.now);
		if ((input.sessionId !== null) !== scope.item.perSession) throw new DomainError('session_not_bookable', 'sessionId');
		const [existing] = await tx
			.select()
			.from(registration)
			.where(and(scopeWhere(scope), eq(registration.email, email), inArray(registration.status, [...ACTIVE])));
		if (existing) return { registration: existing, duplicate: true };
		const full = scope.capacity !== null && (await placesTaken(tx, scope)) >= scope.capacity;
		const created = await insertRegistration(tx, env, scope, input, email, {
			status: full ? 'waitlisted' : 'confirmed',
			emailConfirmedAt: env.now,
			confirmTokenHash: newConfirmToken().hash,
			confirmExpiresAt: env.now
		});
		await mail(tx, env, full ? 'waitlisted' : 'confirmed', created, scope, { tree });
		await recordAudit(tx, actor, 'registration.added_by_staff', { type: 'registration', id: created.id }, env.now, { status: created.status });
		await emitEvent(tx, 'registration.created', registrationRef(created), env.now);
		return { registration: created, duplicate: false };
	});
}

/**
 * Gives free places to the waiting list, oldest email-confirmed registration first. Call with the
 * scope locked. Returns the promoted registrations.
 */
async function promote(tx: Tx, env: Env, scope: Scope): Promise<Row[]> {
	const promoted: Row[] = [];
	// Nobody moves up into something that has already begun.
	if (scope.starts.length > 0 && scope.nextStart === null) return promoted;
	if (scope.capacity === null) {
		const waiting = await tx
			.select()
			.from(registration)
			.where(and(scopeWhere(scope), eq(registration.status, 'waitlisted'), isNotNull(registration.emailConfirmedAt)));
		for (const w of waiting) promoted.push(await moveUp(tx, env, scope, w));
		return promoted;
	}
	let free = scope.capacity - (await placesTaken(tx, scope));
	while (free > 0) {
		const [next] = await tx
			.select()
			.from(registration)
			.where(and(scopeWhere(scope), eq(registration.status, 'waitlisted'), isNotNull(registration.emailConfirmedAt)))
			.orderBy(asc(registration.createdAt), asc(registration.id))
			.limit(1);
		if (!next) break;
		promoted.push(await moveUp(tx, env, scope, next));
		free--;
	}
	return promoted;
}

async function moveUp(tx: Tx, env: Env, scope: Scope, reg: Row): Promise<Row> {
	const status = scope.item.requiresApproval ? 'awaiting_approval' : 'confirmed';
	const [row] = await tx.update(registration).set({ status, updatedAt: env.now }).where(eq(registration.id, reg.id)).returning();
	await mail(tx, env, status === 'confirmed' ? 'promoted' : 'approval', row, scope);
	await recordAudit(tx, null, 'registration.promoted', { type: 'registration', id: row.id }, env.now, { status });
	await emitEvent(tx, 'registration.moved_up', registrationRef(row), env.now);
	return row;
}

/** Opens the double opt-in link. Idempotent: a second click changes nothing. */
export async function confirmRegistration(env: Env, token: string) {
	const hash = hashToken(token);
	// The first mail's link and the one re-sent mail's link both work until the hold ends.
	const [found] = await env.db.select().from(registration).where(or(eq(registration.confirmTokenHash, hash), eq(registration.resendTokenHash, hash)));
	// After a deletion request the old confirmation link leads nowhere, like every other old link.
	if (!found || found.anonymisedAt !== null) throw new DomainError('confirm_invalid');
	return env.db.transaction(async (tx) => {
		const tree = await treeOf(tx, found.itemId);
		const scope = await lockScope(tx, found.itemId, found.sessionId, env.now);
		const [reg] = await tx.select().from(registration).where(eq(registration.id, found.id)).for('update');
		if (reg.emailConfirmedAt !== null) return reg;
		if (!['held', 'waitlisted'].includes(reg.status) || reg.confirmExpiresAt.getTime() <= env.now.getTime()) {
			throw new DomainError('confirm_invalid');
		}
		const status = reg.status === 'held' ? (scope.item.requiresApproval ? 'awaiting_approval' : 'confirmed') : 'waitlisted';
		const [row] = await tx
			.update(registration)
			.set({ status, emailConfirmedAt: env.now, clientKey: null, updatedAt: env.now })
			.where(eq(registration.id, reg.id))
			.returning();
		await mail(tx, env, status === 'confirmed' ? 'confirmed' : status === 'awaiting_approval' ? 'approval' : 'waitlisted', row, scope, { tree });
		await recordAudit(tx, null, 'registration.email_confirmed', { type: 'registration', id: row.id }, env.now, { status });
		if (status === 'confirmed') await emitEvent(tx, 'registration.confirmed', registrationRef(row), env.now);
		await promote(tx, env, scope);
		return row;
	});
}

/**
 * The confirmation link's button: confirms (confirmRegistration) and issues a participant link
 * for the redirect to the person's page. Throws `confirm_invalid` like confirmRegistration.
 */
export async function confirmFromMail(env: Env, token: string) {
	const row = await confirmRegistration(env, token);
	return { registration: row, pageToken: await issueParticipantLink(env.db, row.email, env.now) };
}

/**
 * Cancels (by staff, or with actor null for the participant's deletion request); the freed place
 * goes to the waiting list. The participant's own cancel is `cancelOwnRegistration`.
 */
export async function cancelRegistration(env: Env, id: number, actor: Actor | null, opts: { email?: string; silent?: boolean; ownRequest?: boolean } = {}) {
	const [found] = await env.db.select().from(registration).where(eq(registration.id, id));
	if (!found || (opts.email !== undefined && found.email !== opts.email)) throw new DomainError('not_found');
	return env.db.transaction(async (tx) => {
		const scope = await lockScope(tx, found.itemId, found.sessionId, env.now);
		const [reg] = await tx.select().from(registration).where(eq(registration.id, id)).for('update');
		if (!(ACTIVE as readonly string[]).includes(reg.status)) return reg;
		if (opts.ownRequest && !participantMayCancel(reg.status, scope.starts, env.now)) throw new DomainError('cancel_too_late');
		const [row] = await tx.update(registration).set({ status: 'cancelled', clientKey: null, updatedAt: env.now }).where(eq(registration.id, id)).returning();
		if (!opts.silent) await mail(tx, env, 'cancelled', row, scope);
		await recordAudit(tx, actor, 'registration.cancelled', { type: 'registration', id }, env.now, { by: actor ? 'staff' : 'participant', from: reg.status });
		await emitEvent(tx, 'registration.cancelled', registrationRef(row), env.now);
		await promote(tx, env, scope);
		return row;
	});
}

/**
 * The participant cancels one of their own registrations (after the page asked). Refused with
 * `cancel_too_late` once every session it covers has started; a cancelled one stays cancelled.
 */
export async function cancelOwnRegistration(env: Env, id: number, email: string) {
	return cancelRegistration(env, id, null, { email, ownRequest: true });
}

/**
 * The team releases a burst (limits.ts): every unconfirmed registration of the item from one
 * client key is cancelled without a mail (the addresses were never confirmed), each with its own
 * audit entry; freed places go to the waiting list. One transaction per scope, each under its lock.
 * Returns how many were released.
 */
export async function releaseBurst(env: Env, actor: Actor, itemId: number, clientKey: string): Promise<number> {
	const rows = await env.db
		.select({ sessionId: registration.sessionId })
		.from(registration)
		.where(and(eq(registration.itemId, itemId), eq(registration.clientKey, clientKey), UNCONFIRMED));
	let released = 0;
	for (const sessionId of new Set(rows.map((r) => r.sessionId))) {
		released += await env.db.transaction(async (tx) => {
			const scope = await lockScope(tx, itemId, sessionId, env.now);
			const gone = await tx
				.update(registration)
				.set({ status: 'cancelled', clientKey: null, updatedAt: env.now })
				.where(and(scopeWhere(scope), eq(registration.clientKey, clientKey), UNCONFIRMED))
				.returning({ id: registration.id });
			for (const g of gone) {
				await recordAudit(tx, actor, 'registration.released', { type: 'registration', id: g.id }, env.now, { reason: 'burst', count: gone.length });
				await emitEvent(tx, 'registration.cancelled', { registration_id: g.id, item_id: itemId, session_id: sessionId }, env.now);
			}
			await promote(tx, env, scope);
			return gone.length;
		});
	}
	return released;
}

/** Staff approve a registration that waits for approval. */
export async function approveRegistration(env: Env, id: number, actor: Actor) {
	const [found] = await env.db.select().from(registration).where(eq(registration.id, id));
	if (!found) throw new DomainError('not_found');
	return env.db.transaction(async (tx) => {
		const tree = await treeOf(tx, found.itemId);
		const scope = await lockScope(tx, found.itemId, found.sessionId, env.now);
		const [reg] = await tx.select().from(registration).where(eq(registration.id, id)).for('update');
		if (reg.status !== 'awaiting_approval') return reg;
		const [row] = await tx.update(registration).set({ status: 'confirmed', updatedAt: env.now }).where(eq(registration.id, id)).returning();
		await mail(tx, env, 'confirmed', row, scope, { tree });
		await recordAudit(tx, actor, 'registration.approved', { type: 'registration', id }, env.now);
		await emitEvent(tx, 'registration.confirmed', registrationRef(row), env.now);
		return row;
	});
}

/** Staff move someone up from the waiting list; only into a free place (no overbooking, ever). */
export async function promoteRegistration(env: Env, id: number, actor: Actor) {
	const [found] = await env.db.select().from(registration).where(eq(registration.id, id));
	if (!found) throw new DomainError('not_found');
	return env.db.transaction(async (tx) => {
		const scope = await lockScope(tx, found.itemId, found.sessionId, env.now);
		const [reg] = await tx.select().from(registration).where(eq(registration.id, id)).for('update');
		if (reg.status !== 'waitlisted') return reg;
		if (scope.capacity !== null && (await placesTaken(tx, scope)) >= scope.capacity) throw new DomainError('full');
		const row = await moveUp(tx, env, scope, reg);
		await recordAudit(tx, actor, 'registration.moved_up', { type: 'registration', id }, env.now);
		return row;
	});
}

/** Unconfirmed registrations past their time lapse and free their places. Returns how many. */
export async function expireUnconfirmed(env: Env): Promise<number> {
	const due = await env.db
		.select({ id: registration.id, itemId: registration.itemId, sessionId: registration.sessionId })
		.from(registration)
		// The status as literal SQL, as in registration_lapse_idx's predicate: a parameter would keep a prepared (generic) plan off the partial index.
		.where(and(sql`${registration.status} in ('held', 'waitlisted')`, isNull(registration.emailConfirmedAt), lte(registration.confirmExpiresAt, env.now)));
	for (const d of due) {
		await env.db.transaction(async (tx) => {
			const scope = await lockScope(tx, d.itemId, d.sessionId, env.now);
			const [row] = await tx
				.update(registration)
				.set({ status: 'expired', clientKey: null, updatedAt: env.now })
				.where(and(eq(registration.id, d.id), isNull(registration.emailConfirmedAt), inArray(registration.status, ['held', 'waitlisted'])))
				.returning();
			if (!row) return;
			await recordAudit(tx, null, 'registration.expired', { type: 'registration', id: d.id }, env.now);
			await promote(tx, env, scope);
		});
	}
	return due.length;
}

/**
 * The participant's request to delete their data: active registrations are cancelled (places go
 * to the waiting list), then name, email and answers are removed; the rows stay as counts.
 */
export async function deleteParticipantData(env: Env, email: string): Promise<number> {
	const rows = await env.db.select({ id: registration.id, status: registration.status }).from(registration).where(eq(registration.email, email));
	for (const r of rows) {
		if ((ACTIVE as readonly string[]).includes(r.status)) await cancelRegistration(env, r.id, null, { email, silent: true });
	}
	await env.db.transaction((tx) => anonymiseRegistrations(tx, rows.map((r) => r.id), env.now, 'request'));
	return rows.length;
}

/** After the team changed places: give every free place of the item (and its sessions) to the waiting list. */
export async function fillFreePlaces(env: Env, itemId: number): Promise<number> {
	const scopes = await env.db
		.selectDistinct({ sessionId: registration.sessionId })
		.from(registration)
		.where(and(eq(registration.itemId, itemId), eq(registration.status, 'waitlisted')));
	let moved = 0;
	for (const { sessionId } of scopes) {
		moved += await env.db.transaction(async (tx) => (await promote(tx, env, await lockScope(tx, itemId, sessionId, env.now))).length);
	}
	return moved;
}
