import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, url }) => ({ locale: locals.locale, pathname: url.pathname, origin: url.origin, signedIn: locals.user !== null });
