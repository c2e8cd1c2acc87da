/**
 * The form to invite a person to the programme team: address, name, role and the invitee's
 * language (mail, link and the page it opens). Pure; errors are message keys.
 */
import { z } from 'zod';
import { LOCALES } from '../i18n/locales.ts';
import { parseForm, type Parsed } from '../forms/parse.ts';

/** The roles of a team account, in the order the form offers them (as in server/auth/guard.ts). */
export const TEAM_ROLE_CHOICES = ['staff', 'consultant', 'admin'] as const;

const teamInviteSchema = z.object({
	email: z.string().trim().max(254, { error: 'reg_err_email' }).pipe(z.email({ error: 'reg_err_email' })),
	name: z.string().trim().min(1, { error: 'err_required' }).max(200, { error: 'err_too_long' }),
	role: z.enum(TEAM_ROLE_CHOICES, { error: 'err_choice' }),
	language: z.enum(LOCALES, { error: 'err_choice' })
});
export type TeamInviteForm = z.output<typeof teamInviteSchema>;

export const parseTeamInviteForm = (form: FormData): Parsed<TeamInviteForm> => parseForm(teamInviteSchema, form, (d) => d);
