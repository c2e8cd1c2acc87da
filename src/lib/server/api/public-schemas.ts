/**
 * The schemas of the public reads: queries and answers. The answers' schemas are what the OpenAPI
 * document promises and what every API test checks each response against (testing.ts).
 */
import { z } from 'zod';
import { LOCALES } from '../../i18n/locales.ts';
import { dateParam, listOf, pageQuery, Text } from './schemas.ts';

const KINDS = ['workshop', 'reflection', 'consultation_series', 'lecture', 'network_meeting', 'other'] as const;
const FORMATS = ['in_person', 'online', 'hybrid'] as const;

export const Project = z
	.object({
		id: z.number().int(),
		slug: z.string(),
		title: Text,
		phase_name: z.string(),
		funding_programme: z.string(),
		funder: z.string(),
		runtime_start: z.iso.date().nullable(),
		runtime_end: z.iso.date().nullable(),
		description_html: Text.meta({ description: 'Sanitised HTML.' }),
		archived: z.boolean(),
		item_count: z.number().int(),
		url: z.url().meta({ description: 'The project page in the requested language.' }),
		items_url: z.url()
	})
	.meta({ id: 'Project' });

export const Session = z
	.object({
		id: z.number().int(),
		starts_at: z.iso.datetime(),
		ends_at: z.iso.datetime(),
		track: z.string(),
		city: z.string(),
		address: z.string(),
		online: z.boolean().meta({ description: 'Held online (the link goes to registered people only, never through the API).' }),
		past: z.boolean()
	})
	.meta({ id: 'Session' });

export const Track = z
	.object({
		title: Text,
		description: Text,
		free_slots: z.number().int(),
		slots: z.array(z.object({ starts_at: z.iso.datetime(), ends_at: z.iso.datetime(), past: z.boolean(), free: z.number().int() }))
	})
	.meta({ id: 'Track', description: 'A consultation track: its slots and free places (never who booked).' });

export const Item = z
	.object({
		id: z.number().int(),
		project_slug: z.string(),
		number: z.number().int().nullable(),
		kind: z.enum(KINDS),
		format: z.enum(FORMATS),
		state: z.enum(['scheduled', 'date_tba', 'cancelled', 'postponed', 'bundled']),
		state_note: Text.nullable(),
		title: Text,
		description_html: Text,
		sessions: z.array(Session),
		online_notice: z.enum(['ended', 'after_registration', 'link_pending']).nullable(),
		availability: z
			.object({
				status: z.enum(['open', 'waitlist', 'closed', 'consult', 'past', 'none']),
				free: z.number().int().nullable().meta({ description: 'Places left (null: no limit, or not registering).' })
			})
			.meta({ id: 'Availability', description: 'open: places free (null = unlimited); waitlist: full, new registrations wait; closed: no registration here; consult: a consultation series booked by associations; past; none: no dates yet.' }),
		tracks: z.array(Track).nullable().meta({ description: 'Consultation series only.' }),
		url: z.url().meta({ description: 'The item page in the requested language.' }),
		register_url: z.url().nullable().meta({ description: 'Where to register (the platform\'s own form), while registration is open.' }),
		updated_at: z.iso.datetime()
	})
	.meta({ id: 'Item' });

export const ProjectList = listOf(Project, 'ProjectList');
export const ItemList = listOf(Item, 'ItemList');

const range = {
	from: dateParam.optional().meta({ description: 'Only with a session on or after this day (YYYY-MM-DD, Europe/Berlin).' }),
	to: dateParam.optional().meta({ description: 'Only with a session on or before this day.' }),
	city: z.string().trim().min(1).max(200).optional().meta({ description: 'Only with a session in this city (case-insensitive).' })
};

export const ProjectQuery = z.object({
	...range,
	when: z.enum(['current', 'past']).optional().meta({ description: 'Only current projects (runtime not over) or only past ones (as /archive); both by default.' }),
	...pageQuery
});
export const ItemQuery = z.object({
	...range,
	format: z.enum(FORMATS).optional(),
	kind: z.enum(KINDS).optional(),
	language: z.enum(LOCALES).optional().meta({ description: 'Only items whose title is written in this language.' }),
	...pageQuery
});

export const SlugParams = z.object({ slug: z.string().min(1).max(200).meta({ example: 'digit-ready-2025' }) });
export const IdParams = z.object({ id: z.coerce.number().int().positive().max(2147483647) });
