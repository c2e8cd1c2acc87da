import { deLocalizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, url }) => ({
	user: locals.user,
	locale: locals.locale,
	pathname: url.pathname,
	/** The path without language prefix: which navigation link is the current page. */
	path: deLocalizeHref(url.pathname),
	origin: app().config.publicOrigin
});
