/**
 * Telling registered people about changes after publishing. Programme commands write a
 * `programme_change` row in the change's own transaction (a moved session, a removed session, a
 * cancelled item); the background work turns each into one mail per registered person, in their
 * language, with the updated calendar file (same UID, SEQUENCE raised by the change), and marks
 * the change done with the number of people written to, in one transaction: each change is
 * announced once, however many workers run.
 */
import { and, asc, eq, inArray, isNull, or } from 'drizzle-orm';
import * as m from '../../paraglide/messages.js';
import type { Db } from '../db/client.ts';
import { programmeChange, programmeItem, session } from '../db/schema/programme.ts';
import { ACTIVE, registration } from '../db/schema/registration.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { recordAudit } from '../audit/record.ts';
import { localise } from '../../content/translatable.ts';
import { isLocale, type Locale } from '../../i18n/locales.ts';
import { formatSessionDay, formatTimeRange, partSeparator } from '../../programme/dates.ts';
import { sessionPlaceText } from '../../programme/present.ts';
import type { Env } from './commands.ts';
import { ownPageUrl } from './links.ts';
import { registrationCalendar } from './participant-calendar.ts';

type Change = typeof programmeChange.$inferSelect;
type SessionRow = typeof session.$inferSelect;
type Item = typeof programmeItem.$inferSelect;

function describe(format: Item['format'], s: { startsAt: Date; endsAt: Date; city: string; address: string }, locale: Locale): string {
	const place = sessionPlaceText(format, { city: s.city, address: s.address }, locale);
	return [formatSessionDay(s.startsAt, locale), formatTimeRange(s.startsAt, s.endsAt, locale), place].filter(Boolean).join(partSeparator(locale));
}

/** Who must hear of a change: everyone with an active registration for the item, or for that session only. */
async function recipients(db: Db, change: Change) {
	const scope =
		change.kind === 'item_cancelled' || change.sessionId === null
			? eq(registration.itemId, change.itemId)
			: and(eq(registration.itemId, change.itemId), or(isNull(registration.sessionId), eq(registration.sessionId, change.sessionId)));
	return db.select().from(registration).where(and(scope, inArray(registration.status, [...ACTIVE]))).orderBy(asc(registration.id));
}

/** Sends the mails of every pending change. Returns how many changes were announced. */
export async function announceChanges(env: Env): Promise<number> {
	const pending = await env.db.select().from(programmeChange).where(isNull(programmeChange.notifiedAt)).orderBy(asc(programmeChange.id)).limit(50);
	let done = 0;
	for (const change of pending) {
		const [item] = await env.db.select().from(programmeItem).where(eq(programmeItem.id, change.itemId));
		const [now] = change.sessionId ? await env.db.select().from(session).where(eq(session.id, change.sessionId)) : [];
		const people = item ? await recipients(env.db, change) : [];
		const announced = await env.db.transaction(async (tx) => {
			// Claim the change first: a second worker finds it done and writes nothing.
			const [claimed] = await tx
				.update(programmeChange)
				.set({ notifiedAt: env.now, recipients: people.length })
				.where(and(eq(programmeChange.id, change.id), isNull(programmeChange.notifiedAt)))
				.returning();
			if (!claimed || !item) return false;
			// One calendar file per language and registration scope, not per person.
			const calendars = new Map<string, string>();
			for (const r of people) {
				const locale: Locale = isLocale(r.language) ? r.language : 'de';
				const o = { locale };
				const title = localise(item.title, locale).text;
				const before = change.before ? describe(item.format, { ...change.before, startsAt: new Date(change.before.startsAt), endsAt: new Date(change.before.endsAt) }, locale) : '';
				let subject: string;
				let body: string;
				if (change.kind === 'session_changed' && now) {
					subject = m.mail_changed_subject({ title }, o);
					body = m.mail_changed_body({ title, before, after: describe(item.format, now as SessionRow, locale) }, o);
				} else if (change.kind === 'session_cancelled') {
					subject = m.mail_session_cancelled_subject({ title }, o);
					body = m.mail_session_cancelled_body({ title, before }, o);
				} else {
					subject = m.mail_item_cancelled_subject({ title }, o);
					body = m.mail_item_cancelled_body({ title }, o);
				}
				const key = `${r.language}:${r.sessionId}`;
				if (change.kind !== 'item_cancelled' && !calendars.has(key)) calendars.set(key, await registrationCalendar(tx, r.id, r.email, env.origin));
				const ics = change.kind === 'item_cancelled' ? null : (calendars.get(key) ?? null);
				await enqueueMail(
					tx,
					{
						to: r.email,
						subject,
						text: [m.mail_greeting({ name: r.name }, o), body, m.mail_own_page({ link: await ownPageUrl(tx, env, r.email, r.language) }, o), m.mail_signature({}, o)].join('\n\n'),
						ics,
						template: change.kind,
						language: locale,
						registrationId: r.id
					},
					env.now
				);
			}
			await recordAudit(tx, null, 'programme.change_announced', { type: 'item', id: change.itemId }, env.now, { change: change.id, kind: change.kind, recipients: people.length });
			return true;
		});
		if (announced) done++;
	}
	return done;
}

/** The changes of an item and whom they reached, newest first, for the team. */
export async function changesOfItem(db: Db, itemId: number) {
	return db.select().from(programmeChange).where(eq(programmeChange.itemId, itemId)).orderBy(asc(programmeChange.createdAt));
}
