/**
 * The participant mails, in the participant's language (Paraglide catalogue, `mail_*`).
 * Pure text builders: the caller enqueues them in its transaction and passes links already in the
 * recipient's language (`mailLink`, src/lib/server/mail/link.ts).
 */
import * as m from '../../paraglide/messages.js';
import { isLocale, type Locale } from '../../i18n/locales.ts';
import { localise, type Translatable } from '../../content/translatable.ts';
import { formatDateTime, formatSessionDay, formatTimeRange, partSeparator } from '../../programme/dates.ts';
import { sessionPlaceText } from '../../programme/present.ts';
import type { MailDraft } from '../mail/outbox.ts';

export type MailTemplate = 'confirm' | 'confirmed' | 'waitlisted' | 'approval' | 'promoted' | 'cancelled';

export interface MailContext {
	registrationId: number;
	to: string;
	name: string;
	language: string;
	itemTitle: Translatable;
	format: 'in_person' | 'online' | 'hybrid';
	sessions: { startsAt: Date; endsAt: Date; track: string; address: string; city: string }[];
	/** The registration is on the waiting list (the confirm mail says so). */
	waitlisted?: boolean;
	ownPageUrl: string;
	confirmUrl?: string;
	confirmUntil?: Date;
	ics?: string | null;
}

export function composeMail(template: MailTemplate, c: MailContext): MailDraft {
	const locale: Locale = isLocale(c.language) ? c.language : 'de';
	const o = { locale };
	const title = localise(c.itemTitle, locale).text;
	// Every mail names what was booked: each date with its venue (address and city) or "Online".
	const dates = c.sessions
		.map((s) => {
			const place = sessionPlaceText(c.format, s, locale);
			return `- ${[formatSessionDay(s.startsAt, locale), formatTimeRange(s.startsAt, s.endsAt, locale), s.track, place].filter(Boolean).join(partSeparator(locale))}`;
		})
		.join('\n');
	const booked = dates ? `\n\n${m.mail_booked_dates({ dates }, o)}` : '';
	const online = c.format !== 'in_person' && c.sessions.length ? `\n\n${m.mail_online_note({}, o)}` : '';
	let subject: string;
	let body: string;
	switch (template) {
		case 'confirm':
			subject = m.mail_confirm_subject({ title }, o);
			body =
				m.mail_confirm_body({ title, link: c.confirmUrl ?? '', until: c.confirmUntil ? formatDateTime(c.confirmUntil, locale) : '' }, o) +
				(c.waitlisted ? `\n\n${m.mail_confirm_waitlist({}, o)}` : '') +
				booked;
			break;
		case 'confirmed':
			subject = m.mail_confirmed_subject({ title }, o);
			body = m.mail_confirmed_body({ title, dates }, o) + online;
			break;
		case 'waitlisted':
			subject = m.mail_waitlisted_subject({ title }, o);
			body = m.mail_waitlisted_body({ title }, o) + booked;
			break;
		case 'approval':
			subject = m.mail_approval_subject({ title }, o);
			body = m.mail_approval_body({ title }, o) + booked;
			break;
		case 'promoted':
			subject = m.mail_promoted_subject({ title }, o);
			body = m.mail_promoted_body({ title, dates }, o) + online;
			break;
		case 'cancelled':
			subject = m.mail_cancelled_subject({ title }, o);
			body = m.mail_cancelled_body({ title }, o) + booked;
			break;
	}
	const text = [m.mail_greeting({ name: c.name }, o), body, m.mail_own_page({ link: c.ownPageUrl }, o), m.mail_signature({}, o)].join('\n\n');
	const withCalendar = template === 'confirmed' || template === 'promoted';
	return { to: c.to, subject, text, ics: withCalendar ? (c.ics ?? null) : null, template, language: locale, registrationId: c.registrationId };
}

/** The mail with a new link to the person's own page, asked for on the page itself. */
export function composeOwnPageMail(c: { registrationId: number; to: string; name: string; language: string; link: string }): MailDraft {
	const locale: Locale = isLocale(c.language) ? c.language : 'de';
	const o = { locale };
	const text = [m.mail_greeting({ name: c.name }, o), m.mail_own_link_body({ link: c.link }, o), m.mail_signature({}, o)].join('\n\n');
	return { to: c.to, subject: m.mail_own_link_subject({}, o), text, ics: null, template: 'own_page_link', language: locale, registrationId: c.registrationId };
}
