/**
 * Registration domain: organisations (MSO) people register for, registrations with their states,
 * and the mail outbox. States and the locking rule: docs/concepts.md, docs/locking.md.
 */
import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgEnum, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { programmeItem, session } from './programme.ts';
import { organisation } from './organisations.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const registrationStatus = pgEnum('registration_status', [
	'held',
	'awaiting_approval',
	'confirmed',
	'waitlisted',
	'cancelled',
	'expired'
]);

/** Statuses that occupy a place. */
export const PLACE_HOLDING = ['held', 'awaiting_approval', 'confirmed'] as const;
/** Statuses of a registration that is still alive (one per person and scope). */
export const ACTIVE = [...PLACE_HOLDING, 'waitlisted'] as const;

export const registration = pgTable(
	'registration',
	{
		id: serial('id').primaryKey(),
		itemId: integer('item_id')
			.notNull()
			.references(() => programmeItem.id, { onDelete: 'cascade' }),
		/** Set for a registration to one session of a series; null for the whole item. */
		sessionId: integer('session_id').references(() => session.id, { onDelete: 'cascade' }),
		status: registrationStatus('status').notNull(),
		name: text('name').notNull(),
		/** Lower-cased. */
		email: text('email').notNull(),
		organisationId: integer('organisation_id').references(() => organisation.id, { onDelete: 'set null' }),
		language: text('language').notNull().default('de'),
		needs: text('needs').notNull().default(''),
		privacyVersion: text('privacy_version').notNull(),
		privacyAcceptedAt: ts('privacy_accepted_at').notNull(),
		photoConsent: boolean('photo_consent').notNull().default(false),
		emailConfirmedAt: ts('email_confirmed_at'),
		/** SHA-256 of the double opt-in token; the token itself only travels in the mail. */
		confirmTokenHash: text('confirm_token_hash').notNull(),
		/** The one re-sent confirmation mail's token (hash); the first mail's link stays valid too. */
		resendTokenHash: text('resend_token_hash'),
		/** Until then an unconfirmed registration keeps its place (or waiting-list position); never extended. */
		confirmExpiresAt: ts('confirm_expires_at').notNull(),
		/**
		 * Pseudonym of the connection that registered (keyed hash of the IPv4 address or IPv6 /64), kept
		 * only while the registration is unconfirmed: limits per client and the team's burst view.
		 */
		clientKey: text('client_key'),
		/** Personal data removed (deletion request or retention period over); the row stays for counts. */
		anonymisedAt: ts('anonymised_at'),
		createdAt: ts('created_at').notNull().defaultNow(),
		updatedAt: ts('updated_at').notNull().defaultNow()
	},
	(t) => [
		// The same form submitted twice gives one registration.
		uniqueIndex('registration_active_person_idx')
			.on(t.itemId, sql`coalesce(${t.sessionId}, 0)`, t.email)
			.where(sql`${t.status} in ('held', 'awaiting_approval', 'confirmed', 'waitlisted')`),
		uniqueIndex('registration_token_idx').on(t.confirmTokenHash),
		uniqueIndex('registration_resend_token_idx').on(t.resendTokenHash),
		index('registration_client_idx').on(t.itemId, t.clientKey),
		index('registration_scope_idx').on(t.itemId, t.sessionId, t.status),
		index('registration_email_idx').on(t.email),
		// The lapse check (commands.ts expireUnconfirmed): only the few unconfirmed ones, by their deadline.
		index('registration_lapse_idx')
			.on(t.confirmExpiresAt)
			.where(sql`${t.status} in ('held', 'waitlisted') and ${t.emailConfirmedAt} is null`),
		// The anonymisation (privacy.ts anonymiseExpired): the rows of an ended item not yet anonymised.
		index('registration_identified_idx').on(t.itemId).where(sql`${t.anonymisedAt} is null`)
	]
);

/**
 * The participant's own-page links ("Meine Anmeldungen"): a random token per mail, only its SHA-256
 * stored. Valid until `expiresAt` unless revoked; a deletion request revokes every link of the
 * address and blanks `email`. Expired rows are purged by the maintenance job.
 */
export const participantLink = pgTable(
	'participant_link',
	{
		id: serial('id').primaryKey(),
		tokenHash: text('token_hash').notNull(),
		/** Lower-cased; '' once revoked for a deletion. */
		email: text('email').notNull(),
		createdAt: ts('created_at').notNull(),
		expiresAt: ts('expires_at').notNull(),
		revokedAt: ts('revoked_at')
	},
	(t) => [uniqueIndex('participant_link_token_idx').on(t.tokenHash), index('participant_link_email_idx').on(t.email)]
);

/** `stored`: no SMTP configured, the mail was written as an .eml file under DATA_DIR/outbox. */
export const mailStatus = pgEnum('mail_status', ['queued', 'sent', 'stored', 'failed']);

/** Every mail is written here in the transaction that causes it; a worker delivers it. */
export const mailOutbox = pgTable(
	'mail_outbox',
	{
		id: serial('id').primaryKey(),
		to: text('to').notNull(),
		subject: text('subject').notNull(),
		text: text('text').notNull(),
		/** An iCalendar attachment, when the mail is about dates. */
		ics: text('ics'),
		template: text('template').notNull(),
		language: text('language').notNull(),
		registrationId: integer('registration_id').references(() => registration.id, { onDelete: 'set null' }),
		status: mailStatus('status').notNull().default('queued'),
		attempts: integer('attempts').notNull().default(0),
		nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
		lastError: text('last_error'),
		createdAt: ts('created_at').notNull().defaultNow(),
		sentAt: ts('sent_at'),
		/**
		 * Lease of a worker that is sending the mail right now (outside any transaction); other
		 * workers skip the row until then. Cleared when the outcome is recorded.
		 */
		claimedUntil: ts('claimed_until')
	},
	(t) => [index('mail_due_idx').on(t.status, t.nextAttemptAt)]
);

/** Who was there: one row per registration and session, set by the team (present or absent). */
export const attendance = pgTable(
	'attendance',
	{
		registrationId: integer('registration_id')
			.notNull()
			.references(() => registration.id, { onDelete: 'cascade' }),
		sessionId: integer('session_id')
			.notNull()
			.references(() => session.id, { onDelete: 'cascade' }),
		present: boolean('present').notNull(),
		markedAt: ts('marked_at').notNull(),
		markedBy: text('marked_by')
	},
	(t) => [
		uniqueIndex('attendance_pk').on(t.registrationId, t.sessionId),
		// An item's marks by its sessions (participant list, attendance sheet), present ones without the table.
		index('attendance_session_idx').on(t.sessionId, t.registrationId, t.present)
	]
);

/** Reminders already sent, so each goes out once: `day` (24 h before) and `hour` (1 h before). */
export const reminderSent = pgTable(
	'reminder_sent',
	{
		registrationId: integer('registration_id')
			.notNull()
			.references(() => registration.id, { onDelete: 'cascade' }),
		sessionId: integer('session_id')
			.notNull()
			.references(() => session.id, { onDelete: 'cascade' }),
		kind: text('kind').notNull(),
		sentAt: ts('sent_at').notNull()
	},
	(t) => [uniqueIndex('reminder_once_idx').on(t.registrationId, t.sessionId, t.kind)]
);

/** Certificates of attendance: a public code confirms one without showing other personal data. */
export const certificate = pgTable(
	'certificate',
	{
		id: serial('id').primaryKey(),
		registrationId: integer('registration_id')
			.notNull()
			.references(() => registration.id, { onDelete: 'cascade' }),
		code: text('code').notNull(),
		/** What the certificate says, frozen when issued. */
		name: text('name').notNull(),
		itemTitle: text('item_title').notNull(),
		attended: integer('attended').notNull(),
		total: integer('total').notNull(),
		issuedAt: ts('issued_at').notNull()
	},
	(t) => [uniqueIndex('certificate_code_idx').on(t.code), uniqueIndex('certificate_registration_idx').on(t.registrationId)]
);
