/**
 * Readiness-check results, pure. Answers are levels 1–4 (null = "don't know / skip"). A respondent's
 * score for a dimension is the mean of their answered statements; an organisation's score is the
 * mean over its respondents, with the spread (max − min of respondents' scores) showing how far
 * they disagree. Cohort figures are only given from MIN_COHORT organisations on (anonymity).
 */
export type Answer = 1 | 2 | 3 | 4 | null;
/** statement key → answer */
export type Answers = Record<string, Answer>;

export interface DimensionDef {
	key: string;
	statements: { key: string }[];
}

export interface DimensionResult {
	key: string;
	/** Mean level 1–4, null when nobody answered any statement of it. */
	score: number | null;
	/** Nearest named level. */
	level: 1 | 2 | 3 | 4 | null;
	/** Respondents with at least one answer in this dimension. */
	respondents: number;
	/** max − min of respondents' scores; 0 with one respondent. */
	spread: number;
	agreement: 'agree' | 'some' | 'large' | null;
}

export const MIN_COHORT = 5;

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const round2 = (x: number) => Math.round(x * 100) / 100;

export function respondentScore(dimension: DimensionDef, answers: Answers): number | null {
	const given = dimension.statements.map((s) => answers[s.key]).filter((a): a is 1 | 2 | 3 | 4 => typeof a === 'number');
	return given.length ? mean(given) : null;
}

export function toLevel(score: number | null): 1 | 2 | 3 | 4 | null {
	if (score === null) return null;
	return Math.min(4, Math.max(1, Math.round(score))) as 1 | 2 | 3 | 4;
}

export function agreement(spread: number, respondents: number): DimensionResult['agreement'] {
	if (respondents < 2) return null;
	return spread >= 1.5 ? 'large' : spread >= 0.75 ? 'some' : 'agree';
}

/** One organisation's result per dimension, from all its respondents' answers of one round. */
export function organisationResult(dimensions: DimensionDef[], respondents: Answers[]): DimensionResult[] {
	return dimensions.map((d) => {
		const scores = respondents.map((a) => respondentScore(d, a)).filter((s): s is number => s !== null);
		const score = scores.length ? round2(mean(scores)) : null;
		const spread = scores.length ? round2(Math.max(...scores) - Math.min(...scores)) : 0;
		return { key: d.key, score, level: toLevel(score), respondents: scores.length, spread, agreement: agreement(spread, scores.length) };
	});
}

/** Change per dimension from an earlier round to a later one (null where either is missing). */
export function change(before: DimensionResult[], after: DimensionResult[]): Record<string, number | null> {
	return Object.fromEntries(
		after.map((a) => {
			const b = before.find((x) => x.key === a.key);
			return [a.key, a.score !== null && b?.score != null ? round2(a.score - b.score) : null];
		})
	);
}

/**
 * Dimensions to work on first: the largest gap to the organisation's target (default: one level
 * above today), then the lowest score. Unanswered dimensions come last.
 */
export function priorities(results: DimensionResult[], targets: Record<string, number | undefined> = {}): string[] {
	return results
		.filter((r) => r.score !== null)
		.map((r) => ({ key: r.key, score: r.score!, gap: (targets[r.key] ?? Math.min(4, r.score! + 1)) - r.score! }))
		.filter((r) => r.gap > 0)
		.sort((a, b) => b.gap - a.gap || a.score - b.score)
		.map((r) => r.key);
}

export interface CohortFigure {
	key: string;
	organisations: number;
	mean: number | null;
	min: number | null;
	max: number | null;
}

/** Anonymous cohort figures per dimension, or null below MIN_COHORT answering organisations. */
export function cohortAggregate(dimensions: DimensionDef[], organisations: DimensionResult[][]): CohortFigure[] | null {
	const answering = organisations.filter((o) => o.some((d) => d.score !== null));
	if (answering.length < MIN_COHORT) return null;
	return dimensions.map((d) => {
		const scores = answering.map((o) => o.find((r) => r.key === d.key)?.score).filter((s): s is number => typeof s === 'number');
		// A dimension most skipped would show the few who answered it: no figures below the threshold there either.
		if (scores.length < MIN_COHORT) return { key: d.key, organisations: scores.length, mean: null, min: null, max: null };
		return {
			key: d.key,
			organisations: scores.length,
			mean: round2(mean(scores)),
			min: Math.min(...scores),
			max: Math.max(...scores)
		};
	});
}
