import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { listOutbox } from '#lib/server/mail/outbox.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireStaff(locals);
	const page = Math.max(1, Math.floor(Number(url.searchParams.get('seite')) || 1));
	return { ...(await listOutbox(app().database.db, page)), smtp: app().config.smtpUrl !== null };
};
