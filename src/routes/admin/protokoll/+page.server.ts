import { parseListQuery } from '#lib/forms/list-query.ts';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { AUDIT_DEFAULT_SORT, AUDIT_SORTS, listAuditEntries } from '#lib/server/audit/queries.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireStaff(locals);
	const query = parseListQuery(url.searchParams, AUDIT_SORTS, AUDIT_DEFAULT_SORT);
	return listAuditEntries(app().database.db, { ...query, locale: locals.locale });
};
