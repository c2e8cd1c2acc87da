/**
 * iCalendar (RFC 5545) via ical-generator: a subscribable feed per project and a file per item.
 * Times carry TZID=Europe/Berlin with a VTIMEZONE block; UIDs are stable per session; SEQUENCE is
 * the item's change counter, raised by every edit of the item or its sessions. No meeting link is
 * ever written here: feeds are public.
 *
 * Every text reaches ical-generator through `oneLine` or `textBlock`: ical-generator escapes line
 * breaks in SUMMARY, LOCATION and DESCRIPTION but writes the calendar NAME / X-WR-CALNAME raw, so a
 * line break in a phase name or title would otherwise start new lines (new properties, new events)
 * in public feeds, personal calendars and mail attachments.
 */
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import { DateTime } from 'luxon';
import { localise } from '../../content/translatable.ts';
import { withoutPlaceholders } from '../../content/placeholder.ts';
import type { Locale } from '../../i18n/locales.ts';
import { ZONE } from '../../programme/time.ts';
import type { ItemTree, ProjectTree } from './tree.ts';
import { mailLink } from '../mail/link.ts';

// Line breaks of every kind (CR, LF, VT, FF, NEL, U+2028/2029) and the other control characters,
// none of which belongs in a calendar text.
const BREAKS = /\r\n|[\r\n\v\f\u0085\u2028\u2029]/g;
const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f]/g;

/** A single-line property value (name, summary, location): line breaks become spaces. */
export function oneLine(text: string): string {
	return text.replace(BREAKS, ' ').replace(CONTROLS, '').replace(/\t/g, ' ');
}

/** A multi-line value (description): line breaks become LF, which ical-generator escapes as `\n`. */
export function textBlock(text: string): string {
	return text.replace(BREAKS, '\n').replace(CONTROLS, '');
}

export function sessionUid(projectSlug: string, sessionId: number): string {
	return `session-${sessionId}.${projectSlug}@bildungsturbo`;
}

function addItem(cal: ReturnType<typeof ical>, project: ProjectTree, item: ItemTree, locale: Locale, origin: string) {
	if (item.state === 'date_tba' || item.state === 'bundled') return;
	const title = oneLine(localise(item.title, locale).text);
	const description = textBlock(withoutPlaceholders(localise(item.description, locale).text));
	// The item page in the calendar's language (mail attachments and feeds alike).
	const url = mailLink(origin, `/projekte/${project.slug}/${item.id}`, locale);
	for (const s of item.sessions) {
		const place = item.format === 'online' ? 'Online' : oneLine([s.address, s.city].filter(Boolean).join(', '));
		// Zoned luxon values: ical-generator then writes Berlin wall-clock time (TZID) whatever the
		// server's own time zone, and UTC ("Z") for the stamps.
		const local = (d: Date) => DateTime.fromJSDate(d, { zone: ZONE });
		const utc = (d: Date) => DateTime.fromJSDate(d, { zone: 'utc' });
		cal.createEvent({
			id: sessionUid(project.slug, s.id),
			start: local(s.startsAt),
			end: local(s.endsAt),
			timezone: ZONE,
			stamp: utc(item.updatedAt),
			lastModified: utc(s.updatedAt > item.updatedAt ? s.updatedAt : item.updatedAt),
			sequence: item.sequence,
			summary: s.track ? `${title} – ${oneLine(s.track)}` : title,
			description: [description, url].filter(Boolean).join('\n\n'),
			location: place || null,
			url,
			status: item.state === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED
		});
	}
}

function newCalendar(name: string) {
	return ical({
		name: oneLine(name),
		prodId: { company: 'Bildungsturbo', product: 'Programm', language: 'DE' },
		method: ICalCalendarMethod.PUBLISH,
		timezone: { name: ZONE, generator: getVtimezoneComponent },
		ttl: 60 * 60
	});
}

export function projectCalendar(project: ProjectTree, locale: Locale, origin: string): string {
	const cal = newCalendar(project.phaseName || localise(project.title, locale).text);
	for (const item of project.items) addItem(cal, project, item, locale, origin);
	return cal.toString();
}

export function itemCalendar(project: ProjectTree, item: ItemTree, locale: Locale, origin: string): string {
	const cal = newCalendar(localise(item.title, locale).text);
	addItem(cal, project, item, locale, origin);
	return cal.toString();
}
