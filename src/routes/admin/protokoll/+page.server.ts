import { parsePage } from '#lib/forms/parse.ts';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { listAuditEntries } from '#lib/server/audit/queries.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireStaff(locals);
	const page = parsePage(url.searchParams.get('seite'));
	return listAuditEntries(app().database.db, { page });
};
