import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { handbookOutputsForTeam, requestHandbookFile, type HandbookFormat } from '#lib/server/handbook/files.ts';
import { parseForm } from '#lib/forms/parse.ts';
import { LOCALES } from '#lib/i18n/locales.ts';
import { idParam, refusal } from '../../../outcome.ts';
import type { Actions, PageServerLoad } from './$types';

/** The handbook's PDF and EPUB for the team: made in the background, followed on /admin/exporte/<id>. */
export const load: PageServerLoad = async ({ locals, params }) => {
	requireStaff(locals);
	try {
		return { outputs: await handbookOutputsForTeam(app().database.db, idParam(params.projekt), locals.locale, new Date()) };
	} catch (e) {
		throw refusal(e);
	}
};

const schema = z.object({ lang: z.enum(LOCALES) });

function make(format: HandbookFormat): Actions[string] {
	return async ({ locals, params, request }) => {
		const actor = requireStaff(locals);
		const parsed = parseForm(schema, await request.formData(), (d) => d.lang);
		// The select offers the six languages only: anything else is the reader's own.
		const lang = parsed.ok ? parsed.data : locals.locale;
		let id: number;
		try {
			id = (await requestHandbookFile(app().database.db, actor, idParam(params.projekt), lang, format, new Date())).id;
		} catch (e) {
			return refusal(e);
		}
		redirect(303, localizeHref(`/admin/exporte/${id}`));
	};
}

export const actions: Actions = { pdf: make('pdf'), epub: make('epub') };
