import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { exportResult } from '#lib/server/jobs/exports.ts';
import { idParam, refusal } from '../../../outcome.ts';
import type { RequestHandler } from './$types';

/** The finished export's file; 404 while it is not done, after it failed or once it was purged. */
export const GET: RequestHandler = async ({ locals, params }) => {
	requireStaff(locals);
	let file;
	try {
		file = await exportResult(app().database.db, idParam(params.id));
	} catch (e) {
		throw refusal(e);
	}
	return new Response(new Uint8Array(file.bytes), {
		headers: {
			'Content-Type': file.contentType,
			'Content-Disposition': `attachment; filename="${file.fileName.replace(/[^\w.-]/g, '_')}"`,
			'Cache-Control': 'no-store'
		}
	});
};
