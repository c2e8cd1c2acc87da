import { error } from '@sveltejs/kit';
import * as m from '#lib/paraglide/messages.js';
import { app } from '#lib/server/app.ts';
import { parseId } from '#lib/forms/parse.ts';
import { materialHeaders, publicMaterial } from '#lib/server/programme/materials.ts';
import type { RequestHandler } from './$types';

/** `/projekte/<slug>/<item>/material/<id>-<hash>.<ext>`: a published item's material, as a download. */
export const GET: RequestHandler = async ({ params }) => {
	const match = /^([0-9]{1,9})-([0-9a-f]{16})\.([a-z]{3,4})$/.exec(params.file);
	const itemId = parseId(params.item);
	const found = match && itemId ? await publicMaterial(app().database.db, params.slug, itemId, Number(match[1]), match[2], match[3]) : null;
	if (!found) error(404, m.error_not_found());
	return new Response(Buffer.from(found.bytes), { headers: materialHeaders(found) });
};
