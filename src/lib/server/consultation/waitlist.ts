/**
 * The waiting list of a track, first come first served. A freed place of a slot still open for
 * booking is offered to the first waiting association, in the transaction that freed it and under
 * the slot's lock (docs/locking.md); the place is kept for it until the offer runs out
 * (`offerHours`, never past the slot's booking deadline). Accepting books the kept place; an offer
 * that runs out or is declined goes to the next one waiting (`expireOffers`, run by the maintenance job).
 */
import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { consultationSlot, consultationTrack, consultationWaitlist } from '../db/schema/consultation.ts';
import { recordAudit } from '../audit/record.ts';
import { DomainError, isUniqueViolation } from '../errors.ts';
import { isLocale } from '../../i18n/locales.ts';
import { offerExpiry, type IntakeInput } from '../../consultation/rules.ts';
import { requireTeamOrOrganisation, type Env, type Who } from './access.ts';
import { atLimit, bookLocked, lockSlots, parseIntake, placesOf, type Booking } from './booking.ts';
import { enqueueOfferMail } from './mails.ts';

type Slot = typeof consultationSlot.$inferSelect;
type Track = typeof consultationTrack.$inferSelect;
export type WaitlistEntry = typeof consultationWaitlist.$inferSelect;

/**
 * Offers each free place of `slot` (locked by the caller) to the next association waiting in its
 * track, if the slot is still open for booking. Entries are claimed FOR UPDATE SKIP LOCKED, so two
 * slots freed at once never offer to the same association. Returns the entries offered to.
 */
export async function offerFreedPlace(tx: Tx, env: Env, slot: Slot, track: Track): Promise<WaitlistEntry[]> {
	if (slot.status !== 'open') return [];
	const until = offerExpiry(track, slot.startsAt, env.now);
	if (!until) return [];
	const offered: WaitlistEntry[] = [];
	const passed = new Set<number>();
	for (;;) {
		const places = await placesOf(tx, slot.id, env.now);
		if (places.bookings.length + places.offers.length >= slot.capacity) break;
		const booked = new Set(places.bookings.map((b) => b.organisationId));
		const line = await tx
			.select()
			.from(consultationWaitlist)
			.where(and(eq(consultationWaitlist.trackId, track.id), eq(consultationWaitlist.state, 'waiting')))
			.orderBy(asc(consultationWaitlist.createdAt), asc(consultationWaitlist.id))
			.limit(50);
		// The first in line who could take it: not already in this slot, not at the track's limit
		// (those keep their place in line for a later slot). Each candidate is locked alone, SKIP
		// LOCKED: one another transaction is offering to right now is passed over, never waited for.
		let next: WaitlistEntry | undefined;
		for (const entry of line) {
			if (passed.has(entry.id)) continue;
			passed.add(entry.id);
			if (booked.has(entry.organisationId)) continue;
			if (await atLimit(tx, entry.organisationId, track, env.now)) continue;
			const [claimed] = await tx
				.select()
				.from(consultationWaitlist)
				.where(and(eq(consultationWaitlist.id, entry.id), eq(consultationWaitlist.state, 'waiting')))
				.for('update', { skipLocked: true });
			if (!claimed) continue;
			next = claimed;
			break;
		}
		if (!next) break;
		const [row] = await tx
			.update(consultationWaitlist)
			.set({ state: 'offered', offeredSlotId: slot.id, offerExpiresAt: until, updatedAt: env.now })
			.where(eq(consultationWaitlist.id, next.id))
			.returning();
		await recordAudit(tx, null, 'consultation.waitlist_offered', { type: 'consultation_waitlist', id: row.id }, env.now, { slotId: slot.id, until: until.toISOString() });
		await enqueueOfferMail(tx, env, row, slot, track);
		offered.push(row);
	}
	return offered;
}

/** An association joins a track's waiting list (once; a second call is `already_waiting`). */
export async function joinWaitlist(env: Env, who: Who, input: { trackId: number; organisationId?: number; contactName: string; contactEmail: string; language: string }): Promise<WaitlistEntry> {
	const organisationId = who.kind === 'association' ? who.organisationId : input.organisationId;
	if (organisationId === undefined) throw new DomainError('not_found');
	requireTeamOrOrganisation(who, organisationId);
	const name = input.contactName.trim();
	const email = input.contactEmail.trim().toLowerCase();
	if (!name) throw new DomainError('choice', 'contactName');
	if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new DomainError('choice', 'contactEmail');
	try {
		return await env.db.transaction(async (tx) => {
			const [track] = await tx.select({ id: consultationTrack.id }).from(consultationTrack).where(eq(consultationTrack.id, input.trackId));
			if (!track) throw new DomainError('not_found');
			const [entry] = await tx
				.insert(consultationWaitlist)
				.values({ trackId: track.id, organisationId, contactName: name, contactEmail: email, language: isLocale(input.language) ? input.language : 'de', createdAt: env.now, updatedAt: env.now })
				.returning();
			await recordAudit(tx, who.actor, 'consultation.waitlist_joined', { type: 'consultation_waitlist', id: entry.id }, env.now, { trackId: track.id, organisationId });
			return entry;
		});
	} catch (e) {
		if (isUniqueViolation(e)) throw new DomainError('already_waiting');
		throw e;
	}
}

async function entryFor(db: Db | Tx, who: Who, entryId: number) {
	const [entry] = await db.select().from(consultationWaitlist).where(eq(consultationWaitlist.id, entryId));
	if (!entry) throw new DomainError('not_found');
	requireTeamOrOrganisation(who, entry.organisationId);
	return entry;
}

/** Accepts the slot offered to the association: books its kept place with the intake. `offer_expired` once the time is up. */
export async function acceptOffer(env: Env, who: Who, entryId: number, intake: IntakeInput): Promise<Booking> {
	const entry = await entryFor(env.db, who, entryId);
	if (entry.state !== 'offered' || !entry.offeredSlotId || !entry.offerExpiresAt || entry.offerExpiresAt.getTime() <= env.now.getTime()) throw new DomainError('offer_expired');
	try {
		return await env.db.transaction(async (tx) => {
			// The same locks as any booking; the kept place is this entry's while the offer runs.
			const booking = await bookLocked(tx, env, who, entry.organisationId, entry.offeredSlotId!, parseIntake(intake), entry.id);
			await tx.update(consultationWaitlist).set({ state: 'accepted', updatedAt: env.now }).where(eq(consultationWaitlist.id, entry.id));
			await recordAudit(tx, who.actor, 'consultation.waitlist_accepted', { type: 'consultation_waitlist', id: entry.id }, env.now, { bookingId: booking.id });
			return booking;
		});
	} catch (e) {
		if (isUniqueViolation(e)) throw new DomainError('slot_taken');
		throw e;
	}
}

/** Leaves the waiting list, or declines a running offer (its place goes to the next one waiting). */
export async function leaveWaitlist(env: Env, who: Who, entryId: number): Promise<void> {
	const entry = await entryFor(env.db, who, entryId);
	if (!['waiting', 'offered'].includes(entry.state)) return;
	await env.db.transaction(async (tx) => {
		const locked = entry.offeredSlotId && entry.state === 'offered' ? (await lockSlots(tx, null, [entry.offeredSlotId]))[0] : null;
		const [row] = await tx
			.update(consultationWaitlist)
			.set({ state: 'withdrawn', updatedAt: env.now })
			.where(and(eq(consultationWaitlist.id, entry.id), inArray(consultationWaitlist.state, ['waiting', 'offered'])))
			.returning();
		if (!row) return;
		await recordAudit(tx, who.actor, 'consultation.waitlist_left', { type: 'consultation_waitlist', id: entry.id }, env.now, { declined: entry.state === 'offered' });
		if (locked) await offerFreedPlace(tx, env, locked.slot, locked.track);
	});
}

/**
 * For the maintenance job: marks offers whose time ran out `expired` and offers their places to
 * the next ones waiting. Idempotent; one short transaction per offer, under its slot's lock. Returns how many expired.
 */
export async function expireOffers(env: Env): Promise<number> {
	const due = await env.db
		.select({ id: consultationWaitlist.id, slotId: consultationWaitlist.offeredSlotId })
		.from(consultationWaitlist)
		.where(and(eq(consultationWaitlist.state, 'offered'), lte(consultationWaitlist.offerExpiresAt, env.now)));
	let expired = 0;
	for (const d of due) {
		expired += await env.db.transaction(async (tx) => {
			const locked = d.slotId ? (await lockSlots(tx, null, [d.slotId]))[0] : null;
			const [row] = await tx
				.update(consultationWaitlist)
				.set({ state: 'expired', updatedAt: env.now })
				.where(and(eq(consultationWaitlist.id, d.id), eq(consultationWaitlist.state, 'offered'), lte(consultationWaitlist.offerExpiresAt, env.now)))
				.returning();
			if (!row) return 0;
			await recordAudit(tx, null, 'consultation.waitlist_expired', { type: 'consultation_waitlist', id: row.id }, env.now);
			if (locked) await offerFreedPlace(tx, env, locked.slot, locked.track);
			return 1;
		});
	}
	return expired;
}

/** The organisation's live waiting-list entries (waiting or with an offer), for its page. */
export async function listOrganisationWaitlist(db: Db, who: Who, organisationId: number) {
	requireTeamOrOrganisation(who, organisationId);
	return db
		.select()
		.from(consultationWaitlist)
		.where(and(eq(consultationWaitlist.organisationId, organisationId), inArray(consultationWaitlist.state, ['waiting', 'offered'])))
		.orderBy(asc(consultationWaitlist.createdAt));
}
