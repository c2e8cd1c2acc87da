/**
 * The generated chapters, built afresh at each view or export as GFM Markdown (tables included) in
 * one language: the programme as it ran, the consultation tracks and their themes, and the
 * organisation-development approach (the check's instrument and the cohort's anonymous picture).
 *
 * Never personal data: counts only (reports/figures.ts `projectFigures`), anonymous cohort figures
 * only from MIN_COHORT associations on (reports/readiness.ts, null below), and association names
 * only of those that consented to be named (`organisation.may_be_named`).
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { consultationOffer, consultationTrack } from '../db/schema/consultation.ts';
import { cohortMember, organisation } from '../db/schema/organisations.ts';
import { programmeItem } from '../db/schema/programme.ts';
import { registration } from '../db/schema/registration.ts';
import { currentInstrument } from '../assessment/instrument.ts';
import { projectFigures, type ProjectFigures } from '../reports/figures.ts';
import { localise } from '../../content/translatable.ts';
import type { Instrument } from '../../assessment/instrument.ts';
import { MIN_COHORT } from '../../assessment/scoring.ts';
import { formatNumber, formatSessionDates } from '../../programme/dates.ts';
import type { Generator } from '../../handbook/rules.ts';
import type { Locale } from '../../i18n/locales.ts';
import type { ProjectTree } from '../programme/tree.ts';
import * as m from '../../paraglide/messages.js';
import { materialPath, materialsOfItems } from '../programme/materials.ts';
import { materialLink } from '../../programme/materials.ts';

export interface RadarChart {
	kind: 'radar';
	caption: string;
	data: { axes: string[]; series: { name: string; values: (number | null)[]; color: string }[]; max: number };
}

export interface GeneratedChapter {
	title: string;
	markdown: string;
	charts: RadarChart[];
}

/** A table cell: one line, pipes escaped, Markdown's inline markers kept as text. */
export function cell(text: string): string {
	return text.replace(/\s+/g, ' ').replace(/([\\|*_`[\]<>])/g, '\\$1').trim() || '–';
}

export function table(head: string[], rows: string[][]): string {
	const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
	return [line(head.map(cell)), line(head.map(() => '---')), ...rows.map((r) => line(r.map(cell)))].join('\n');
}

/** What every generator may read: the project tree (trusted) and the figures (counts only). */
export interface GeneratorInput {
	db: Db;
	tree: ProjectTree;
	locale: Locale;
	now: Date;
	figures: () => Promise<ProjectFigures>;
	instrument: () => Promise<Instrument>;
}

export function generatedTitle(generator: Generator, locale: Locale): string {
	if (generator === 'programme') return m.hb_chapter_programme({}, { locale });
	if (generator === 'consultation') return m.hb_chapter_consultation({}, { locale });
	return m.hb_chapter_development({}, { locale });
}

export async function generateChapter(generator: Generator, input: GeneratorInput): Promise<GeneratedChapter> {
	const title = generatedTitle(generator, input.locale);
	if (generator === 'programme') return { title, ...(await programme(input)) };
	if (generator === 'consultation') return { title, ...(await consultation(input)) };
	return { title, ...(await development(input)) };
}

const FORMATS = { in_person: m.format_in_person, online: m.format_online, hybrid: m.format_hybrid } as const;

/**
 * Names of the associations that took part (confirmed registrations or the cohort) and agreed to be
 * named; confirmed by the team. Everyone else only counts.
 */
export async function namedAssociations(db: Db, projectId: number): Promise<string[]> {
	const items = await db.select({ id: programmeItem.id }).from(programmeItem).where(eq(programmeItem.projectId, projectId));
	const fromRegistrations = items.length
		? await db
				.selectDistinct({ id: registration.organisationId })
				.from(registration)
				.where(and(inArray(registration.itemId, items.map((i) => i.id)), eq(registration.status, 'confirmed')))
		: [];
	const fromCohort = await db.select({ id: cohortMember.organisationId }).from(cohortMember).where(eq(cohortMember.projectId, projectId));
	const ids = [...new Set([...fromRegistrations, ...fromCohort].map((r) => r.id).filter((id): id is number => id !== null))];
	if (ids.length === 0) return [];
	const rows = await db
		.select({ name: organisation.name })
		.from(organisation)
		.where(and(inArray(organisation.id, ids), eq(organisation.mayBeNamed, true), eq(organisation.confirmed, true)))
		.orderBy(asc(organisation.name));
	return rows.map((r) => r.name);
}

async function programme({ db, tree, locale, figures, instrument }: GeneratorInput): Promise<Omit<GeneratedChapter, 'title'>> {
	const f = await figures();
	const dims = (await instrument()).dimensions;
	const perItem = new Map(f.perItem.map((i) => [i.itemId, i]));
	const ran = tree.items.filter((i) => i.state !== 'cancelled' && i.state !== 'bundled');
	const rows = ran.map((item) => {
		const title = localise(item.title, locale).text;
		const label = item.number !== null ? `${item.number}. ${title}` : title;
		const starts = item.sessions.map((s) => s.startsAt);
		const cities = [...new Set(item.sessions.map((s) => s.city.trim()).filter(Boolean))];
		const place = cities.length ? cities.join(', ') : item.format === 'online' ? m.format_online({}, { locale }) : '';
		const topics = item.dimensions.map((k) => dims.find((d) => d.key === k)).filter((d) => d !== undefined).map((d) => localise(d.title, locale).text);
		const counts = perItem.get(item.id);
		return [
			label,
			starts.length ? formatSessionDates(starts, locale) : m.state_date_tba({}, { locale }),
			place,
			FORMATS[item.format]({}, { locale }),
			topics.join(', '),
			counts ? formatNumber(counts.participants, locale) : '0'
		];
	});
	const parts: string[] = [
		m.hb_programme_intro({}, { locale }),
		m.hb_programme_totals(
			{
				items: formatNumber(f.totals.items, locale),
				sessions: formatNumber(f.totals.sessions, locale),
				participants: formatNumber(f.totals.participants, locale),
				organisations: formatNumber(f.totals.organisations, locale)
			},
			{ locale }
		),
		rows.length
			? table([m.hb_col_item({}, { locale }), m.hb_col_dates({}, { locale }), m.hb_col_place({}, { locale }), m.hb_col_format({}, { locale }), m.hb_col_topics({}, { locale }), m.hb_col_participants({}, { locale })], rows)
			: m.hb_programme_empty({}, { locale })
	];
	const materials = await materialsOfItems(db, ran.map((i) => i.id));
	if (materials.length) {
		const lines = ran.flatMap((item) => {
			const title = localise(item.title, locale).text;
			const label = item.number !== null ? `${item.number}. ${title}` : title;
			return materials
				.filter((mt) => mt.itemId === item.id)
				.map((mt) => {
					const link = materialLink(mt, materialPath(tree.slug, item.id, mt), locale);
					return `- ${cell(label)}: [${cell(link.title)}](${link.href}) (${link.type}, ${link.size})`;
				});
		});
		parts.push(`### ${m.material_section({}, { locale })}\n\n${m.hb_materials_intro({}, { locale })}\n\n${lines.join('\n')}`);
	}
	const named = await namedAssociations(db, tree.id);
	if (named.length) parts.push(`${m.hb_named_associations({}, { locale })}\n\n${named.map((n) => `- ${cell(n)}`).join('\n')}`);
	return { markdown: parts.join('\n\n'), charts: [] };
}

async function consultation({ db, tree, locale }: GeneratorInput): Promise<Omit<GeneratedChapter, 'title'>> {
	const items = tree.items.filter((i) => i.kind === 'consultation_series');
	const offers = items.length ? await db.select().from(consultationOffer).where(inArray(consultationOffer.itemId, items.map((i) => i.id))) : [];
	const tracks = offers.length
		? await db.select().from(consultationTrack).where(inArray(consultationTrack.offerId, offers.map((o) => o.id))).orderBy(asc(consultationTrack.position), asc(consultationTrack.id))
		: [];
	if (tracks.length === 0) return { markdown: m.hb_consultation_none({}, { locale }), charts: [] };
	const parts: string[] = [m.hb_consultation_intro({}, { locale })];
	for (const t of tracks) {
		const title = localise(t.title, locale).text;
		const description = localise(t.description, locale).text;
		parts.push(`### ${cell(title)}${description ? `\n\n${description}` : ''}`);
	}
	return { markdown: parts.join('\n\n'), charts: [] };
}

async function development({ locale, figures, instrument }: GeneratorInput): Promise<Omit<GeneratedChapter, 'title'>> {
	const inst = await instrument();
	const levels = inst.levels.map((l) => `${l.value}. ${localise(l.label, locale).text}`);
	const parts: string[] = [
		m.hb_dev_intro({ areas: inst.dimensions.length }, { locale }),
		`### ${m.hb_dev_levels({}, { locale })}\n\n${levels.map((l) => `- ${cell(l)}`).join('\n')}`,
		`### ${m.hb_dev_areas({}, { locale })}`
	];
	for (const d of inst.dimensions) {
		parts.push(`#### ${cell(localise(d.title, locale).text)}\n\n${d.statements.map((s) => `- ${cell(localise(s.text, locale).text)}`).join('\n')}`);
	}
	parts.push(`### ${m.hb_dev_cohort({}, { locale })}`);
	const readiness = (await figures()).readiness;
	const charts: RadarChart[] = [];
	if (!readiness || readiness.organisations < MIN_COHORT) {
		parts.push(m.hb_dev_cohort_absent({ min: MIN_COHORT }, { locale }));
	} else {
		const fmt = (x: number | null) => (x === null ? '–' : formatNumber(x, locale));
		parts.push(m.hb_dev_cohort_text({ n: readiness.organisations }, { locale }));
		parts.push(
			table(
				[m.hb_col_area({}, { locale }), m.hb_col_before({}, { locale }), m.hb_col_after({}, { locale })],
				readiness.dimensions.map((d) => [localise(d.title, locale).text, fmt(d.before), fmt(d.after)])
			)
		);
		charts.push({
			kind: 'radar',
			caption: m.hb_radar_caption({ n: readiness.organisations }, { locale }),
			data: {
				axes: readiness.dimensions.map((d) => localise(d.title, locale).text),
				series: [
					{ name: m.hb_col_before({}, { locale }), values: readiness.dimensions.map((d) => d.before), color: '#8a949e' },
					{ name: m.hb_col_after({}, { locale }), values: readiness.dimensions.map((d) => d.after), color: '#0b5cad' }
				],
				max: 4
			}
		});
	}
	return { markdown: parts.join('\n\n'), charts };
}

/** Lazily computed once per handbook load: the generators share one figures run and one instrument read. */
export function generatorInput(db: Db, tree: ProjectTree, locale: Locale, now: Date): GeneratorInput {
	let f: Promise<ProjectFigures> | null = null;
	let i: Promise<Instrument> | null = null;
	return {
		db,
		tree,
		locale,
		now,
		figures: () => (f ??= projectFigures(db, tree.id, null, now)),
		instrument: () => (i ??= currentInstrument(db).then((x) => x.content))
	};
}
