import { requireStaff } from '#lib/server/auth/guard.ts';
import { twoFactorPage } from '#lib/server/auth/two-factor-page.ts';
import type { Actions, PageServerLoad } from './$types';

const page = twoFactorPage(requireStaff);
export const load: PageServerLoad = page.load;
export const actions: Actions = page.actions;
