import { app } from '#lib/server/app.ts';
import { getLegalSettings } from '#lib/server/settings/legal.ts';
import { missingLegal } from '#lib/settings/legal.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const legal = await getLegalSettings(app().database.db);
	return { legal, complete: missingLegal(legal).length === 0 };
};
