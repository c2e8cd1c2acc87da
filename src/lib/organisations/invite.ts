/**
 * The invitation form, the same for an association's admin and for the team: address, the name
 * for a new account, role, and the invitee's language (mail and link). Pure; errors are message keys.
 */
import { z } from 'zod';
import { LOCALES } from '../i18n/locales.ts';
import { parseForm, type Parsed } from '../forms/parse.ts';

const inviteSchema = z.object({
	email: z.string().trim().max(254, { error: 'reg_err_email' }).pipe(z.email({ error: 'reg_err_email' })),
	name: z.string().trim().max(200, { error: 'err_too_long' }).default(''),
	role: z.enum(['member', 'org_admin'], { error: 'err_choice' }).default('member'),
	language: z.enum(LOCALES, { error: 'err_choice' })
});
export type InviteForm = z.output<typeof inviteSchema>;

export const parseInviteForm = (form: FormData): Parsed<InviteForm> => parseForm(inviteSchema, form, (d) => d);
