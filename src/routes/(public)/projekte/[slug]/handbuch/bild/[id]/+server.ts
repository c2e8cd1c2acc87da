import { error } from '@sveltejs/kit';
import * as m from '#lib/paraglide/messages.js';
import { app } from '#lib/server/app.ts';
import { isStaff } from '#lib/server/auth/guard.ts';
import { imageForReader } from '#lib/server/handbook/queries.ts';
import { parseId } from '#lib/forms/parse.ts';
import type { RequestHandler } from './$types';

/** A handbook image: public once its handbook is published, for the team always; a year immutable at its versioned URL. */
export const GET: RequestHandler = async ({ params, locals, url }) => {
	const id = parseId(params.id);
	const image = id === null ? null : await imageForReader(app().database.db, params.slug, id, isStaff(locals.user));
	if (!image) error(404, m.error_not_found());
	const versioned = url.searchParams.get('v') === image.hash;
	return new Response(Buffer.from(image.bytes), {
		headers: {
			'content-type': image.contentType,
			etag: `"${image.hash}"`,
			// A draft's image reaches the team only: no shared cache may keep it.
			'cache-control': !image.isPublic ? 'private, no-cache' : versioned ? 'public, max-age=31536000, immutable' : 'public, no-cache',
			'x-content-type-options': 'nosniff'
		}
	});
};
