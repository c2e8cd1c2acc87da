import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import * as m from '#lib/paraglide/messages.js';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { publicHandbookFile, type HandbookFormat } from '#lib/server/handbook/files.ts';

/**
 * `/projekte/<slug>/handbuch.pdf|epub` in the reader's language (the path's): the stored file of the
 * published handbook as it is now; while it is being made, a redirect to the page that says so and
 * comes back here by itself. 404 unless the handbook is published.
 */
export async function handbookFileResponse(event: RequestEvent<{ slug: string }>, format: HandbookFormat): Promise<Response> {
	const result = await publicHandbookFile(app().database.db, event.params.slug, event.locals.locale, format, new Date());
	if (!result) error(404, m.error_not_found());
	if (result.state !== 'ready') redirect(303, localizeHref(`/projekte/${event.params.slug}/handbuch/ausgabe/${format}`, { locale: event.locals.locale }));
	if (event.request.headers.get('if-none-match') === result.etag) return new Response(null, { status: 304, headers: { etag: result.etag } });
	return new Response(Buffer.from(result.file.bytes), {
		headers: {
			'content-type': result.file.contentType,
			'content-disposition': `${format === 'pdf' ? 'inline' : 'attachment'}; filename="${result.file.fileName}"`,
			etag: result.etag,
			'cache-control': 'public, max-age=300',
			'x-content-type-options': 'nosniff'
		}
	});
}
