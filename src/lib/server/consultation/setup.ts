/**
 * The team sets up consultations: an offer on a consultation-series item, its tracks with their
 * booking rules and consultants, and the slots (from the series generator, with a preview, or one
 * by one). Each use case is one transaction with its audit entry. Only the team (`who.kind ===
 * 'team'`) may call these; anyone else gets `not_found`.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { programmeItem } from '../db/schema/programme.ts';
import { user } from '../db/schema/auth.ts';
import { consultationOffer, consultationSlot, consultationTrack, consultationTrackConsultant } from '../db/schema/consultation.ts';
import { recordAudit } from '../audit/record.ts';
import { DomainError } from '../errors.ts';
import { compact, type Translatable } from '../../content/translatable.ts';
import { generateSeries, validateSeriesRule, type SeriesRule } from '../../programme/series.ts';
import { DEFAULT_RULES, invalidRules, type TrackRules } from '../../consultation/rules.ts';
import { requireTeam, type Conn, type Who } from './access.ts';

export type Room = { provider: 'bbb' | 'jitsi' | 'link'; name?: string; url?: string; passcode?: string };

/** Creates the offer for a programme item of kind `consultation_series` (one per item; a second call returns the first). */
export async function createOffer(db: Db, who: Who, input: { itemId: number; joinOpensMinutes?: number }, now: Date) {
	requireTeam(who);
	return db.transaction(async (tx) => {
		const [item] = await tx.select({ id: programmeItem.id, kind: programmeItem.kind }).from(programmeItem).where(eq(programmeItem.id, input.itemId));
		if (!item) throw new DomainError('not_found');
		if (item.kind !== 'consultation_series') throw new DomainError('not_consultation_series', 'itemId');
		const [existing] = await tx.select().from(consultationOffer).where(eq(consultationOffer.itemId, item.id));
		if (existing) return existing;
		const [offer] = await tx.insert(consultationOffer).values({ itemId: item.id, joinOpensMinutes: input.joinOpensMinutes ?? 30, createdAt: now, updatedAt: now }).returning();
		await recordAudit(tx, who.actor, 'consultation.offer_created', { type: 'consultation_offer', id: offer.id }, now, { itemId: item.id });
		return offer;
	});
}

function checkRules(rules: TrackRules) {
	const bad = invalidRules(rules);
	if (bad.length) throw new DomainError('choice', bad[0]);
}

/** Adds a track (title translatable, German required) with its rules; defaults where not given. */
export async function addTrack(db: Db, who: Who, input: { offerId: number; title: Translatable; description?: Translatable; rules?: Partial<TrackRules>; consultantIds?: string[] }, now: Date) {
	requireTeam(who);
	const title = compact(input.title);
	if (!title.de) throw new DomainError('choice', 'title.de');
	const rules = { ...DEFAULT_RULES, ...input.rules };
	checkRules(rules);
	return db.transaction(async (tx) => {
		const [offer] = await tx.select().from(consultationOffer).where(eq(consultationOffer.id, input.offerId));
		if (!offer) throw new DomainError('not_found');
		const existing = await tx.select({ id: consultationTrack.id }).from(consultationTrack).where(eq(consultationTrack.offerId, offer.id));
		const [track] = await tx
			.insert(consultationTrack)
			.values({ offerId: offer.id, position: existing.length + 1, title, description: compact(input.description ?? {}), ...rules, createdAt: now, updatedAt: now })
			.returning();
		if (input.consultantIds?.length) await writeConsultants(tx, track.id, input.consultantIds);
		await recordAudit(tx, who.actor, 'consultation.track_added', { type: 'consultation_track', id: track.id }, now, { offerId: offer.id });
		return track;
	});
}

/** Changes a track's booking rules; they apply at once to every later booking, cancellation and move. */
export async function updateTrackRules(db: Db, who: Who, trackId: number, rules: TrackRules, now: Date) {
	requireTeam(who);
	checkRules(rules);
	await db.transaction(async (tx) => {
		const [row] = await tx.update(consultationTrack).set({ ...rules, updatedAt: now }).where(eq(consultationTrack.id, trackId)).returning({ id: consultationTrack.id });
		if (!row) throw new DomainError('not_found');
		await recordAudit(tx, who.actor, 'consultation.track_rules_changed', { type: 'consultation_track', id: trackId }, now, { ...rules });
	});
}

async function writeConsultants(tx: Conn, trackId: number, userIds: string[]) {
	const ids = [...new Set(userIds)];
	const known = ids.length ? await tx.select({ id: user.id }).from(user).where(inArray(user.id, ids)) : [];
	if (known.length !== ids.length) throw new DomainError('not_found', 'consultantIds');
	await tx.delete(consultationTrackConsultant).where(eq(consultationTrackConsultant.trackId, trackId));
	if (ids.length) await tx.insert(consultationTrackConsultant).values(ids.map((userId) => ({ trackId, userId })));
}

/** Sets who advises in a track (replacing the list). Slots keep their consultant until swapped. */
export async function setTrackConsultants(db: Db, who: Who, trackId: number, userIds: string[], now: Date) {
	requireTeam(who);
	await db.transaction(async (tx) => {
		const [track] = await tx.select({ id: consultationTrack.id }).from(consultationTrack).where(eq(consultationTrack.id, trackId));
		if (!track) throw new DomainError('not_found');
		await writeConsultants(tx, trackId, userIds);
		await recordAudit(tx, who.actor, 'consultation.track_consultants_set', { type: 'consultation_track', id: trackId }, now, { consultantIds: userIds });
	});
}

async function trackConsultants(tx: Conn, trackId: number): Promise<Set<string>> {
	return new Set((await tx.select({ userId: consultationTrackConsultant.userId }).from(consultationTrackConsultant).where(eq(consultationTrackConsultant.trackId, trackId))).map((r) => r.userId));
}

export interface SlotSeries {
	trackId: number;
	/** The rule's slots give the times; their `track` text is ignored (the slots go to `trackId`). */
	rule: SeriesRule;
	consultantId: string | null;
	capacity?: number;
	room: Room;
}

/** What `generateSlots` would create, without writing: dates and times in order. Throws `choice` for an invalid rule. */
export function previewSlots(rule: SeriesRule) {
	const problems = validateSeriesRule(rule);
	if (problems.length) throw new DomainError('choice', problems[0]);
	return generateSeries(rule).map((g) => ({ date: g.date, startsAt: g.startsAt, endsAt: g.endsAt }));
}

function roomName(room: Room, trackId: number, startsAt: Date, index: number): string {
	if (room.name) return room.provider === 'link' ? room.name : `${room.name}-${index + 1}`;
	// A room per slot for generated rooms: readable and unguessable enough is not needed (the link is never public).
	return room.provider === 'link' ? '' : `beratung-${trackId}-${startsAt.toISOString().slice(0, 16).replace(/[-:T]/g, '')}`;
}

async function checkSlotInput(tx: Conn, trackId: number, consultantId: string | null, capacity: number) {
	const [track] = await tx.select().from(consultationTrack).where(eq(consultationTrack.id, trackId));
	if (!track) throw new DomainError('not_found');
	if (consultantId && !(await trackConsultants(tx, trackId)).has(consultantId)) throw new DomainError('not_consultant', 'consultantId');
	if (!Number.isInteger(capacity) || capacity < 1 || capacity > 50) throw new DomainError('choice', 'capacity');
	return track;
}

/** Creates the slots of a series rule for one track (after `previewSlots`). Returns the new slots. */
export async function generateSlots(db: Db, who: Who, input: SlotSeries, now: Date) {
	requireTeam(who);
	const planned = previewSlots(input.rule);
	const capacity = input.capacity ?? 1;
	return db.transaction(async (tx) => {
		await checkSlotInput(tx, input.trackId, input.consultantId, capacity);
		const rows = await tx
			.insert(consultationSlot)
			.values(
				planned.map((p, i) => ({
					trackId: input.trackId,
					consultantId: input.consultantId,
					startsAt: p.startsAt,
					endsAt: p.endsAt,
					capacity,
					roomProvider: input.room.provider,
					roomName: roomName(input.room, input.trackId, p.startsAt, i),
					roomUrl: input.room.url ?? '',
					roomPasscode: input.room.passcode ?? '',
					createdAt: now,
					updatedAt: now
				}))
			)
			.returning();
		await recordAudit(tx, who.actor, 'consultation.slots_generated', { type: 'consultation_track', id: input.trackId }, now, { count: rows.length, from: input.rule.from, to: input.rule.to });
		return rows;
	});
}

/** Adds one slot to a track. */
export async function addSlot(db: Db, who: Who, input: { trackId: number; startsAt: Date; endsAt: Date; consultantId: string | null; capacity?: number; room: Room }, now: Date) {
	requireTeam(who);
	if (!(input.endsAt.getTime() > input.startsAt.getTime())) throw new DomainError('choice', 'endsAt');
	const capacity = input.capacity ?? 1;
	return db.transaction(async (tx) => {
		await checkSlotInput(tx, input.trackId, input.consultantId, capacity);
		const [slot] = await tx
			.insert(consultationSlot)
			.values({
				trackId: input.trackId,
				consultantId: input.consultantId,
				startsAt: input.startsAt,
				endsAt: input.endsAt,
				capacity,
				roomProvider: input.room.provider,
				roomName: roomName(input.room, input.trackId, input.startsAt, 0),
				roomUrl: input.room.url ?? '',
				roomPasscode: input.room.passcode ?? '',
				createdAt: now,
				updatedAt: now
			})
			.returning();
		await recordAudit(tx, who.actor, 'consultation.slot_added', { type: 'consultation_slot', id: slot.id }, now, { trackId: input.trackId });
		return slot;
	});
}

/** The offer of an item with its tracks (in order) and each track's consultants; null when the item has none. */
export async function offerOfItem(db: Conn, itemId: number) {
	const [offer] = await db.select().from(consultationOffer).where(eq(consultationOffer.itemId, itemId));
	if (!offer) return null;
	const tracks = await db.select().from(consultationTrack).where(eq(consultationTrack.offerId, offer.id)).orderBy(asc(consultationTrack.position), asc(consultationTrack.id));
	const people = tracks.length
		? await db
				.select({ trackId: consultationTrackConsultant.trackId, id: user.id, name: user.name })
				.from(consultationTrackConsultant)
				.innerJoin(user, eq(user.id, consultationTrackConsultant.userId))
				.where(inArray(consultationTrackConsultant.trackId, tracks.map((t) => t.id)))
		: [];
	return { ...offer, tracks: tracks.map((t) => ({ ...t, consultants: people.filter((p) => p.trackId === t.id).map(({ id, name }) => ({ id, name })) })) };
}

/** Whether `userId` advises in the track (used by swapConsultant). */
export async function isTrackConsultant(db: Conn, trackId: number, userId: string): Promise<boolean> {
	const [row] = await db.select({ id: consultationTrackConsultant.id }).from(consultationTrackConsultant).where(and(eq(consultationTrackConsultant.trackId, trackId), eq(consultationTrackConsultant.userId, userId)));
	return Boolean(row);
}
