import { parsePage } from '#lib/forms/parse.ts';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { maskSecretLinks } from '#lib/server/auth/secret-links.ts';
import { listOutbox } from '#lib/server/mail/outbox.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireStaff(locals);
	const page = parsePage(url.searchParams.get('seite'));
	const outbox = await listOutbox(app().database.db, page);
	// Sign-in and participant links stand in for a password: the team sees that a link was sent, not the link.
	const rows = outbox.rows.map((mail) => ({ ...mail, text: maskSecretLinks(mail.text) }));
	return { ...outbox, rows, smtp: app().config.smtpUrl !== null };
};
