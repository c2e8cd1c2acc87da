/**
 * Readiness-check reads for the team: an organisation's rounds with results, spread, change and
 * targets; the cohort with who answered and, from five organisations on, anonymous figures.
 * Trusted layer: callers check that the viewer is staff or belongs to the organisation.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { assessmentResponse, assessmentRound, assessmentTarget } from '../db/schema/assessment.ts';
import { cohortMember, organisation } from '../db/schema/organisations.ts';
import { DomainError } from '../errors.ts';
import { change, cohortAggregate, organisationResult, priorities, type DimensionResult } from '../../assessment/scoring.ts';
import { currentInstrument } from './instrument.ts';

/**
 * The rounds that make up the picture: those with answers, except a newest round that nobody has
 * completed yet while an earlier one has answers. A round just opened, or with a first few clicks
 * in it, would otherwise blank the results. Rounds come in order of their number.
 */
export function shownRounds<R extends { respondents: number; completed: number }>(rounds: R[]): R[] {
	const withAnswers = rounds.filter((r) => r.respondents > 0);
	const newest = rounds.at(-1);
	if (newest && newest.completed === 0 && withAnswers.length > 1 && withAnswers.at(-1) === newest) return withAnswers.slice(0, -1);
	return withAnswers;
}

export interface RoundResult {
	id: number;
	number: number;
	openedAt: Date;
	respondents: number;
	completed: number;
	results: DimensionResult[];
}

export async function organisationResults(db: Db, organisationId: number) {
	const [org] = await db.select().from(organisation).where(eq(organisation.id, organisationId));
	if (!org) throw new DomainError('not_found');
	const instrument = await currentInstrument(db);
	const rounds = await db.select().from(assessmentRound).where(eq(assessmentRound.organisationId, organisationId)).orderBy(asc(assessmentRound.number));
	const responses = rounds.length ? await db.select().from(assessmentResponse).where(inArray(assessmentResponse.roundId, rounds.map((r) => r.id))) : [];
	const targets = await db.select().from(assessmentTarget).where(eq(assessmentTarget.organisationId, organisationId));
	const targetMap = Object.fromEntries(targets.map((t) => [t.dimensionKey, t.level]));
	const results: RoundResult[] = rounds.map((r) => {
		const mine = responses.filter((x) => x.roundId === r.id);
		return {
			id: r.id,
			number: r.number,
			openedAt: r.openedAt,
			respondents: mine.length,
			completed: mine.filter((x) => x.completedAt !== null).length,
			results: organisationResult(instrument.content.dimensions, mine.map((x) => x.answers))
		};
	});
	const answered = shownRounds(results);
	const latest = answered.at(-1) ?? null;
	const previous = answered.at(-2) ?? null;
	return {
		organisation: org,
		instrument: instrument.content,
		rounds: results,
		/** The newest round (possibly still without answers). */
		current: results.at(-1) ?? null,
		latest,
		previous,
		targets: targetMap,
		change: latest && previous ? change(previous.results, latest.results) : null,
		priorities: latest ? priorities(latest.results, targetMap) : []
	};
}

/**
 * A project's cohort: who answered, per organisation (those not yet started included), and the
 * anonymous aggregate of each one's latest answered round, only from MIN_COHORT organisations with answers.
 */
export async function cohortView(db: Db, projectId: number) {
	const instrument = await currentInstrument(db);
	const orgs = await db
		.select({ id: organisation.id, name: organisation.name })
		.from(cohortMember)
		.innerJoin(organisation, eq(organisation.id, cohortMember.organisationId))
		.where(eq(cohortMember.projectId, projectId))
		.orderBy(asc(organisation.name));
	const rounds = orgs.length ? await db.select().from(assessmentRound).where(inArray(assessmentRound.organisationId, orgs.map((o) => o.id))) : [];
	const responses = rounds.length ? await db.select().from(assessmentResponse).where(inArray(assessmentResponse.roundId, rounds.map((r) => r.id))) : [];
	const perOrg = orgs.map((o) => {
		const mine = rounds.filter((r) => r.organisationId === o.id).sort((a, b) => a.number - b.number);
		const latest = mine.at(-1);
		const answers = latest ? responses.filter((x) => x.roundId === latest.id) : [];
		const answered = shownRounds(
			mine.map((r) => {
				const its = responses.filter((x) => x.roundId === r.id);
				return { ...r, respondents: its.length, completed: its.filter((x) => x.completedAt !== null).length };
			})
		).at(-1);
		const counted = answered ? responses.filter((x) => x.roundId === answered.id) : [];
		return {
			id: o.id,
			name: o.name,
			rounds: mine.length,
			respondents: answers.length,
			completed: answers.filter((x) => x.completedAt !== null).length,
			results: counted.length ? organisationResult(instrument.content.dimensions, counted.map((x) => x.answers)) : null
		};
	});
	return {
		instrument: instrument.content,
		organisations: perOrg.map(({ results: _results, ...o }) => o),
		aggregate: cohortAggregate(instrument.content.dimensions, perOrg.flatMap((o) => (o.results ? [o.results] : [])))
	};
}
