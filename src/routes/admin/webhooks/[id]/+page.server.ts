import { error, fail, redirect } from '@sveltejs/kit';
import * as m from '#lib/paraglide/messages.js';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { parsePage } from '#lib/forms/parse.ts';
import { app } from '#lib/server/app.ts';
import { requireAdmin } from '#lib/server/auth/guard.ts';
import { DomainError } from '#lib/server/errors.ts';
import { allowLocalHttp, deleteEndpoint, getEndpoint, rotateEndpointSecret, setEndpointEnabled, updateEndpoint } from '#lib/server/webhooks/endpoints.ts';
import { listDeliveries, replayDelivery } from '#lib/server/webhooks/log.ts';
import { parseEndpointForm } from '#lib/webhooks/forms.ts';
import { idParam, refusal } from '../../outcome.ts';
import type { Actions, PageServerLoad } from './$types';

/** One endpoint (never its secret) and its delivery log, `?seite=` paged. Admins only. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireAdmin(locals);
	const db = app().database.db;
	const id = idParam(params.id);
	const endpoint = await getEndpoint(db, id).catch((e) => {
		if (e instanceof DomainError && e.code === 'not_found') error(404, m.err_not_found());
		throw e;
	});
	const log = await listDeliveries(db, id, parsePage(url.searchParams.get('seite')));
	const asked = url.searchParams.has('erneuern') ? 'rotate' : url.searchParams.has('loeschen') ? 'delete' : null;
	return { endpoint, log, asked };
};

const here = (id: number, query = '') => localizeHref(`/admin/webhooks/${id}${query}`);

export const actions: Actions = {
	update: async ({ locals, params, request }) => {
		const actor = requireAdmin(locals);
		const id = idParam(params.id);
		const parsed = parseEndpointForm(await request.formData(), allowLocalHttp(app().config));
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		try {
			await updateEndpoint(app().database.db, actor, id, parsed.data, new Date());
		} catch (e) {
			return refusal(e);
		}
		redirect(303, here(id, '?gespeichert#ergebnis'));
	},
	enable: async ({ locals, params, request }) => {
		const actor = requireAdmin(locals);
		const id = idParam(params.id);
		const on = (await request.formData()).get('enabled') === 'yes';
		try {
			await setEndpointEnabled(app().database.db, actor, id, on, new Date());
		} catch (e) {
			return refusal(e);
		}
		redirect(303, here(id, '?gespeichert#ergebnis'));
	},
	/** A new secret, shown once in this answer. Asks first: a post without `confirm=yes` goes to the question. */
	rotate: async ({ locals, params, request }) => {
		const actor = requireAdmin(locals);
		const id = idParam(params.id);
		if ((await request.formData()).get('confirm') !== 'yes') redirect(303, here(id, '?erneuern#bestaetigen'));
		try {
			return { rotated: { secret: await rotateEndpointSecret(app().database.db, actor, id, new Date()) } };
		} catch (e) {
			return refusal(e);
		}
	},
	delete: async ({ locals, params, request }) => {
		const actor = requireAdmin(locals);
		const id = idParam(params.id);
		if ((await request.formData()).get('confirm') !== 'yes') redirect(303, here(id, '?loeschen#loeschen'));
		try {
			await deleteEndpoint(app().database.db, actor, id, new Date());
		} catch (e) {
			return refusal(e);
		}
		redirect(303, localizeHref('/admin/webhooks?geloescht#webhooks'));
	},
	replay: async ({ locals, params, request }) => {
		const actor = requireAdmin(locals);
		const id = idParam(params.id);
		const deliveryId = idParam((await request.formData()).get('delivery'));
		try {
			await replayDelivery(app().database.db, actor, id, deliveryId, new Date());
		} catch (e) {
			return refusal(e);
		}
		redirect(303, here(id, '?erneut#ergebnis'));
	}
};
