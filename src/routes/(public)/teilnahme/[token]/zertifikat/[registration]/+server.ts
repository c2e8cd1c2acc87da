import { error } from '@sveltejs/kit';
import * as m from '#lib/paraglide/messages.js';
import { parseId } from '#lib/forms/parse.ts';
import { app } from '#lib/server/app.ts';
import { DomainError } from '#lib/server/errors.ts';
import { resolveParticipantLink } from '#lib/server/registration/links.ts';
import { certificateFile, certificateRefusalText } from '#lib/server/registration/certificate-file.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	const { config, database } = app();
	const email = await resolveParticipantLink(database.db, params.token, new Date());
	const id = parseId(params.registration);
	if (!email || id === null) error(404, m.me_invalid());
	try {
		const { pdf, filename } = await certificateFile(database.db, {
			registrationId: id,
			email,
			actor: null,
			minShare: config.certificateMinShare,
			origin: config.publicOrigin,
			now: new Date()
		});
		return new Response(new Uint8Array(pdf), { headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename="${filename}"`, 'Cache-Control': 'no-store' } });
	} catch (e) {
		const refused = certificateRefusalText(e);
		if (refused) error(409, refused);
		if (e instanceof DomainError) error(404, m.error_not_found());
		throw e;
	}
};
