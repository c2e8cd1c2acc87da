import { app } from '#lib/server/app.ts';
import { requireConsultant } from '#lib/server/auth/guard.ts';
import type { LayoutServerLoad } from './$types';

/** The consultants' own door: only a consultant signed in with their password; everyone else gets 404. */
export const load: LayoutServerLoad = ({ locals, url }) => {
	requireConsultant(locals);
	return { name: locals.user?.name ?? '', locale: locals.locale, pathname: url.pathname, origin: app().config.publicOrigin };
};
