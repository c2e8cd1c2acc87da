import { json } from '@sveltejs/kit';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { recordAudit } from '#lib/server/audit/record.ts';
import { exportPersonData } from '#lib/server/registration/privacy.ts';
import type { RequestHandler } from './$types';

/** One person's data as JSON (GDPR access request); every export is in the audit log. */
export const GET: RequestHandler = async ({ locals, url }) => {
	const actor = requireStaff(locals);
	const email = url.searchParams.get('email')?.trim().toLowerCase() ?? '';
	const { db } = app().database;
	const data = await exportPersonData(db, email);
	await recordAudit(db, actor, 'person.exported', { type: 'person', id: email }, new Date(), { registrations: data.registrations.length });
	return json(data, { headers: { 'Content-Disposition': `attachment; filename="personendaten.json"`, 'Cache-Control': 'no-store' } });
};
