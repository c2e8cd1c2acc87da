import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actor } from '#lib/server/audit/record.ts';
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

type Run = (actor: Actor, id: number, form: FormData) => Promise<void>;

/** One admin change of endpoint `params.id`; a domain refusal becomes a 404 or a message, else back to the page at `query`. */
async function change(event: RequestEvent, run: Run, query = '?gespeichert#ergebnis') {
	const actor = requireAdmin(event.locals);
	const id = idParam(event.params.id);
	const form = await event.request.formData();
	try {
		await run(actor, id, form);
	} catch (e) {
		return refusal(e);
	}
	redirect(303, query.startsWith('/') ? localizeHref(query) : here(id, query));
}

export const actions: Actions = {
	update: async (event) => {
		requireAdmin(event.locals);
		// Read from a copy: `change` reads the form again.
		const parsed = parseEndpointForm(await event.request.clone().formData(), allowLocalHttp(app().config));
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		return change(event, (actor, id) => updateEndpoint(app().database.db, actor, id, parsed.data, new Date()));
	},
	enable: (event) => change(event, (actor, id, form) => setEndpointEnabled(app().database.db, actor, id, form.get('enabled') === 'yes', new Date())),
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
	/** Deleting asks first (ConfirmDelete), like rotating. */
	delete: (event) =>
		change(
			event,
			async (actor, id, form) => {
				if (form.get('confirm') !== 'yes') redirect(303, here(id, '?loeschen#loeschen'));
				await deleteEndpoint(app().database.db, actor, id, new Date());
			},
			'/admin/webhooks?geloescht#webhooks'
		),
	replay: (event) => change(event, (actor, id, form) => replayDelivery(app().database.db, actor, id, idParam(form.get('delivery')), new Date()), '?erneut#ergebnis')
};
