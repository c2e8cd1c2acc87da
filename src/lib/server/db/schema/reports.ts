/**
 * Reports domain: the team's planned values per project (targets: "6 workshops, 120 participants"),
 * shown in the funder report next to the actual figures (reports/figures.ts). One row per project
 * and measure; the measure keys are the closed list in reports/targets.ts.
 */
import { integer, pgTable, real, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { project } from './programme.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const projectTarget = pgTable(
	'project_target',
	{
		id: serial('id').primaryKey(),
		projectId: integer('project_id')
			.notNull()
			.references(() => project.id, { onDelete: 'cascade' }),
		/** One of MEASURES in reports/targets.ts (e.g. `participants`). */
		measure: text('measure').notNull(),
		/** The planned value; hours may have decimals. */
		planned: real('planned').notNull(),
		updatedAt: ts('updated_at').notNull(),
		updatedBy: text('updated_by')
	},
	(t) => [uniqueIndex('project_target_measure_idx').on(t.projectId, t.measure)]
);
