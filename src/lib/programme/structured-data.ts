/**
 * schema.org Event data for a programme item, as a ready `<script type="application/ld+json">` tag.
 * `<` is escaped so that no text in the data can close the script element.
 */
import type { PublicItem, PublicProject } from '../server/programme/public.ts';

const STATUS: Record<PublicItem['state'], string> = {
	scheduled: 'https://schema.org/EventScheduled',
	date_tba: 'https://schema.org/EventScheduled',
	bundled: 'https://schema.org/EventScheduled',
	cancelled: 'https://schema.org/EventCancelled',
	postponed: 'https://schema.org/EventPostponed'
};

export function eventJsonLd(project: Pick<PublicProject, 'slug' | 'funder' | 'fundingProgramme'>, item: PublicItem, origin: string): string | null {
	if (item.sessions.length === 0) return null;
	const first = item.sessions[0];
	const last = item.sessions[item.sessions.length - 1];
	const online = item.format === 'online';
	const data = {
		'@context': 'https://schema.org',
		'@type': 'Event',
		name: item.title.text,
		startDate: first.startsAt.toISOString(),
		endDate: last.endsAt.toISOString(),
		eventStatus: STATUS[item.state],
		eventAttendanceMode: online
			? 'https://schema.org/OnlineEventAttendanceMode'
			: item.format === 'hybrid'
				? 'https://schema.org/MixedEventAttendanceMode'
				: 'https://schema.org/OfflineEventAttendanceMode',
		location: online
			? { '@type': 'VirtualLocation', url: `${origin}/projekte/${project.slug}/${item.id}` }
			: { '@type': 'Place', name: first.city, address: { '@type': 'PostalAddress', addressLocality: first.city, streetAddress: first.address || undefined, addressCountry: 'DE' } },
		organizer: { '@type': 'Organization', name: project.funder ? `${project.fundingProgramme} (${project.funder})` : project.fundingProgramme },
		url: `${origin}/projekte/${project.slug}/${item.id}`
	};
	const json = JSON.stringify(data).replace(/</g, '\\u003c');
	return `<script type="application/ld+json">${json}</script>`;
}
