/**
 * A consultant's secret calendar feed (iCalendar) of their own slots, for their phone's calendar.
 * The address carries a random token; only its SHA-256 is stored, and issuing a new one ends the
 * old address. The feed names the track and the booked associations and links to the booking's
 * backoffice page, but never carries a room's address or passcode (rooms only through joinRoom).
 */
import { randomBytes, createHash } from 'node:crypto';
import { and, asc, eq, gte, inArray } from 'drizzle-orm';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import { DateTime } from 'luxon';
import type { Db } from '../db/client.ts';
import { organisation } from '../db/schema/organisations.ts';
import { ACTIVE_BOOKING, consultationBooking, consultationFeed, consultationSlot, consultationTrack } from '../db/schema/consultation.ts';
import { recordAudit } from '../audit/record.ts';
import { DomainError } from '../errors.ts';
import { localise } from '../../content/translatable.ts';
import type { Locale } from '../../i18n/locales.ts';
import { ZONE } from '../../programme/time.ts';
import { oneLine } from '../programme/calendar.ts';
import { mailLink } from '../mail/link.ts';
import { advisorBookingPath } from './mails.ts';
import * as m from '../../paraglide/messages.js';
import type { Who } from './access.ts';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** The feed's path for a token (the caller makes it absolute). */
export const feedPath = (token: string) => `/beratung/kalender/${token}.ics`;

/** Issues (or replaces) the consultant's feed token; returns the token, shown once. */
export async function issueConsultantFeed(db: Db, who: Who, now: Date): Promise<string> {
	if (who.kind !== 'consultant' && who.kind !== 'team') throw new DomainError('not_found');
	const token = randomBytes(24).toString('base64url');
	await db.transaction(async (tx) => {
		await tx
			.insert(consultationFeed)
			.values({ userId: who.actor.id, tokenHash: hash(token), createdAt: now })
			.onConflictDoUpdate({ target: consultationFeed.userId, set: { tokenHash: hash(token), createdAt: now } });
		await recordAudit(tx, who.actor, 'consultation.feed_issued', { type: 'user', id: who.actor.id }, now);
	});
	return token;
}

/**
 * The calendar behind a feed token: the consultant's slots from 30 days back on, each with its
 * booked associations. An unknown token is `not_found`.
 */
export async function consultantFeed(db: Db, token: string, origin: string, locale: Locale, now: Date): Promise<string> {
	if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) throw new DomainError('not_found');
	const [feed] = await db.select().from(consultationFeed).where(eq(consultationFeed.tokenHash, hash(token)));
	if (!feed) throw new DomainError('not_found');
	const slots = await db
		.select({ slot: consultationSlot, track: consultationTrack })
		.from(consultationSlot)
		.innerJoin(consultationTrack, eq(consultationTrack.id, consultationSlot.trackId))
		.where(and(eq(consultationSlot.consultantId, feed.userId), gte(consultationSlot.endsAt, new Date(now.getTime() - 30 * 86_400_000))))
		.orderBy(asc(consultationSlot.startsAt));
	const booked = slots.length
		? await db
				.select({ slotId: consultationBooking.slotId, id: consultationBooking.id, name: organisation.name })
				.from(consultationBooking)
				.innerJoin(organisation, eq(organisation.id, consultationBooking.organisationId))
				.where(and(inArray(consultationBooking.slotId, slots.map((s) => s.slot.id)), inArray(consultationBooking.state, [...ACTIVE_BOOKING])))
		: [];
	const cal = ical({
		name: m.consultation_feed_name({}, { locale }),
		prodId: { company: 'Bildungsturbo', product: 'Beratung', language: 'DE' },
		method: ICalCalendarMethod.PUBLISH,
		timezone: { name: ZONE, generator: getVtimezoneComponent },
		ttl: 60 * 15
	});
	for (const { slot, track } of slots) {
		const mine = booked.filter((b) => b.slotId === slot.id);
		const title = localise(track.title, locale).text;
		cal.createEvent({
			id: `consultation-slot-${slot.id}@bildungsturbo`,
			start: DateTime.fromJSDate(slot.startsAt, { zone: ZONE }),
			end: DateTime.fromJSDate(slot.endsAt, { zone: ZONE }),
			timezone: ZONE,
			stamp: DateTime.fromJSDate(slot.updatedAt, { zone: 'utc' }),
			summary: oneLine(mine.length ? `${title}: ${mine.map((b) => b.name).join(', ')}` : m.consultation_feed_free({ track: title }, { locale })),
			description: mine.map((b) => mailLink(origin, advisorBookingPath(b.id), locale)).join('\n') || null,
			location: 'Online',
			status: slot.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED
		});
	}
	return cal.toString();
}
