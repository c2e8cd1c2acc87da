/**
 * Reminders a day and an hour before each session, to everyone confirmed for it. Online sessions
 * carry the join link: the mail goes only to that participant. Each reminder is recorded, in the
 * same transaction as its mail, so it goes out once however many workers run.
 */
import { and, eq, gt, inArray, isNull, lte, or } from 'drizzle-orm';
import * as m from '../../paraglide/messages.js';
import { localise } from '../../content/translatable.ts';
import { isLocale, type Locale } from '../../i18n/locales.ts';
import { formatDateTime, formatTimeRange } from '../../programme/dates.ts';
import { onlineMeeting, programmeItem, session } from '../db/schema/programme.ts';
import { registration, reminderSent } from '../db/schema/registration.ts';
import { enqueueMail } from '../mail/outbox.ts';
import type { Env } from './commands.ts';
import { ownPageUrl } from './links.ts';
import { sessionPlaceText } from '../../programme/present.ts';
import { registrationCalendar } from './participant-calendar.ts';

const KINDS = [
	{ kind: 'day', hours: 24 },
	{ kind: 'hour', hours: 1 }
] as const;

/** Sends the reminders that are due at `env.now`. Returns how many were enqueued. */
export async function sendDueReminders(env: Env): Promise<number> {
	let sent = 0;
	for (const { kind, hours } of KINDS) {
		const horizon = new Date(env.now.getTime() + hours * 3_600_000);
		const due = await env.db
			.select({ s: session, i: programmeItem })
			.from(session)
			.innerJoin(programmeItem, eq(programmeItem.id, session.itemId))
			.where(and(gt(session.startsAt, env.now), lte(session.startsAt, horizon), inArray(programmeItem.state, ['scheduled', 'postponed'])));
		for (const { s, i } of due) {
			const people = await env.db
				.select()
				.from(registration)
				.where(and(eq(registration.itemId, i.id), eq(registration.status, 'confirmed'), or(isNull(registration.sessionId), eq(registration.sessionId, s.id))));
			const [meeting] = s.meetingId ? await env.db.select().from(onlineMeeting).where(eq(onlineMeeting.id, s.meetingId)) : [];
			for (const r of people) {
				const wrote = await env.db.transaction(async (tx) => {
					const [claimed] = await tx
						.insert(reminderSent)
						.values({ registrationId: r.id, sessionId: s.id, kind, sentAt: env.now })
						.onConflictDoNothing()
						.returning();
					if (!claimed) return false;
					const locale: Locale = isLocale(r.language) ? r.language : 'de';
					const o = { locale };
					const title = localise(i.title, locale).text;
					const when = `${formatDateTime(s.startsAt, locale)} (${formatTimeRange(s.startsAt, s.endsAt, locale)})`;
					// The venue for in-person and hybrid sessions, the join data for online and hybrid ones.
					const venue = i.format === 'online' ? '' : sessionPlaceText('in_person', s, locale);
					const join =
						i.format !== 'in_person' && meeting
							? [meeting.joinUrl ? m.mail_reminder_online({ link: meeting.joinUrl }, o) : `${meeting.provider} ID ${meeting.meetingCode}`, meeting.passcode ? m.mail_reminder_passcode({ passcode: meeting.passcode }, o) : '']
							: [];
					const place = [venue ? m.mail_reminder_place({ place: venue }, o) : '', ...join].filter(Boolean).join('\n') || m.mail_reminder_place({ place: sessionPlaceText(i.format, s, locale) }, o);
					await enqueueMail(
						tx,
						{
							to: r.email,
							subject: m.mail_reminder_subject({ title, when: formatDateTime(s.startsAt, locale) }, o),
							text: [m.mail_greeting({ name: r.name }, o), m.mail_reminder_body({ title, when, place }, o), m.mail_own_page({ link: await ownPageUrl(tx, env, r.email, r.language) }, o), m.mail_signature({}, o)].join('\n\n'),
							ics: await registrationCalendar(tx, r.id, r.email, env.origin),
							template: `reminder_${kind}`,
							language: locale,
							registrationId: r.id
						},
						env.now
					);
					return true;
				});
				if (wrote) sent++;
			}
		}
	}
	return sent;
}
