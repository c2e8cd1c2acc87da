import { fail } from '@sveltejs/kit';
import { app } from '#lib/server/app.ts';
import { isAdmin, requireAdmin, requireStaff } from '#lib/server/auth/guard.ts';
import { allowLocalHttp, createEndpoint, listEndpoints } from '#lib/server/webhooks/endpoints.ts';
import { parseEndpointForm } from '#lib/webhooks/forms.ts';
import { refusal } from '../outcome.ts';
import type { Actions, PageServerLoad } from './$types';

/** Webhooks are an admin's: other staff see only that (the nav link is shared). */
export const load: PageServerLoad = async ({ locals }) => {
	requireStaff(locals);
	if (!isAdmin(locals.user)) return { canManage: false as const, endpoints: [] };
	return { canManage: true as const, endpoints: await listEndpoints(app().database.db) };
};

export const actions: Actions = {
	/** Registers an endpoint and shows its secret once, in this answer (a redirect could not carry it). */
	create: async ({ locals, request }) => {
		const actor = requireAdmin(locals);
		const parsed = parseEndpointForm(await request.formData(), allowLocalHttp(app().config));
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		try {
			const created = await createEndpoint(app().database.db, actor, parsed.data, new Date());
			return { created: { id: created.id, name: parsed.data.description || parsed.data.url, secret: created.secret } };
		} catch (e) {
			return refusal(e);
		}
	}
};
