/**
 * Small reads for the consultant's booking page (/beratung/buchung/[booking]): when the room of
 * an offer opens before a slot. The booking itself comes from queries.ts bookingForAdvisor.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { consultationOffer } from '../db/schema/consultation.ts';

/** Minutes before a slot from which its room may be joined (the offer's setting; 30 when unknown). */
export async function joinOpensMinutes(db: Db, offerId: number): Promise<number> {
	const [row] = await db.select({ minutes: consultationOffer.joinOpensMinutes }).from(consultationOffer).where(eq(consultationOffer.id, offerId));
	return row?.minutes ?? 30;
}
