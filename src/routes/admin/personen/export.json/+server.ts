import { json } from '@sveltejs/kit';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { personRef, recordAudit } from '#lib/server/audit/record.ts';
import { exportPersonData } from '#lib/server/registration/privacy.ts';
import type { RequestHandler } from './$types';

/**
 * One person's data as JSON (GDPR access request), asked for with a POST so that the address is
 * in no URL. Every export is in the audit log, the person named by a keyed hash only.
 */
export const POST: RequestHandler = async ({ locals, request }) => {
	const actor = requireStaff(locals);
	const email = String((await request.formData()).get('email') ?? '').trim().toLowerCase();
	const { db } = app().database;
	const data = await exportPersonData(db, email);
	await recordAudit(db, actor, 'person.exported', { type: 'person', id: personRef(email) }, new Date(), { registrations: data.registrations.length });
	return json(data, { headers: { 'Content-Disposition': `attachment; filename="personendaten.json"`, 'Cache-Control': 'no-store' } });
};
