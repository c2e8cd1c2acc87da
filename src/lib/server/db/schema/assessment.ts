/**
 * The digital-readiness check: a versioned instrument stored as data, rounds per organisation,
 * one response per respondent and round (saved after every answer), targets per dimension.
 */
import { integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { organisation } from './organisations.ts';
import type { Instrument } from '../../../assessment/instrument.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const assessmentInstrument = pgTable('assessment_instrument', {
	id: serial('id').primaryKey(),
	version: integer('version').notNull().unique(),
	content: jsonb('content').$type<Instrument>().notNull(),
	createdAt: ts('created_at').notNull().defaultNow()
});

export const assessmentRound = pgTable(
	'assessment_round',
	{
		id: serial('id').primaryKey(),
		organisationId: integer('organisation_id')
			.notNull()
			.references(() => organisation.id, { onDelete: 'cascade' }),
		instrumentId: integer('instrument_id')
			.notNull()
			.references(() => assessmentInstrument.id),
		/** 1 for the first check, 2 for the re-assessment, … */
		number: integer('number').notNull(),
		openedAt: ts('opened_at').notNull(),
		closedAt: ts('closed_at')
	},
	(t) => [uniqueIndex('assessment_round_idx').on(t.organisationId, t.number)]
);

export const assessmentResponse = pgTable(
	'assessment_response',
	{
		id: serial('id').primaryKey(),
		roundId: integer('round_id')
			.notNull()
			.references(() => assessmentRound.id, { onDelete: 'cascade' }),
		/** The respondent's user id (or a fixed label for demo data). */
		respondentId: text('respondent_id').notNull(),
		/** statement key → level 1–4, or null for "don't know / skip". */
		answers: jsonb('answers').$type<Record<string, 1 | 2 | 3 | 4 | null>>().notNull().default({}),
		updatedAt: ts('updated_at').notNull(),
		completedAt: ts('completed_at')
	},
	(t) => [uniqueIndex('assessment_response_idx').on(t.roundId, t.respondentId)]
);

export const assessmentTarget = pgTable(
	'assessment_target',
	{
		id: serial('id').primaryKey(),
		organisationId: integer('organisation_id')
			.notNull()
			.references(() => organisation.id, { onDelete: 'cascade' }),
		dimensionKey: text('dimension_key').notNull(),
		level: integer('level').notNull(),
		updatedAt: ts('updated_at').notNull()
	},
	(t) => [uniqueIndex('assessment_target_idx').on(t.organisationId, t.dimensionKey)]
);

export const planGoal = pgTable('plan_goal', {
	id: serial('id').primaryKey(),
	organisationId: integer('organisation_id')
		.notNull()
		.references(() => organisation.id, { onDelete: 'cascade' }),
	dimensionKey: text('dimension_key').notNull(),
	text: text('text').notNull(),
	createdAt: ts('created_at').notNull()
});

/** A step towards a goal: who does it, by when, how far it is. */
export const planMeasure = pgTable('plan_measure', {
	id: serial('id').primaryKey(),
	goalId: integer('goal_id')
		.notNull()
		.references(() => planGoal.id, { onDelete: 'cascade' }),
	text: text('text').notNull(),
	owner: text('owner').notNull().default(''),
	dueDate: text('due_date'),
	/** open, in_progress, done */
	status: text('status').notNull().default('open'),
	updatedAt: ts('updated_at').notNull()
});

/** The consultant's (programme team's) comments on an organisation's plan. */
export const planComment = pgTable('plan_comment', {
	id: serial('id').primaryKey(),
	organisationId: integer('organisation_id')
		.notNull()
		.references(() => organisation.id, { onDelete: 'cascade' }),
	authorName: text('author_name').notNull(),
	text: text('text').notNull(),
	createdAt: ts('created_at').notNull()
});
