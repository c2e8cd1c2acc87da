/**
 * Consultations (Beratung): an offer on a programme item of kind `consultation_series`, its tracks
 * with their booking rules and consultants, the slots, one association's booking of a slot, the
 * waiting list per track, the consultant's private notes and the next steps that become measures of
 * the association's development plan. Names and states: docs/concepts.md; locking: docs/locking.md.
 * People of the team (consultants) are referenced by user id only.
 */
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgEnum, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Translatable } from '../../../content/translatable.ts';
import { user } from './auth.ts';
import { programmeItem } from './programme.ts';
import { organisation } from './organisations.ts';
import { planMeasure } from './assessment.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** One consultation offer per programme item (kind `consultation_series`). */
export const consultationOffer = pgTable(
	'consultation_offer',
	{
		id: serial('id').primaryKey(),
		itemId: integer('item_id')
			.notNull()
			.references(() => programmeItem.id, { onDelete: 'cascade' }),
		/** From how many minutes before a slot its join link is handed out (until the slot's end). */
		joinOpensMinutes: integer('join_opens_minutes').notNull().default(30),
		createdAt: ts('created_at').notNull(),
		updatedAt: ts('updated_at').notNull()
	},
	(t) => [uniqueIndex('consultation_offer_item_idx').on(t.itemId)]
);

/**
 * A track (Strang), e.g. "Beratung Organisationsentwicklung", with the team's booking rules:
 * booking closes `closesHoursBefore` before a slot, opens `bookableDaysAhead` days ahead, one
 * association holds at most `maxOpenBookings` booked slots still ahead, and may itself cancel or
 * move until `changeUntilHoursBefore` before its slot (the team always may).
 */
export const consultationTrack = pgTable(
	'consultation_track',
	{
		id: serial('id').primaryKey(),
		offerId: integer('offer_id')
			.notNull()
			.references(() => consultationOffer.id, { onDelete: 'cascade' }),
		position: integer('position').notNull().default(0),
		title: jsonb('title').$type<Translatable>().notNull(),
		description: jsonb('description').$type<Translatable>().notNull().default({}),
		closesHoursBefore: integer('closes_hours_before').notNull().default(24),
		bookableDaysAhead: integer('bookable_days_ahead').notNull().default(90),
		maxOpenBookings: integer('max_open_bookings').notNull().default(1),
		changeUntilHoursBefore: integer('change_until_hours_before').notNull().default(48),
		/** How long a waiting association has to accept a freed slot offered to it. */
		offerHours: integer('offer_hours').notNull().default(24),
		createdAt: ts('created_at').notNull(),
		updatedAt: ts('updated_at').notNull()
	},
	(t) => [
		index('consultation_track_offer_idx').on(t.offerId, t.position),
		check('consultation_track_rules', sql`${t.closesHoursBefore} >= 0 and ${t.bookableDaysAhead} >= 1 and ${t.maxOpenBookings} >= 1 and ${t.changeUntilHoursBefore} >= 0 and ${t.offerHours} >= 1`)
	]
);

/** The team members (user ids, role `consultant` or staff) who advise in a track. */
export const consultationTrackConsultant = pgTable(
	'consultation_track_consultant',
	{
		id: serial('id').primaryKey(),
		trackId: integer('track_id')
			.notNull()
			.references(() => consultationTrack.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' })
	},
	(t) => [uniqueIndex('consultation_track_consultant_idx').on(t.trackId, t.userId)]
);

export const roomProvider = pgEnum('consultation_room_provider', ['bbb', 'jitsi', 'link']);
export const slotStatus = pgEnum('consultation_slot_status', ['open', 'cancelled']);

/**
 * A bookable slot: start and end, its track and consultant, places for `capacity` associations
 * (1; more for a group clinic) and its video room. The row owns its places: docs/locking.md.
 */
export const consultationSlot = pgTable(
	'consultation_slot',
	{
		id: serial('id').primaryKey(),
		trackId: integer('track_id')
			.notNull()
			.references(() => consultationTrack.id, { onDelete: 'cascade' }),
		consultantId: text('consultant_id').references(() => user.id, { onDelete: 'set null' }),
		startsAt: ts('starts_at').notNull(),
		endsAt: ts('ends_at').notNull(),
		capacity: integer('capacity').notNull().default(1),
		/** bbb: `roomName` is the meeting ID; jitsi: the room name; link: `roomUrl` (e.g. Zoom) with an optional passcode. */
		roomProvider: roomProvider('room_provider').notNull().default('jitsi'),
		roomName: text('room_name').notNull().default(''),
		roomUrl: text('room_url').notNull().default(''),
		roomPasscode: text('room_passcode').notNull().default(''),
		status: slotStatus('status').notNull().default('open'),
		createdAt: ts('created_at').notNull(),
		updatedAt: ts('updated_at').notNull()
	},
	(t) => [
		index('consultation_slot_track_idx').on(t.trackId, t.startsAt),
		index('consultation_slot_consultant_idx').on(t.consultantId, t.startsAt),
		check('consultation_slot_times', sql`${t.endsAt} > ${t.startsAt} and ${t.capacity} >= 1`)
	]
);

export const bookingState = pgEnum('consultation_booking_state', ['booked', 'cancelled', 'held', 'no_show']);
/** States of a booking that occupies its slot's place (a past one too: held or no-show). */
export const ACTIVE_BOOKING = ['booked', 'held', 'no_show'] as const;

export interface Attendee {
	name: string;
	/** Lower-cased. */
	email: string;
	/** Recorded after the slot: came or not; null until then. */
	present: boolean | null;
	/** The language of this person's mails (booking, change, cancellation, reminders); the booking's when missing. */
	language?: string;
}

/**
 * One association in one slot. A move changes `slotId` on the same row (the calendar's UID stays,
 * `sequence` rises). `seat` is the place taken (1..capacity), chosen under the slot's lock; the
 * unique partial index on (slot, seat) is the last line of defence against a double booking.
 */
export const consultationBooking = pgTable(
	'consultation_booking',
	{
		id: serial('id').primaryKey(),
		slotId: integer('slot_id')
			.notNull()
			.references(() => consultationSlot.id, { onDelete: 'cascade' }),
		organisationId: integer('organisation_id')
			.notNull()
			.references(() => organisation.id, { onDelete: 'cascade' }),
		seat: integer('seat').notNull().default(1),
		state: bookingState('state').notNull().default('booked'),
		topic: text('topic').notNull(),
		/** The digital-check area the consultation is about (instrument dimension key). */
		dimensionKey: text('dimension_key'),
		language: text('language').notNull().default('de'),
		needs: text('needs').notNull().default(''),
		attendees: jsonb('attendees').$type<Attendee[]>().notNull(),
		bookedBy: text('booked_by').references(() => user.id, { onDelete: 'set null' }),
		/** Booked by the team on the association's behalf. */
		byTeam: boolean('by_team').notNull().default(false),
		/** iCalendar SEQUENCE: raised by every change (move, consultant swapped, cancellation). */
		sequence: integer('sequence').notNull().default(0),
		cancelledAt: ts('cancelled_at'),
		attendanceRecordedAt: ts('attendance_recorded_at'),
		remindedDayAt: ts('reminded_day_at'),
		remindedHourAt: ts('reminded_hour_at'),
		createdAt: ts('created_at').notNull(),
		updatedAt: ts('updated_at').notNull()
	},
	(t) => [
		uniqueIndex('consultation_booking_seat_idx').on(t.slotId, t.seat).where(sql`${t.state} <> 'cancelled'`),
		uniqueIndex('consultation_booking_org_idx').on(t.slotId, t.organisationId).where(sql`${t.state} <> 'cancelled'`),
		index('consultation_booking_org_list_idx').on(t.organisationId),
		// The anonymisation (consultation/privacy.ts): bookings still naming someone, by slot.
		index('consultation_booking_identified_idx').on(t.slotId).where(sql`jsonb_path_exists(${t.attendees}, '$[*] ? (@.email != "")')`),
		check('consultation_booking_seat', sql`${t.seat} >= 1`)
	]
);

export const waitlistState = pgEnum('consultation_waitlist_state', ['waiting', 'offered', 'accepted', 'expired', 'withdrawn']);

/**
 * The waiting list of a track: first come first served (`createdAt`, then id). A freed slot is
 * offered to the first `waiting` entry (`offered`, until `offerExpiresAt`); while the offer runs
 * the slot's place is kept for it. One live entry (waiting or offered) per association and track.
 */
export const consultationWaitlist = pgTable(
	'consultation_waitlist',
	{
		id: serial('id').primaryKey(),
		trackId: integer('track_id')
			.notNull()
			.references(() => consultationTrack.id, { onDelete: 'cascade' }),
		organisationId: integer('organisation_id')
			.notNull()
			.references(() => organisation.id, { onDelete: 'cascade' }),
		/** Who joined: the offer mail goes to them, in their language. */
		contactName: text('contact_name').notNull(),
		contactEmail: text('contact_email').notNull(),
		language: text('language').notNull().default('de'),
		state: waitlistState('state').notNull().default('waiting'),
		offeredSlotId: integer('offered_slot_id').references(() => consultationSlot.id, { onDelete: 'set null' }),
		offerExpiresAt: ts('offer_expires_at'),
		createdAt: ts('created_at').notNull(),
		updatedAt: ts('updated_at').notNull()
	},
	(t) => [
		uniqueIndex('consultation_waitlist_live_idx').on(t.trackId, t.organisationId).where(sql`${t.state} in ('waiting', 'offered')`),
		index('consultation_waitlist_order_idx').on(t.trackId, t.state, t.createdAt),
		// The anonymisation: finished entries that still hold a contact, by their last change.
		index('consultation_waitlist_contact_idx').on(t.updatedAt).where(sql`${t.contactEmail} <> '' and ${t.state} not in ('waiting', 'offered')`)
	]
);

/** The consultant's private notes on one booking: the consultant and the team read them, never the association. */
export const consultationNote = pgTable(
	'consultation_note',
	{
		id: serial('id').primaryKey(),
		bookingId: integer('booking_id')
			.notNull()
			.references(() => consultationBooking.id, { onDelete: 'cascade' }),
		authorId: text('author_id').references(() => user.id, { onDelete: 'set null' }),
		text: text('text').notNull(),
		updatedAt: ts('updated_at').notNull()
	},
	(t) => [uniqueIndex('consultation_note_booking_idx').on(t.bookingId)]
);

/**
 * A next step agreed in a consultation. The step itself is a measure of the association's
 * development plan (`plan_measure`: text, owner, due date, status), so the plan, its PDF and the
 * association's status changes need nothing new; this row says which booking it came from.
 */
export const consultationNextStep = pgTable(
	'consultation_next_step',
	{
		id: serial('id').primaryKey(),
		bookingId: integer('booking_id')
			.notNull()
			.references(() => consultationBooking.id, { onDelete: 'cascade' }),
		measureId: integer('measure_id')
			.notNull()
			.references(() => planMeasure.id, { onDelete: 'cascade' }),
		createdAt: ts('created_at').notNull()
	},
	(t) => [uniqueIndex('consultation_next_step_measure_idx').on(t.measureId), index('consultation_next_step_booking_idx').on(t.bookingId)]
);

/**
 * A consultant's secret calendar feed of their own slots: only the SHA-256 of the token is
 * stored; issuing a new one replaces the old (the old address stops working).
 */
export const consultationFeed = pgTable('consultation_feed', {
	userId: text('user_id')
		.primaryKey()
		.references(() => user.id, { onDelete: 'cascade' }),
	tokenHash: text('token_hash').notNull().unique(),
	createdAt: ts('created_at').notNull()
});
