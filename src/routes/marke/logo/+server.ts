import { error } from '@sveltejs/kit';
import { app } from '#lib/server/app.ts';
import { getLogo } from '#lib/server/settings/branding.ts';
import type { RequestHandler } from './$types';

/**
 * The provider's logo. Its URL carries a version (`?v=` the start of its hash, settings/branding.ts):
 * asked for with the current version it may be kept a year; without one, or with an old one, the
 * current logo is sent for revalidation. The ETag is the hash. No logo set: 404, never a 500.
 */
export const GET: RequestHandler = async ({ url, request }) => {
	const logo = await getLogo(app().database.db);
	if (!logo) error(404);
	const etag = `"${logo.hash}"`;
	const version = url.searchParams.get('v');
	const headers = {
		'content-type': logo.type,
		etag,
		'cache-control': version && logo.hash.startsWith(version) && version.length >= 16 ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate',
		'x-content-type-options': 'nosniff'
	};
	if (request.headers.get('if-none-match')?.split(/\s*,\s*/).includes(etag)) return new Response(null, { status: 304, headers });
	return new Response(new Uint8Array(logo.bytes), { headers });
};
