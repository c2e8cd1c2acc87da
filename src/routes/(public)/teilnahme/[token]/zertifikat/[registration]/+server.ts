import { error } from '@sveltejs/kit';
import * as m from '#lib/paraglide/messages.js';
import { app } from '#lib/server/app.ts';
import { DomainError } from '#lib/server/errors.ts';
import { verifyParticipantToken } from '#lib/server/registration/links.ts';
import { certificateFile } from '#lib/server/registration/certificate-file.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, url }) => {
	const { config, database, secret } = app();
	const email = verifyParticipantToken(params.token, secret);
	const id = Number(params.registration);
	if (!email || !Number.isSafeInteger(id)) error(404, m.me_invalid());
	try {
		const { pdf, filename } = await certificateFile(database.db, {
			registrationId: id,
			email,
			actor: null,
			minShare: config.certificateMinShare,
			origin: config.publicOrigin ?? url.origin,
			now: new Date()
		});
		return new Response(new Uint8Array(pdf), { headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename="${filename}"`, 'Cache-Control': 'no-store' } });
	} catch (e) {
		if (e instanceof DomainError) error(e.code === 'not_eligible' ? 409 : 404, e.code === 'not_eligible' ? m.err_not_eligible() : m.error_not_found());
		throw e;
	}
};
