import { requireConsultant } from '#lib/server/auth/guard.ts';
import { twoFactorPage } from '#lib/server/auth/two-factor-page.ts';
import type { Actions, PageServerLoad } from './$types';

/** A consultant switches two-step sign-in on and off here (the backoffice's /admin/sicherheit is not theirs). */
const page = twoFactorPage(requireConsultant);
export const load: PageServerLoad = page.load;
export const actions: Actions = page.actions;
