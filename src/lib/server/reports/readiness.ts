/**
 * The cohort's readiness change between rounds, for the funder report and the handbook: anonymous,
 * per dimension, from each cohort organisation's last two answered rounds (assessment/results.ts
 * `organisationResults`, the same rounds the cohort view and the organisation's own result show).
 * Like the cohort view, nothing below MIN_COHORT organisations: null overall when fewer than five
 * have two answered rounds, and per dimension no numbers where fewer than five answered it in both.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { cohortMember } from '../db/schema/organisations.ts';
import { organisationResults } from '../assessment/results.ts';
import { MIN_COHORT } from '../../assessment/scoring.ts';
import type { Translatable } from '../../content/translatable.ts';

export interface ReadinessDimension {
	key: string;
	title: Translatable;
	/** Organisations with a score in this dimension in both rounds. */
	organisations: number;
	/** Mean score (1–4) in the earlier and the later round, and the mean change; null below MIN_COHORT. */
	before: number | null;
	after: number | null;
	change: number | null;
}

export interface ReadinessChange {
	/** Cohort organisations with two answered rounds. */
	organisations: number;
	dimensions: ReadinessDimension[];
	/** Means over the dimensions that have numbers. */
	overall: { before: number; after: number; change: number } | null;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const round2 = (x: number) => Math.round(x * 100) / 100;

/** The readiness change of a project's cohort, or null below MIN_COHORT organisations with two rounds. */
export async function cohortReadinessChange(db: Db, projectId: number): Promise<ReadinessChange | null> {
	const members = await db.select({ id: cohortMember.organisationId }).from(cohortMember).where(eq(cohortMember.projectId, projectId));
	if (members.length < MIN_COHORT) return null;
	const results = [];
	for (const m of members) results.push(await organisationResults(db, m.id));
	const paired = results.filter((r) => r.latest && r.previous);
	if (paired.length < MIN_COHORT) return null;
	const dimensions = paired[0].instrument.dimensions.map((d): ReadinessDimension => {
		const pairs = paired.flatMap((r) => {
			const before = r.previous!.results.find((x) => x.key === d.key)?.score;
			const after = r.latest!.results.find((x) => x.key === d.key)?.score;
			return typeof before === 'number' && typeof after === 'number' ? [{ before, after }] : [];
		});
		if (pairs.length < MIN_COHORT) return { key: d.key, title: d.title, organisations: pairs.length, before: null, after: null, change: null };
		const before = round2(mean(pairs.map((p) => p.before)));
		const after = round2(mean(pairs.map((p) => p.after)));
		return { key: d.key, title: d.title, organisations: pairs.length, before, after, change: round2(mean(pairs.map((p) => p.after - p.before))) };
	});
	const shown = dimensions.filter((d) => d.change !== null);
	const overall = shown.length
		? { before: round2(mean(shown.map((d) => d.before!))), after: round2(mean(shown.map((d) => d.after!))), change: round2(mean(shown.map((d) => d.change!))) }
		: null;
	return { organisations: paired.length, dimensions, overall };
}
