import { app } from '#lib/server/app.ts';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, url }) => ({ user: locals.user, locale: locals.locale, pathname: url.pathname, origin: app().config.publicOrigin });
