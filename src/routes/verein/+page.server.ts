import { app } from '#lib/server/app.ts';
import { requireMember } from '#lib/server/organisations/guard.ts';
import { myProgress } from '#lib/server/assessment/check.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const { db } = app().database;
	const { userId, membership } = await requireMember(db, locals);
	const progress = await myProgress(db, membership.organisationId, userId, new Date());
	const next = progress.instrument.dimensions.find((d) => !progress.done.includes(d.key))?.key ?? null;
	return { membership, done: progress.done.length, total: progress.instrument.dimensions.length, next, round: progress.round.number };
};
