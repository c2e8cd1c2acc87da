import { parseListQuery } from '#lib/forms/list-query.ts';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { listRegistrationItems, OVERVIEW_DEFAULT_SORT, OVERVIEW_SORTS } from '#lib/server/registration/overview.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireStaff(locals);
	return listRegistrationItems(app().database.db, new Date(), parseListQuery(url.searchParams, OVERVIEW_SORTS, OVERVIEW_DEFAULT_SORT));
};
