import { app } from '#lib/server/app.ts';
import { getPublicBranding } from '#lib/server/settings/branding.ts';
import type { LayoutServerLoad } from './$types';

/** The provider's branding on every page: name and logo, accent colour, footer contact. */
export const load: LayoutServerLoad = async () => ({ branding: await getPublicBranding(app().database.db) });
