/**
 * Organisations (MSO, Vereine) and the people who belong to them. An organisation's data is visible
 * to its own people and to the programme team only.
 */
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { user } from './auth.ts';
import { project } from './programme.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const organisation = pgTable(
	'organisation',
	{
		id: serial('id').primaryKey(),
		name: text('name').notNull(),
		/** Typed in by a participant: the team confirms it before it is offered to others. */
		confirmed: boolean('confirmed').notNull().default(false),
		/** e.V., gGmbH, initiative without legal form, … */
		legalForm: text('legal_form').notNull().default(''),
		city: text('city').notNull().default(''),
		federalState: text('federal_state').notNull().default(''),
		yearFounded: integer('year_founded'),
		memberCount: integer('member_count'),
		languages: jsonb('languages').$type<string[]>().notNull().default([]),
		fieldsOfActivity: jsonb('fields_of_activity').$type<string[]>().notNull().default([]),
		contactEmail: text('contact_email').notNull().default(''),
		contactPhone: text('contact_phone').notNull().default(''),
		links: jsonb('links').$type<string[]>().notNull().default([]),
		/** Consent to be named: only then may public documents (the transfer handbook) show the name. Off by default. */
		mayBeNamed: boolean('may_be_named').notNull().default(false),
		createdAt: ts('created_at').notNull().defaultNow()
	},
	(t) => [uniqueIndex('organisation_name_idx').on(sql`lower(${t.name})`)]
);

export const organisationMember = pgTable(
	'organisation_member',
	{
		id: serial('id').primaryKey(),
		organisationId: integer('organisation_id')
			.notNull()
			.references(() => organisation.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		/** `org_admin` invites members and edits the profile; `member` answers the check. */
		role: text('role').notNull().default('member'),
		createdAt: ts('created_at').notNull().defaultNow()
	},
	(t) => [uniqueIndex('organisation_member_idx').on(t.organisationId, t.userId)]
);

/**
 * An offer to join an organisation, made by its admin or the team. Nothing changes for the invited
 * person until they accept: the inviting side sees only the address it typed, never an account's
 * name or other memberships. `pending` until accepted, declined, withdrawn or expired; one pending
 * invitation per organisation and address. Rows also count invitations for the daily limits.
 */
export const organisationInvitation = pgTable(
	'organisation_invitation',
	{
		id: serial('id').primaryKey(),
		organisationId: integer('organisation_id')
			.notNull()
			.references(() => organisation.id, { onDelete: 'cascade' }),
		/** As typed, lowercased. */
		email: text('email').notNull(),
		/** The name typed by the inviter; used only for an account this invitation creates. */
		name: text('name').notNull().default(''),
		role: text('role').notNull().default('member'),
		/** The invitee's language, chosen by the inviter: the mail and its link use it. */
		language: text('language').notNull().default('de'),
		invitedBy: text('invited_by').references(() => user.id, { onDelete: 'set null' }),
		/** The inviter's name when inviting, as the mail and the offer show it. */
		inviterName: text('inviter_name').notNull(),
		byTeam: boolean('by_team').notNull().default(false),
		/** pending | accepted | declined | withdrawn | expired */
		status: text('status').notNull().default('pending'),
		createdAt: ts('created_at').notNull().defaultNow(),
		expiresAt: ts('expires_at').notNull(),
		respondedAt: ts('responded_at'),
		/** Set when the invitation mail was written: it goes out once. */
		mailedAt: ts('mailed_at')
	},
	(t) => [
		uniqueIndex('organisation_invitation_pending_idx').on(t.organisationId, t.email).where(sql`status = 'pending'`),
		index('organisation_invitation_email_idx').on(t.email, t.createdAt),
		index('organisation_invitation_org_idx').on(t.organisationId, t.createdAt)
	]
);

/**
 * A project's cohort: the organisations taking part in its organisation-development track (Digit-Ready
 * II's pilot group). The team adds and removes them; the cohort view aggregates only these.
 */
export const cohortMember = pgTable(
	'cohort_member',
	{
		id: serial('id').primaryKey(),
		projectId: integer('project_id')
			.notNull()
			.references(() => project.id, { onDelete: 'cascade' }),
		organisationId: integer('organisation_id')
			.notNull()
			.references(() => organisation.id, { onDelete: 'cascade' }),
		addedAt: ts('added_at').notNull().defaultNow()
	},
	(t) => [uniqueIndex('cohort_member_idx').on(t.projectId, t.organisationId)]
);
