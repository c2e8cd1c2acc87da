/**
 * Invitations of people to the programme team (admin, staff, consultant). The account exists from
 * the invitation on (with its role, without a password, so it cannot sign in); the person sets a
 * password through the emailed link (a better-auth reset-password token) and so accepts. Rows also
 * count invitations for the daily limits (team/invitations.ts).
 */
import { index, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { user } from './auth.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const teamInvitation = pgTable(
	'team_invitation',
	{
		id: serial('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		email: text('email').notNull(),
		role: text('role').notNull(),
		/** The invitee's language: the mail, its link and the page it opens. */
		language: text('language').notNull(),
		invitedBy: text('invited_by').references(() => user.id, { onDelete: 'set null' }),
		/** `pending` until the password is set (`accepted`), a newer invitation replaces it or the account is deactivated (`withdrawn`). */
		status: text('status').notNull().default('pending'),
		createdAt: ts('created_at').notNull(),
		expiresAt: ts('expires_at').notNull(),
		mailedAt: ts('mailed_at'),
		respondedAt: ts('responded_at')
	},
	(t) => [index('team_invitation_user_idx').on(t.userId), index('team_invitation_email_idx').on(t.email, t.createdAt)]
);
