/**
 * The participant mails, in the participant's language (Paraglide catalogue, `mail_*`).
 * Pure text builders: the caller enqueues them in its transaction.
 */
import * as m from '../../paraglide/messages.js';
import { isLocale, type Locale } from '../../i18n/locales.ts';
import { localise, type Translatable } from '../../content/translatable.ts';
import { formatDateTime, formatSessionDay, formatTimeRange } from '../../programme/dates.ts';
import type { MailDraft } from '../mail/outbox.ts';

export type MailTemplate = 'confirm' | 'confirmed' | 'waitlisted' | 'approval' | 'promoted' | 'cancelled';

export interface MailContext {
	registrationId: number;
	to: string;
	name: string;
	language: string;
	itemTitle: Translatable;
	sessions: { startsAt: Date; endsAt: Date; city: string; online: boolean }[];
	ownPageUrl: string;
	confirmUrl?: string;
	confirmUntil?: Date;
	ics?: string | null;
}

export function composeMail(template: MailTemplate, c: MailContext): MailDraft {
	const locale: Locale = isLocale(c.language) ? c.language : 'de';
	const o = { locale };
	const title = localise(c.itemTitle, locale).text;
	const dates = c.sessions
		.map((s) => `- ${formatSessionDay(s.startsAt, locale)}, ${formatTimeRange(s.startsAt, s.endsAt, locale)}${s.online ? '' : s.city ? `, ${s.city}` : ''}`)
		.join('\n');
	const online = c.sessions.some((s) => s.online) ? `\n\n${m.mail_online_note({}, o)}` : '';
	let subject: string;
	let body: string;
	switch (template) {
		case 'confirm':
			subject = m.mail_confirm_subject({ title }, o);
			body = m.mail_confirm_body({ title, link: c.confirmUrl ?? '', until: c.confirmUntil ? formatDateTime(c.confirmUntil, locale) : '' }, o);
			break;
		case 'confirmed':
			subject = m.mail_confirmed_subject({ title }, o);
			body = m.mail_confirmed_body({ title, dates }, o) + online;
			break;
		case 'waitlisted':
			subject = m.mail_waitlisted_subject({ title }, o);
			body = m.mail_waitlisted_body({ title }, o);
			break;
		case 'approval':
			subject = m.mail_approval_subject({ title }, o);
			body = m.mail_approval_body({ title }, o);
			break;
		case 'promoted':
			subject = m.mail_promoted_subject({ title }, o);
			body = m.mail_promoted_body({ title, dates }, o) + online;
			break;
		case 'cancelled':
			subject = m.mail_cancelled_subject({ title }, o);
			body = m.mail_cancelled_body({ title }, o);
			break;
	}
	const text = [m.mail_greeting({ name: c.name }, o), body, m.mail_own_page({ link: c.ownPageUrl }, o), m.mail_signature({}, o)].join('\n\n');
	const withCalendar = template === 'confirmed' || template === 'promoted';
	return { to: c.to, subject, text, ics: withCalendar ? (c.ics ?? null) : null, template, language: locale, registrationId: c.registrationId };
}
