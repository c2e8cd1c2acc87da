import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { currentInstrument, instrumentVersions } from '#lib/server/assessment/instrument.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	requireStaff(locals);
	const { db } = app().database;
	const versions = await instrumentVersions(db);
	const current = await currentInstrument(db);
	return { instrument: current.content, versions };
};
