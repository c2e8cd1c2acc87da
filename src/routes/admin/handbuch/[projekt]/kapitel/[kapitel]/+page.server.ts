import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { LOCALES } from '#lib/i18n/locales.ts';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { DomainError } from '#lib/server/errors.ts';
import { addChapterImage, removeChapterImage, saveChapter } from '#lib/server/handbook/commands.ts';
import { chapterForTeam } from '#lib/server/handbook/queries.ts';
import { parseChapterForm, parseImageForm } from '#lib/handbook/forms.ts';
import { formValues, parseId } from '#lib/forms/parse.ts';
import { idParam, refusal } from '../../../../outcome.ts';
import type { Actions, PageServerLoad } from './$types';

/** The chapter of this project (404 otherwise), with versions and images. */
async function chapterOf(params: { projekt: string; kapitel: string }) {
	try {
		return await chapterForTeam(app().database.db, idParam(params.projekt), idParam(params.kapitel));
	} catch (e) {
		throw refusal(e);
	}
}

export const load: PageServerLoad = async ({ locals, params }) => {
	requireStaff(locals);
	const { chapter, projectSlug, versions, images, preview } = await chapterOf(params);
	const values: Record<string, string> = { baseVersion: String(chapter.version) };
	for (const l of LOCALES) {
		values[`title.${l}`] = chapter.title[l] ?? '';
		values[`body.${l}`] = chapter.body[l] ?? '';
	}
	return { chapter: { id: chapter.id, version: chapter.version, title: chapter.title }, projectId: idParam(params.projekt), projectSlug, values, versions, images, preview };
};

export const actions: Actions = {
	save: async ({ locals, params, request }) => {
		const actor = requireStaff(locals);
		const { chapter } = await chapterOf(params);
		const form = await request.formData();
		const parsed = parseChapterForm(form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		try {
			await saveChapter(app().database.db, actor, chapter.id, parsed.data, new Date());
		} catch (e) {
			if (e instanceof DomainError && e.code === 'stale') {
				// What was typed stays; the next save, knowing the newer version, may replace it.
				return fail(409, { errors: { form: { key: 'hb_err_stale', params: e.params } }, values: { ...formValues(form), baseVersion: String(e.params.version) } });
			}
			return refusal(e, formValues(form));
		}
		redirect(303, localizeHref(`/admin/handbuch/${params.projekt}/kapitel/${chapter.id}?gespeichert#ergebnis`));
	},
	bild: async ({ locals, params, request }) => {
		const actor = requireStaff(locals);
		const { chapter } = await chapterOf(params);
		const form = await request.formData();
		const parsed = parseImageForm(form);
		const file = form.get('file');
		const bytes = file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : null;
		const errors = { ...(parsed.ok ? {} : parsed.errors), ...(bytes ? {} : { file: { key: 'err_required' } }) };
		if (!parsed.ok || !bytes) return fail(400, { imageErrors: errors, imageValues: formValues(form) });
		try {
			await addChapterImage(app().database.db, actor, chapter.id, { bytes, alt: parsed.data.alt }, new Date());
		} catch (e) {
			if (e instanceof DomainError && (e.code === 'image_invalid' || e.code === 'image_too_large')) return fail(400, { imageErrors: { file: { key: `err_${e.code}` } }, imageValues: formValues(form) });
			return refusal(e);
		}
		redirect(303, localizeHref(`/admin/handbuch/${params.projekt}/kapitel/${chapter.id}?gespeichert#bilder`));
	},
	bildEntfernen: async ({ locals, params, request }) => {
		const actor = requireStaff(locals);
		const { chapter, images } = await chapterOf(params);
		const image = parseId((await request.formData()).get('image'));
		if (!images.some((i) => i.id === image)) return refusal(new DomainError('not_found'));
		try {
			await removeChapterImage(app().database.db, actor, image!, new Date());
		} catch (e) {
			return refusal(e);
		}
		redirect(303, localizeHref(`/admin/handbuch/${params.projekt}/kapitel/${chapter.id}?geloescht#bilder`));
	}
};
