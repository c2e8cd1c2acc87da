/**
 * An association's home page as a short list of tasks: where it stands in the digital check, its
 * result, targets and development plan, and its profile. Each task says whether it is to do, under
 * way or done, with the one figure that matters and where to act. Trusted layer: the caller has
 * checked that the viewer belongs to the organisation (requireMember).
 */
import type { Db } from '../db/client.ts';
import { myProgress } from '../assessment/check.ts';
import { organisationResults } from '../assessment/results.ts';
import { getPlan } from '../assessment/plan.ts';
import type { Instrument } from '../../assessment/instrument.ts';

type Dimension = Instrument['dimensions'][number];

export type TaskState = 'todo' | 'in_progress' | 'done';

export interface AssociationHome {
	check: { state: TaskState; round: number; done: number; total: number; next: string | null };
	/** The newest round with answers, and the areas to work on first (instrument keys, weakest first). */
	result: { state: TaskState; round: number | null; priorities: string[] };
	targets: { state: TaskState; set: number; total: number };
	plan: {
		state: TaskState;
		goals: number;
		open: number;
		done: number;
		overdue: number;
		/** The open measure due soonest (Berlin calendar dates as stored, YYYY-MM-DD). */
		next: { text: string; owner: string; dueDate: string } | null;
	};
	profile: { state: TaskState; missing: ProfileField[] };
	/** The check's areas with their titles in every language, to name the priorities. */
	areas: { key: string; title: Dimension['title'] }[];
}

/** The profile fields the programme's figures and the team's contact rely on. */
export const PROFILE_FIELDS = ['legalForm', 'city', 'federalState', 'yearFounded', 'memberCount', 'contactEmail'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** `today` is the Berlin calendar date (YYYY-MM-DD) against which due dates count as overdue. */
export async function associationHome(db: Db, organisationId: number, respondentId: string, now: Date, today: string): Promise<AssociationHome> {
	const [progress, results, plan] = await Promise.all([
		myProgress(db, organisationId, respondentId, now),
		organisationResults(db, organisationId),
		getPlan(db, organisationId)
	]);
	const dimensions = progress.instrument.dimensions;
	const done = progress.done.length;
	const next = dimensions.find((d) => !progress.done.includes(d.key))?.key ?? null;

	const targetsSet = dimensions.filter((d) => results.targets[d.key] !== undefined).length;
	const measures = plan.goals.flatMap((g) => g.measures);
	const open = measures.filter((m) => m.status !== 'done');
	const dated = open.filter((m): m is typeof m & { dueDate: string } => !!m.dueDate).sort((a, b) => a.dueDate.localeCompare(b.dueDate));
	const org = results.organisation;
	const missing = PROFILE_FIELDS.filter((f) => {
		const value = org[f];
		return value === null || value === '';
	});

	return {
		check: { state: done === 0 ? 'todo' : done < dimensions.length ? 'in_progress' : 'done', round: progress.round.number, done, total: dimensions.length, next },
		result: { state: results.latest ? 'done' : 'todo', round: results.latest?.number ?? null, priorities: results.priorities.slice(0, 3) },
		targets: { state: targetsSet === 0 ? 'todo' : targetsSet < dimensions.length ? 'in_progress' : 'done', set: targetsSet, total: dimensions.length },
		plan: {
			state: measures.length === 0 ? 'todo' : open.length > 0 ? 'in_progress' : 'done',
			goals: plan.goals.length,
			open: open.length,
			done: measures.length - open.length,
			overdue: dated.filter((m) => m.dueDate < today).length,
			next: dated[0] ? { text: dated[0].text, owner: dated[0].owner, dueDate: dated[0].dueDate } : null
		},
		profile: { state: missing.length ? 'todo' : 'done', missing },
		areas: dimensions.map((d) => ({ key: d.key, title: d.title }))
	};
}
