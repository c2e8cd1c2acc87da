/**
 * The demo's consultations, loaded with the demo programme (programme/demo.ts, in its transaction):
 *
 * - Digit-Ready II's online series as the past it was: "10 x 2 Termine, jeweils 2 Std; mittwochs,
 *   06.04.–22.06.2022", two tracks (Organisationsentwicklung, Digitale Infrastruktur), 16:00–18:00
 *   and 18:00–20:00, one association per slot, Zoom. The range holds 12 Wednesdays; the seed does
 *   not say which two had none, so the slots leave out the two around Easter 2022 (13.04. and
 *   20.04., school holidays in most states): 10 × 2 slots. The programme item itself keeps the
 *   seed's rule and sessions unchanged, so the publish check still reports 10 announced ≠ 12.
 * - The current fictional project's series: the same two tracks on the Wednesdays of its rule
 *   (demo-data.ts currentConsultationSeries), a Jitsi room per slot, open for booking at once.
 *
 * Slots have no consultant yet: the team invites its consultants and assigns them.
 */
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { programmeItem, project } from '../db/schema/programme.ts';
import { consultationOffer, consultationSlot, consultationTrack } from '../db/schema/consultation.ts';
import { recordAudit } from '../audit/record.ts';
import { generateSeries, type SeriesRule } from '../../programme/series.ts';
import { CONSULTATION_TRACKS, SEED_ONLINE_SERIES } from '../programme/demo-data.ts';

/** The seed's series as consultation slots: the 10 Wednesdays (Easter week's two left out). */
export const SEED_CONSULTATION_SLOTS: SeriesRule = { ...SEED_ONLINE_SERIES, excludedDates: ['2022-04-13', '2022-04-20'] };

async function consultationItem(tx: Tx, slug: string) {
	const [row] = await tx
		.select({ id: programmeItem.id, series: programmeItem.series })
		.from(programmeItem)
		.innerJoin(project, eq(project.id, programmeItem.projectId))
		.where(and(eq(project.slug, slug), eq(programmeItem.kind, 'consultation_series')));
	return row ?? null;
}

async function addOffer(tx: Tx, itemId: number, rule: SeriesRule, room: 'link' | 'jitsi', now: Date) {
	const [offer] = await tx.insert(consultationOffer).values({ itemId, createdAt: now, updatedAt: now }).returning();
	const generated = generateSeries(rule);
	for (const [i, t] of CONSULTATION_TRACKS.entries()) {
		const [track] = await tx
			.insert(consultationTrack)
			.values({ offerId: offer.id, position: i + 1, title: t.title, createdAt: now, updatedAt: now })
			.returning();
		const slots = generated.filter((g) => g.track === t.name);
		await tx.insert(consultationSlot).values(
			slots.map((g) => ({
				trackId: track.id,
				startsAt: g.startsAt,
				endsAt: g.endsAt,
				roomProvider: room,
				// The seed's Zoom meeting (long expired); the current demo gets a Jitsi room per slot.
				roomUrl: room === 'link' ? 'https://zoom.us/j/81538756610' : '',
				roomName: room === 'jitsi' ? `bildungsturbo-demo-beratung-${track.id}-${g.date}` : '',
				createdAt: now,
				updatedAt: now
			}))
		);
	}
	await recordAudit(tx, null, 'consultation.offer_created', { type: 'consultation_offer', id: offer.id }, now, { itemId, source: 'demo' });
}

/** Adds the demo consultations to the demo projects just loaded. Returns how many offers it created. */
export async function loadConsultationDemo(tx: Tx, now: Date): Promise<number> {
	let created = 0;
	const past = await consultationItem(tx, 'digit-ready-ii');
	if (past) {
		await addOffer(tx, past.id, SEED_CONSULTATION_SLOTS, 'link', now);
		created++;
	}
	const current = await consultationItem(tx, 'digit-ready-iii');
	if (current?.series) {
		await addOffer(tx, current.id, current.series, 'jitsi', now);
		created++;
	}
	return created;
}
