import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { error } from '@sveltejs/kit';
import { certificateFile, certificateRefusalText } from '#lib/server/registration/certificate-file.ts';
import { idParam, refusal } from '../../outcome.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
	const actor = requireStaff(locals);
	const { config, database } = app();
	try {
		const { pdf, filename } = await certificateFile(database.db, {
			registrationId: idParam(params.registration),
			actor,
			minShare: config.certificateMinShare,
			origin: config.publicOrigin,
			now: new Date()
		});
		return new Response(new Uint8Array(pdf), { headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename="${filename}"` } });
	} catch (e) {
		// A refusal is a sentence on a page, never a 500 (a form failure cannot answer a download).
		const refused = certificateRefusalText(e);
		if (refused) error(409, refused);
		throw refusal(e);
	}
};
