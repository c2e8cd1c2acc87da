/**
 * The readiness-check instrument as data, versioned. The team revises the wording (every language)
 * in the backoffice; each save stores a new version. Areas, statements and levels keep their keys, so
 * every round stays comparable with the ones before; answers are stored by statement key.
 * Trusted layer: callers check that the actor is staff.
 */
import { desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../db/client.ts';
import { assessmentInstrument } from '../db/schema/assessment.ts';
import { recordAudit, type Actor } from '../audit/record.ts';
import { DomainError } from '../errors.ts';
import type { Instrument } from '../../assessment/instrument.ts';
import type { Translatable } from '../../content/translatable.ts';
import { LOCALES } from '../../i18n/locales.ts';
import { collectTranslatable, parseForm, translatableShape, type Parsed } from '../../forms/parse.ts';
import instrumentV1 from '../../assessment/instrument-v1.json' with { type: 'json' };

const INSTRUMENT_LOCK = 724_303;

/** The current (newest) instrument, stored on first use from the shipped v1. */
export async function currentInstrument(db: Db | Tx): Promise<{ id: number; version: number; createdAt: Date; content: Instrument }> {
	const [latest] = await db.select().from(assessmentInstrument).orderBy(desc(assessmentInstrument.version)).limit(1);
	if (latest) return latest;
	await db.insert(assessmentInstrument).values({ version: 1, content: instrumentV1 as Instrument }).onConflictDoNothing();
	const [row] = await db.select().from(assessmentInstrument).where(eq(assessmentInstrument.version, 1));
	return row;
}

/** Every stored version, newest first (without their content). */
export async function instrumentVersions(db: Db) {
	await currentInstrument(db);
	return db
		.select({ id: assessmentInstrument.id, version: assessmentInstrument.version, createdAt: assessmentInstrument.createdAt })
		.from(assessmentInstrument)
		.orderBy(desc(assessmentInstrument.version));
}

export interface DimensionWording {
	title: Translatable;
	statements: Record<string, Translatable>;
}

/** The form of one area: `title.<language>` and `s.<statement key>.<language>`; German required. */
export function parseDimensionForm(instrument: Instrument, dimensionKey: string, form: FormData): Parsed<DimensionWording> {
	const dimension = instrument.dimensions.find((d) => d.key === dimensionKey);
	if (!dimension) throw new DomainError('not_found');
	let shape = translatableShape('title', 200, true);
	for (const s of dimension.statements) shape = { ...shape, ...translatableShape(`s.${s.key}`, 400, true) };
	return parseForm(z.object(shape), form, (data) => ({
		title: collectTranslatable(data, 'title'),
		statements: Object.fromEntries(dimension.statements.map((s) => [s.key, collectTranslatable(data, `s.${s.key}`)]))
	}));
}

const sameText = (a: Translatable, b: Translatable) => LOCALES.every((l) => (a[l] ?? '') === (b[l] ?? ''));
type Dimension = Instrument['dimensions'][number];
const sameDimension = (a: Dimension, b: Dimension) =>
	sameText(a.title, b.title) && a.statements.length === b.statements.length && a.statements.every((s, i) => sameText(s.text, b.statements[i].text));

/**
 * Stores a new version with one area's wording changed. Unchanged wording stores nothing. With
 * `baseVersion` (the version the editor started from), a save is refused when somebody changed
 * this area since, rather than silently replacing their wording.
 */
export async function reviseDimension(db: Db, actor: Actor, dimensionKey: string, wording: DimensionWording, now: Date, baseVersion?: number) {
	return db.transaction(async (tx) => {
		// Two people saving at once get consecutive versions, each built on the other's text.
		await tx.execute(sql`select pg_advisory_xact_lock(${INSTRUMENT_LOCK})`);
		const current = await currentInstrument(tx);
		const dimension = current.content.dimensions.find((d) => d.key === dimensionKey);
		if (!dimension) throw new DomainError('not_found');
		if (baseVersion !== undefined && baseVersion !== current.version) {
			const [base] = await tx.select().from(assessmentInstrument).where(eq(assessmentInstrument.version, baseVersion));
			const before = base?.content.dimensions.find((d) => d.key === dimensionKey);
			if (!before || !sameDimension(before, dimension)) throw new DomainError('stale', 'form', { version: current.version });
		}
		const revised: Dimension = {
			...dimension,
			title: wording.title,
			statements: dimension.statements.map((s) => ({ ...s, text: wording.statements[s.key] ?? s.text }))
		};
		if (sameDimension(revised, dimension)) return { version: current.version, changed: false };
		const version = current.version + 1;
		const content: Instrument = { ...current.content, version, dimensions: current.content.dimensions.map((d) => (d.key === dimensionKey ? revised : d)) };
		await tx.insert(assessmentInstrument).values({ version, content, createdAt: now });
		await recordAudit(tx, actor, 'assessment.instrument_revised', { type: 'instrument', id: version }, now, { dimension: dimensionKey });
		return { version, changed: true };
	});
}
