import { error, fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import * as m from '#lib/paraglide/messages.js';
import { app, registrationEnv } from '#lib/server/app.ts';
import { DomainError } from '#lib/server/errors.ts';
import { hitRateLimit, REGISTRATION_ADDRESS_LIMIT, REGISTRATION_LIMIT } from '#lib/server/auth/rate-limit.ts';
import { addressKey, clientKey } from '#lib/server/registration/limits.ts';
import * as programme from '#lib/server/programme/public.ts';
import { registrationOffer } from '#lib/server/registration/queries.ts';
import { organisationMatches } from '#lib/server/registration/organisations.ts';
import { publicOfferSummary } from '#lib/server/consultation/queries.ts';
import { registerParticipant } from '#lib/server/registration/commands.ts';
import { resultValue } from '#lib/server/registration/result-link.ts';
import { parseRegistrationForm } from '#lib/registration/forms.ts';
import { parseId } from '#lib/forms/parse.ts';
import { listMaterials, materialPath } from '#lib/server/programme/materials.ts';
import { materialLink } from '#lib/programme/materials.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const id = parseId(params.item);
	const now = new Date();
	const found = id ? await programme.getPublicItem(app().database.db, params.slug, id, locals.locale, now) : null;
	if (!found) error(404, m.error_not_found());
	const offer = await registrationOffer(app().database.db, found.item.id, now);
	// A consultation series: its tracks, dates and free places (never who booked).
	const consultation = found.item.kind === 'consultation_series' ? await publicOfferSummary(app().database.db, found.item.id, now) : null;
	const materials = (await listMaterials(app().database.db, found.item.id)).map((mt) => materialLink(mt, materialPath(params.slug, found.item.id, mt), locals.locale));
	return { ...found, offer, consultation, materials };
};

export const actions: Actions = {
	// Answered with a redirect to the result page (anmeldung/ergebnis): the item page is not rendered
	// again. A bad form, a limit or a closed registration re-render the page with what was typed.
	register: async ({ request, params, locals, getClientAddress }) => {
		const id = parseId(params.item);
		if (!id) error(404, m.error_not_found());
		const env = registrationEnv();
		const form = await request.formData();
		const parsed = parseRegistrationForm(form);
		// The organisation's close matches stay on the page with the rest of the input (organisations.ts).
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values, organisationMatches: await organisationMatches(env.db, parsed.values.organisationName ?? '') });
		const values = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string')) as Record<string, string>;
		// A typed organisation name with confirmed organisations close to it: ask which one is meant ("other": add it as new).
		if (parsed.data.organisationId === null && values.organisationId !== 'other') {
			const matches = await organisationMatches(env.db, parsed.data.organisationName);
			if (matches.length) return fail(400, { errors: { organisationName: { key: 'reg_err_organisation_choose' } }, values, organisationMatches: matches });
		}
		// Limits per client (IPv4 address or IPv6 /64) and per address, both as keyed hashes (limits.ts).
		const client = clientKey(getClientAddress(), env.secret);
		const wait = Math.max(
			...(await Promise.all([
				hitRateLimit(env.db, `register:client:${client}`, REGISTRATION_LIMIT, env.now),
				hitRateLimit(env.db, `register:address:${addressKey(parsed.data.email, env.secret)}`, REGISTRATION_ADDRESS_LIMIT, env.now)
			]))
		);
		if (wait > 0) return fail(429, { errors: { form: { key: 'reg_err_rate_limited', params: { seconds: wait } } }, values });
		let registrationId: number;
		try {
			// `visibleIn`: only an item of this published (or archived) project, checked under the lock.
			const { registration } = await registerParticipant(env, { itemId: id, ...parsed.data }, { clientKey: client, visibleIn: params.slug });
			registrationId = registration.id;
		} catch (e) {
			if (!(e instanceof DomainError)) throw e;
			if (e.code === 'not_found' && !e.field) error(404, m.error_not_found());
			if (e.code === 'too_many_unconfirmed') return fail(429, { errors: { form: { key: 'reg_err_too_many_unconfirmed' } }, values });
			const key = e.code === 'session_not_bookable' ? 'reg_err_session' : e.code === 'not_found' ? 'reg_err_organisation' : 'reg_err_closed';
			return fail(400, { errors: { [e.field ?? 'form']: { key } }, values });
		}
		redirect(303, localizeHref(`/anmeldung/ergebnis/${resultValue(env.secret, registrationId, env.now)}`, { locale: locals.locale }));
	}
};
