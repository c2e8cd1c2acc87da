/**
 * What the public page cache (src/lib/server/http/page-cache.ts) asks the database: the public
 * programme's version (raised by triggers at the commit of every change public pages show:
 * drizzle/0017_public_version.sql) and the next instant at which a public page changes by time
 * alone.
 */
import { and, eq, gt, gte, max, min, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { ZONE } from '../../programme/time.ts';
import type { Db } from '../db/client.ts';
import { publicVersion } from '../db/schema/cache.ts';
import { onlineMeeting, session } from '../db/schema/programme.ts';
import { consultationSlot, consultationTrack, consultationWaitlist } from '../db/schema/consultation.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export async function readPublicVersion(db: Db): Promise<number> {
	const [row] = await db.select({ version: publicVersion.version }).from(publicVersion).where(eq(publicVersion.id, 1));
	return row?.version ?? 0;
}

/**
 * The first instant after `now` at which a public page may read differently with no write:
 * a session starts (no longer bookable, leaves the upcoming list a millisecond later) or ends
 * (shown as past; a project may become archive), a Zoom meeting ID expires (meeting.ts), the
 * day changes in Europe/Berlin (a project's runtime ends), or a consultation slot's free places
 * change by time (its booking window opens or closes, a waitlist offer keeping a place runs out).
 */
export async function nextPublicChange(db: Db, now: Date): Promise<Date> {
	const [[starts], [ends], zoom] = await Promise.all([
		db.select({ t: min(session.startsAt) }).from(session).where(gte(session.startsAt, now)),
		db.select({ t: min(session.endsAt) }).from(session).where(gte(session.endsAt, now)),
		db
			.select({ recurring: onlineMeeting.recurring, first: min(session.startsAt), last: max(session.startsAt) })
			.from(onlineMeeting)
			.innerJoin(session, eq(session.meetingId, onlineMeeting.id))
			.where(eq(onlineMeeting.provider, 'zoom'))
			.groupBy(onlineMeeting.id, onlineMeeting.recurring)
	]);
	const closes = sql<Date | string | null>`${consultationSlot.startsAt} - make_interval(hours => ${consultationTrack.closesHoursBefore})`;
	const opens = sql<Date | string | null>`${consultationSlot.startsAt} - make_interval(days => ${consultationTrack.bookableDaysAhead})`;
	const [[closing], [opening], [offer]] = await Promise.all([
		db.select({ t: sql<Date | string | null>`min(${closes})` }).from(consultationSlot).innerJoin(consultationTrack, eq(consultationTrack.id, consultationSlot.trackId)).where(and(eq(consultationSlot.status, 'open'), sql`${closes} > ${now.toISOString()}::timestamptz`)),
		db.select({ t: sql<Date | string | null>`min(${opens})` }).from(consultationSlot).innerJoin(consultationTrack, eq(consultationTrack.id, consultationSlot.trackId)).where(and(eq(consultationSlot.status, 'open'), sql`${opens} > ${now.toISOString()}::timestamptz`)),
		db.select({ t: min(consultationWaitlist.offerExpiresAt) }).from(consultationWaitlist).where(and(eq(consultationWaitlist.state, 'offered'), gt(consultationWaitlist.offerExpiresAt, now)))
	]);
	const candidates: number[] = [DateTime.fromJSDate(now, { zone: ZONE }).plus({ days: 1 }).startOf('day').toMillis()];
	// `startsAt > now` and `startsAt >= now` both occur (bookable, upcoming): each instant and the next millisecond.
	for (const t of [starts?.t, ends?.t]) if (t) candidates.push(new Date(t).getTime(), new Date(t).getTime() + 1);
	for (const t of [closing?.t, opening?.t, offer?.t]) if (t) candidates.push(new Date(t).getTime(), new Date(t).getTime() + 1);
	for (const m of zoom) {
		const at = m.recurring ? m.last && new Date(m.last).getTime() + 365 * DAY_MS : m.first && new Date(m.first).getTime() + 30 * DAY_MS;
		if (at) candidates.push(at);
	}
	return new Date(Math.min(...candidates.filter((t) => t > now.getTime())));
}
