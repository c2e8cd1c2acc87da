import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { isAdmin, requireAdmin, requireStaff } from '#lib/server/auth/guard.ts';
import { createApiToken, DEFAULT_TOKEN_DAYS, listApiTokens, parseTokenForm, revokeApiToken } from '#lib/server/api/tokens.ts';
import { listTokenUses, USE_KEEP_DAYS } from '#lib/server/api/token-use.ts';
import { localDate } from '#lib/programme/dates.ts';
import { idParam, refusal } from '../../outcome.ts';
import type { Actions, PageServerLoad } from './$types';

/** The API tokens. Staff see the list (never a secret) and each token's recent uses; only admins create and revoke (the services check again). */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireStaff(locals);
	const now = new Date();
	const tokens = await listApiTokens(app().database.db, now);
	const canManage = isAdmin(locals.user);
	// `?widerrufen=<id>`: the question before revoking (no JavaScript needed).
	const asked = Number(url.searchParams.get('widerrufen'));
	const confirm = canManage ? (tokens.find((t) => t.id === asked && t.state === 'active') ?? null) : null;
	// `?nutzung=<id>&seite=<n>`: that token's recent uses (token-use.ts), newest first.
	const shown = tokens.find((t) => t.id === Number(url.searchParams.get('nutzung'))) ?? null;
	const uses = shown && { id: shown.id, name: shown.name, keepDays: USE_KEEP_DAYS, ...(await listTokenUses(app().database.db, shown.id, Number(url.searchParams.get('seite')) || 1)) };
	return { tokens, canManage, uses, confirm: confirm && { id: confirm.id, name: confirm.name }, defaultExpiry: localDate(new Date(now.getTime() + DEFAULT_TOKEN_DAYS * 86_400_000)) };
};

export const actions: Actions = {
	/** Creates a token and shows it once, in this answer: it is never stored, so a redirect could not show it. */
	create: async ({ locals, request }) => {
		const actor = requireAdmin(locals);
		const now = new Date();
		const parsed = parseTokenForm(await request.formData(), now);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		try {
			const created = await createApiToken(app().database.db, actor, parsed.data, now);
			return { created: { name: parsed.data.name, token: created.token } };
		} catch (e) {
			return refusal(e, parsed.data as unknown as Record<string, string>);
		}
	},
	/** Revoking asks first: a post without `confirm=yes` goes back to the question. */
	revoke: async ({ locals, request }) => {
		const actor = requireAdmin(locals);
		const form = await request.formData();
		const id = idParam(form.get('id'));
		if (form.get('confirm') !== 'yes') redirect(303, localizeHref(`/admin/api/tokens?widerrufen=${id}#bestaetigen`));
		try {
			await revokeApiToken(app().database.db, actor, id, new Date());
		} catch (e) {
			return refusal(e);
		}
		redirect(303, localizeHref('/admin/api/tokens?widerrufen-ok#tokens'));
	}
};
