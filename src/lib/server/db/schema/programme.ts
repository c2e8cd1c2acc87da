/**
 * Programme domain tables: Project → Programme item → Session, and Online meeting.
 * Names match docs/concepts.md. Instants are `timestamptz`; calendar dates are `date` strings.
 */
import {
	boolean,
	date,
	index,
	integer,
	jsonb,
	pgEnum,
	pgTable,
	serial,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { Translatable } from '../../../content/translatable.ts';
import type { SeriesRule } from '../../../programme/series.ts';
import type { Finding } from '../../../programme/publish-check.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const projectStatus = pgEnum('project_status', ['draft', 'published', 'archived']);
export const itemKind = pgEnum('item_kind', [
	'workshop',
	'reflection',
	'consultation_series',
	'lecture',
	'network_meeting',
	'other'
]);
export const itemFormat = pgEnum('item_format', ['in_person', 'online', 'hybrid']);
export const itemState = pgEnum('item_state', [
	'scheduled',
	'date_tba',
	'cancelled',
	'postponed',
	'bundled'
]);
export const meetingProvider = pgEnum('meeting_provider', ['zoom', 'jitsi', 'bigbluebutton', 'other']);

export const project = pgTable(
	'project',
	{
		id: serial('id').primaryKey(),
		slug: text('slug').notNull(),
		title: jsonb('title').$type<Translatable>().notNull(),
		fundingProgramme: text('funding_programme').notNull().default(''),
		funder: text('funder').notNull().default(''),
		phaseName: text('phase_name').notNull().default(''),
		runtimeStart: date('runtime_start', { mode: 'string' }),
		runtimeEnd: date('runtime_end', { mode: 'string' }),
		description: jsonb('description').$type<Translatable>().notNull().default({}),
		status: projectStatus('status').notNull().default('draft'),
		createdAt: ts('created_at').notNull().defaultNow(),
		updatedAt: ts('updated_at').notNull().defaultNow()
	},
	(t) => [uniqueIndex('project_slug_idx').on(t.slug)]
);

export const programmeItem = pgTable(
	'programme_item',
	{
		id: serial('id').primaryKey(),
		projectId: integer('project_id')
			.notNull()
			.references(() => project.id, { onDelete: 'cascade' }),
		/** Display number ("Nr"); may be missing or duplicated in legacy data, the publish check says so. */
		number: integer('number'),
		/** Order on the project page, independent of the number. */
		position: integer('position').notNull().default(0),
		kind: itemKind('kind').notNull().default('workshop'),
		title: jsonb('title').$type<Translatable>().notNull(),
		description: jsonb('description').$type<Translatable>().notNull().default({}),
		format: itemFormat('format').notNull().default('in_person'),
		state: itemState('state').notNull().default('scheduled'),
		/** Why the state ("Wird mit Digit-Ready III gebündelt"), per language like the title. */
		stateNote: jsonb('state_note').$type<Translatable>().notNull().default({}),
		/** The rule a series was generated from; null for single or multi-day items. */
		series: jsonb('series').$type<SeriesRule>(),
		/** Registration: open or not, places (null = unlimited), per session instead of the whole item, approval by the team. */
		registrationOpen: boolean('registration_open').notNull().default(false),
		capacity: integer('capacity'),
		perSession: boolean('per_session').notNull().default(false),
		requiresApproval: boolean('requires_approval').notNull().default(false),
		/** Digital-check dimensions this item helps with (next steps for associations link here). */
		dimensions: jsonb('dimensions').$type<string[]>().notNull().default([]),
		/** Raised on every change of the item or its sessions (iCalendar SEQUENCE). */
		sequence: integer('sequence').notNull().default(0),
		createdAt: ts('created_at').notNull().defaultNow(),
		updatedAt: ts('updated_at').notNull().defaultNow()
	},
	(t) => [index('item_project_idx').on(t.projectId, t.position)]
);

export const onlineMeeting = pgTable('online_meeting', {
	id: serial('id').primaryKey(),
	itemId: integer('item_id')
		.notNull()
		.references(() => programmeItem.id, { onDelete: 'cascade' }),
	provider: meetingProvider('provider').notNull(),
	joinUrl: text('join_url').notNull().default(''),
	meetingCode: text('meeting_code').notNull().default(''),
	passcode: text('passcode').notNull().default(''),
	/** A recurring meeting ID stays valid for 365 days after its last start (Zoom). */
	recurring: boolean('recurring').notNull().default(false),
	createdAt: ts('created_at').notNull().defaultNow(),
	updatedAt: ts('updated_at').notNull().defaultNow()
});

export const session = pgTable(
	'programme_session',
	{
		id: serial('id').primaryKey(),
		itemId: integer('item_id')
			.notNull()
			.references(() => programmeItem.id, { onDelete: 'cascade' }),
		startsAt: ts('starts_at').notNull(),
		endsAt: ts('ends_at').notNull(),
		/** Parallel strand of a series ("Beratung Digitale Infrastruktur"); empty otherwise. */
		track: text('track').notNull().default(''),
		city: text('city').notNull().default(''),
		address: text('address').notNull().default(''),
		meetingId: integer('meeting_id').references(() => onlineMeeting.id, { onDelete: 'set null' }),
		/** Places for per-session registration; null = the item's capacity. */
		capacity: integer('capacity'),
		createdAt: ts('created_at').notNull().defaultNow(),
		updatedAt: ts('updated_at').notNull().defaultNow()
	},
	(t) => [index('session_item_idx').on(t.itemId, t.startsAt), index('session_starts_idx').on(t.startsAt)]
);

export const programmeChangeKind = pgEnum('programme_change_kind', ['session_changed', 'session_cancelled', 'item_cancelled']);

/**
 * A change of a session (date, time, place, meeting), a removed session or a cancelled item that
 * registered people must hear about: written in the change's own transaction (an outbox), turned
 * into one mail per registered person by the background work, then marked done with how many.
 */
export const programmeChange = pgTable(
	'programme_change',
	{
		id: serial('id').primaryKey(),
		itemId: integer('item_id')
			.notNull()
			.references(() => programmeItem.id, { onDelete: 'cascade' }),
		/** The session concerned; no foreign key, a removed session is still named by its snapshot. */
		sessionId: integer('session_id'),
		kind: programmeChangeKind('kind').notNull(),
		/** The session as it was: start, end, city, address (ISO instants). */
		before: jsonb('before').$type<{ startsAt: string; endsAt: string; city: string; address: string } | null>(),
		createdAt: ts('created_at').notNull().defaultNow(),
		notifiedAt: ts('notified_at'),
		/** How many people were written to. */
		recipients: integer('recipients')
	},
	(t) => [index('programme_change_pending_idx').on(t.createdAt).where(sql`${t.notifiedAt} is null`)]
);

/**
 * The publish check's findings of a project, stored when the programme is written (programme/
 * commands.ts, in the write's transaction) so the dashboard reads them instead of checking every
 * project on every load. `revision` is raised by triggers (drizzle/0031) on every change of the
 * project, its items, sessions and meetings, whoever writes them; the findings are current while
 * `checkedRevision` equals it and `validUntil` (the next instant a finding changes by time alone,
 * a meeting ID expiring; null for never) has not passed. Otherwise they are computed again on read.
 * Without the installation's legal details (those findings are added on read, settings/legal.ts).
 */
export const projectCheck = pgTable('project_check', {
	projectId: integer('project_id')
		.primaryKey()
		.references(() => project.id, { onDelete: 'cascade' }),
	revision: integer('revision').notNull().default(0),
	checkedRevision: integer('checked_revision'),
	findings: jsonb('findings').$type<(Finding & { label: string })[]>().notNull().default([]),
	validUntil: ts('valid_until'),
	checkedAt: ts('checked_at')
});
