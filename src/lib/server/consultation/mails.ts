/**
 * Consultation mails, each in its recipient's language (each attendee's own, chosen in the intake,
 * else the booking's; the joining person's for a waitlist offer; a consultant's, the language their
 * team invitation was written in), enqueued in the caller's transaction (outbox.ts).
 * Booking mails carry a calendar file whose UID is the booking's and stays across every change;
 * SEQUENCE is the booking's change counter, so a calendar replaces its copy (or drops it: CANCEL).
 * No mail carries the room's address itself: each attendee gets a personal room link (room-link.ts)
 * that hands the room out only in its join window (rules.ts, joinWindowOpen); the calendar file
 * links the association's booking page.
 */
import { and, desc, eq, gt, isNull, lte } from 'drizzle-orm';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import { DateTime } from 'luxon';
import * as m from '../../paraglide/messages.js';
import { localise } from '../../content/translatable.ts';
import { isLocale, type Locale } from '../../i18n/locales.ts';
import { formatDateTime, formatTimeRange } from '../../programme/dates.ts';
import { ZONE } from '../../programme/time.ts';
import { changeDeadline } from '../../consultation/rules.ts';
import { user } from '../db/schema/auth.ts';
import { teamInvitation } from '../db/schema/team.ts';
import { organisation } from '../db/schema/organisations.ts';
import { programmeItem } from '../db/schema/programme.ts';
import { consultationBooking, consultationOffer, consultationSlot, consultationTrack, type consultationWaitlist } from '../db/schema/consultation.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { mailLink } from '../mail/link.ts';
import { oneLine, textBlock } from '../programme/calendar.ts';
import type { Conn, Env } from './access.ts';
import { roomLinkPath } from './room-link.ts';

export type BookingMail = 'confirmed' | 'changed' | 'cancelled' | 'reminder';

/** The association's page of one booking (intake, calendar file, the room in its window). */
export const bookingPath = (bookingId: number) => `/verein/beratung/${bookingId}`;
/** The association's page of a waitlist offer (accept with the intake, or decline). */
export const offerPath = (entryId: number) => `/verein/beratung/warteliste/${entryId}`;

export function bookingUid(bookingId: number): string {
	return `consultation-booking-${bookingId}@bildungsturbo`;
}

async function bookingContext(tx: Conn, bookingId: number) {
	const [row] = await tx
		.select({ booking: consultationBooking, slot: consultationSlot, track: consultationTrack, offer: consultationOffer, itemTitle: programmeItem.title, organisationName: organisation.name })
		.from(consultationBooking)
		.innerJoin(consultationSlot, eq(consultationSlot.id, consultationBooking.slotId))
		.innerJoin(consultationTrack, eq(consultationTrack.id, consultationSlot.trackId))
		.innerJoin(consultationOffer, eq(consultationOffer.id, consultationTrack.offerId))
		.innerJoin(programmeItem, eq(programmeItem.id, consultationOffer.itemId))
		.innerJoin(organisation, eq(organisation.id, consultationBooking.organisationId))
		.where(eq(consultationBooking.id, bookingId));
	const [consultant] = row.slot.consultantId ? await tx.select({ name: user.name }).from(user).where(eq(user.id, row.slot.consultantId)) : [];
	return { ...row, consultantName: consultant?.name ?? '' };
}

type Context = Awaited<ReturnType<typeof bookingContext>>;

const when = (c: { startsAt: Date; endsAt: Date }, locale: Locale) => `${formatDateTime(c.startsAt, locale)} (${formatTimeRange(c.startsAt, c.endsAt, locale)})`;

/** The booking as a calendar file: one event, the booking's UID, its SEQUENCE; CANCEL once cancelled. */
export function bookingCalendar(c: Context, locale: Locale, origin: string): string {
	const cancelled = c.booking.state === 'cancelled';
	const cal = ical({
		name: oneLine(localise(c.itemTitle, locale).text),
		prodId: { company: 'Bildungsturbo', product: 'Beratung', language: 'DE' },
		method: cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH,
		timezone: { name: ZONE, generator: getVtimezoneComponent }
	});
	const url = mailLink(origin, bookingPath(c.booking.id), locale);
	cal.createEvent({
		id: bookingUid(c.booking.id),
		start: DateTime.fromJSDate(c.slot.startsAt, { zone: ZONE }),
		end: DateTime.fromJSDate(c.slot.endsAt, { zone: ZONE }),
		timezone: ZONE,
		stamp: DateTime.fromJSDate(c.booking.updatedAt, { zone: 'utc' }),
		sequence: c.booking.sequence,
		summary: oneLine(`${localise(c.track.title, locale).text} – ${c.organisationName}`),
		description: textBlock([c.booking.topic, url].join('\n\n')),
		location: 'Online',
		url,
		status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED
	});
	return cal.toString();
}

function compose(kind: BookingMail, c: Context, locale: Locale, attendee: { name: string; email: string }, origin: string) {
	const name = attendee.name;
	const o = { locale };
	const w = when(c.slot, locale);
	const organisationName = c.organisationName;
	const details = m.consultation_mail_details({ when: w, track: localise(c.track.title, locale).text, consultant: c.consultantName || '–', topic: c.booking.topic }, o);
	// The attendee's own room link: it opens the room without an account, in the join window only (room-link.ts).
	const room = m.consultation_mail_room_note({ minutes: c.offer.joinOpensMinutes, link: mailLink(origin, roomLinkPath(c.booking.id, attendee.email), locale) }, o);
	const page = m.consultation_mail_booking_page({ link: mailLink(origin, bookingPath(c.booking.id), locale) }, o);
	const until = m.consultation_mail_change_until({ until: formatDateTime(changeDeadline(c.track, c.slot.startsAt), locale) }, o);
	const parts: Record<BookingMail, [string, string[]]> = {
		confirmed: [m.consultation_mail_confirmed_subject({ when: w }, o), [m.consultation_mail_confirmed_body({ organisation: organisationName }, o), details, room, until, page]],
		changed: [m.consultation_mail_changed_subject({ when: w }, o), [m.consultation_mail_changed_body({ organisation: organisationName }, o), details, room, page]],
		cancelled: [m.consultation_mail_cancelled_subject({ when: w }, o), [m.consultation_mail_cancelled_body({ organisation: organisationName }, o), details]],
		reminder: [m.consultation_mail_reminder_subject({ when: w }, o), [m.consultation_mail_reminder_body({ organisation: organisationName }, o), details, room, page]]
	};
	const [subject, body] = parts[kind];
	return { subject, text: [m.mail_greeting({ name }, o), ...body, m.mail_signature({}, o)].join('\n\n') };
}

/** The backoffice page of a booking, for its consultant and the team. */
export const advisorBookingPath = (bookingId: number) => `/beratung/buchung/${bookingId}`;

/**
 * One mail per attendee of the booking, in that person's language, with the calendar file (except
 * reminders); and, for a booking, change or cancellation, one to the slot's consultant in theirs,
 * so everyone concerned hears of every change.
 */
export async function enqueueBookingMails(tx: Conn, env: Env, bookingId: number, kind: BookingMail): Promise<number> {
	const c = await bookingContext(tx, bookingId);
	const bookingLocale: Locale = isLocale(c.booking.language) ? c.booking.language : 'de';
	const calendars = new Map<Locale, string>();
	for (const a of c.booking.attendees) {
		const locale: Locale = a.language && isLocale(a.language) ? a.language : bookingLocale;
		if (kind !== 'reminder' && !calendars.has(locale)) calendars.set(locale, bookingCalendar(c, locale, env.origin));
		const { subject, text } = compose(kind, c, locale, a, env.origin);
		await enqueueMail(tx, { to: a.email, subject, text, ics: calendars.get(locale) ?? null, template: `consultation_${kind}`, language: locale }, env.now);
	}
	if (kind !== 'reminder' && c.slot.consultantId) await enqueueConsultantMail(tx, env, bookingId, kind, c.slot.consultantId);
	return c.booking.attendees.length;
}

/** A team member's language: the one their latest invitation was written in (the inviter chose it), else German. */
async function teamMemberLocale(tx: Conn, userId: string): Promise<Locale> {
	const [latest] = await tx.select({ language: teamInvitation.language }).from(teamInvitation).where(eq(teamInvitation.userId, userId)).orderBy(desc(teamInvitation.createdAt)).limit(1);
	return latest && isLocale(latest.language) ? latest.language : 'de';
}

/** The mail to a consultant about one booking: new, changed, cancelled, or `released` (given to another consultant). */
export async function enqueueConsultantMail(tx: Conn, env: Env, bookingId: number, kind: 'confirmed' | 'changed' | 'cancelled' | 'released', consultantId: string) {
	const [person] = await tx.select({ name: user.name, email: user.email }).from(user).where(eq(user.id, consultantId));
	if (!person) return;
	const c = await bookingContext(tx, bookingId);
	const locale = await teamMemberLocale(tx, consultantId);
	const o = { locale };
	const params = { organisation: c.organisationName, when: when(c.slot, locale) };
	const subject = {
		confirmed: m.consultation_mail_consultant_confirmed_subject,
		changed: m.consultation_mail_consultant_changed_subject,
		cancelled: m.consultation_mail_consultant_cancelled_subject,
		released: m.consultation_mail_consultant_released_subject
	}[kind](params, o);
	const details = m.consultation_mail_details({ when: params.when, track: localise(c.track.title, locale).text, consultant: c.consultantName || '–', topic: c.booking.topic }, o);
	const body = m.consultation_mail_consultant_body({ details, link: mailLink(env.origin, advisorBookingPath(bookingId), locale) }, o);
	const ics = kind === 'confirmed' || kind === 'changed' ? bookingCalendar(c, locale, env.origin) : null;
	await enqueueMail(tx, { to: person.email, subject, text: [m.mail_greeting({ name: person.name }, o), body, m.mail_signature({}, o)].join('\n\n'), ics, template: `consultation_consultant_${kind}`, language: locale }, env.now);
}

/** The waitlist offer mail to the person who joined, in their language. */
export async function enqueueOfferMail(tx: Conn, env: Env, entry: typeof consultationWaitlist.$inferSelect, slot: typeof consultationSlot.$inferSelect, track: typeof consultationTrack.$inferSelect) {
	const locale: Locale = isLocale(entry.language) ? entry.language : 'de';
	const o = { locale };
	const [org] = await tx.select({ name: organisation.name }).from(organisation).where(eq(organisation.id, entry.organisationId));
	const w = when(slot, locale);
	const body = m.consultation_mail_offer_body(
		{ track: localise(track.title, locale).text, organisation: org?.name ?? '', when: w, until: formatDateTime(entry.offerExpiresAt!, locale), link: mailLink(env.origin, offerPath(entry.id), locale) },
		o
	);
	await enqueueMail(
		tx,
		{ to: entry.contactEmail, subject: m.consultation_mail_offer_subject({ when: w }, o), text: [m.mail_greeting({ name: entry.contactName }, o), body, m.mail_signature({}, o)].join('\n\n'), template: 'consultation_offer', language: locale },
		env.now
	);
}

// The hour's first: when both fall due together (a late booking by the team) only it goes out.
const REMINDERS = [
	{ column: 'remindedHourAt', hours: 1 },
	{ column: 'remindedDayAt', hours: 24 }
] as const;

/**
 * For the maintenance job: the reminders a day and an hour before each booked slot, to every
 * attendee, carrying their personal room link (room-link.ts). Each booking is claimed by
 * a conditional update in the mail's own transaction, so a reminder goes out once however many
 * workers run. A move clears the marks (a new date, new reminders). Returns how many bookings were reminded.
 */
export async function sendConsultationReminders(env: Env): Promise<number> {
	let sent = 0;
	for (const { column, hours } of REMINDERS) {
		const horizon = new Date(env.now.getTime() + hours * 3_600_000);
		const due = await env.db
			.select({ id: consultationBooking.id })
			.from(consultationBooking)
			.innerJoin(consultationSlot, eq(consultationSlot.id, consultationBooking.slotId))
			.where(and(eq(consultationBooking.state, 'booked'), eq(consultationSlot.status, 'open'), isNull(consultationBooking[column]), gt(consultationSlot.startsAt, env.now), lte(consultationSlot.startsAt, horizon)));
		for (const { id } of due) {
			sent += await env.db.transaction(async (tx) => {
				const [claimed] = await tx
					.update(consultationBooking)
					.set({ [column]: env.now })
					.where(and(eq(consultationBooking.id, id), isNull(consultationBooking[column]), eq(consultationBooking.state, 'booked')))
					.returning({ id: consultationBooking.id });
				if (!claimed) return 0;
				if (column === 'remindedHourAt') await tx.update(consultationBooking).set({ remindedDayAt: env.now }).where(and(eq(consultationBooking.id, id), isNull(consultationBooking.remindedDayAt)));
				await enqueueBookingMails(tx, env, id, 'reminder');
				return 1;
			});
		}
	}
	return sent;
}
