import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { certificateFile } from '#lib/server/registration/certificate-file.ts';
import { idParam, refusal } from '../../outcome.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params, url }) => {
	const actor = requireStaff(locals);
	const { config, database } = app();
	try {
		const { pdf, filename } = await certificateFile(database.db, {
			registrationId: idParam(params.registration),
			actor,
			minShare: config.certificateMinShare,
			origin: config.publicOrigin ?? url.origin,
			now: new Date()
		});
		return new Response(new Uint8Array(pdf), { headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename="${filename}"` } });
	} catch (e) {
		throw refusal(e);
	}
};
