import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { LOCALES } from '#lib/i18n/locales.ts';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import * as commands from '#lib/server/handbook/commands.ts';
import { handbookForTeam } from '#lib/server/handbook/queries.ts';
import { parseNewChapterForm, parseSettingsForm } from '#lib/handbook/forms.ts';
import { isStep } from '#lib/handbook/rules.ts';
import { formValues, parseId } from '#lib/forms/parse.ts';
import { idParam, refusal } from '../../outcome.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	requireStaff(locals);
	try {
		const view = await handbookForTeam(app().database.db, idParam(params.projekt), locals.locale);
		const settings: Record<string, string> = { licence: view.handbook?.licence ?? 'CC-BY-4.0' };
		for (const l of LOCALES) {
			settings[`title.${l}`] = view.handbook?.title[l] ?? '';
			settings[`subtitle.${l}`] = view.handbook?.subtitle[l] ?? '';
		}
		return { ...view, settings };
	} catch (e) {
		throw refusal(e);
	}
};

/** Runs one change on the handbook and comes back to its page, the result first. */
async function change(run: () => Promise<unknown>, projectId: number, flag: string, anchor = 'ergebnis') {
	try {
		await run();
	} catch (e) {
		return refusal(e);
	}
	redirect(303, localizeHref(`/admin/handbuch/${projectId}?${flag}#${anchor}`));
}

/** The project's handbook (404 without project or handbook). */
async function teamView(projectId: number) {
	try {
		return await handbookForTeam(app().database.db, projectId, 'de');
	} catch (e) {
		throw refusal(e);
	}
}

async function handbookId(projectId: number): Promise<number> {
	return (await teamView(projectId)).handbook?.id ?? idParam(null);
}

/** A posted chapter of this project's handbook, else 404. */
async function chapterIn(projectId: number, form: FormData): Promise<number> {
	const chapter = parseId(form.get('chapter'));
	return (await teamView(projectId)).chapters.some((c) => c.id === chapter) ? chapter! : idParam(null);
}

export const actions: Actions = {
	create: async ({ locals, params }) => {
		const actor = requireStaff(locals);
		const projectId = idParam(params.projekt);
		return change(() => commands.ensureHandbook(app().database.db, actor, projectId, new Date()), projectId, 'angelegt');
	},
	settings: async ({ locals, params, request }) => {
		const actor = requireStaff(locals);
		const projectId = idParam(params.projekt);
		const form = await request.formData();
		const parsed = parseSettingsForm(form);
		if (!parsed.ok) return fail(400, { settingsErrors: parsed.errors, settingsValues: parsed.values });
		const id = await handbookId(projectId);
		return change(() => commands.updateHandbookSettings(app().database.db, actor, id, parsed.data, new Date()), projectId, 'gespeichert');
	},
	step: async ({ locals, params, request }) => {
		const actor = requireStaff(locals);
		const projectId = idParam(params.projekt);
		const step = (await request.formData()).get('step');
		if (!isStep(step)) return fail(400, { errors: { form: { key: 'err_choice' } } });
		const id = await handbookId(projectId);
		return change(() => commands.changeHandbookStatus(app().database.db, actor, id, step, new Date()), projectId, step === 'publish' ? 'veroeffentlicht' : 'gespeichert');
	},
	move: async ({ locals, params, request }) => {
		const actor = requireStaff(locals);
		const projectId = idParam(params.projekt);
		const form = await request.formData();
		const chapter = await chapterIn(projectId, form);
		const direction = form.get('direction') === 'up' ? 'up' : 'down';
		return change(() => commands.moveChapter(app().database.db, actor, chapter, direction, new Date()), projectId, 'gespeichert', `kapitel-${chapter}`);
	},
	visibility: async ({ locals, params, request }) => {
		const actor = requireStaff(locals);
		const projectId = idParam(params.projekt);
		const form = await request.formData();
		const chapter = await chapterIn(projectId, form);
		return change(() => commands.setChapterHidden(app().database.db, actor, chapter, form.get('hidden') === 'yes', new Date()), projectId, 'gespeichert', `kapitel-${chapter}`);
	},
	addChapter: async ({ locals, params, request }) => {
		const actor = requireStaff(locals);
		const projectId = idParam(params.projekt);
		const form = await request.formData();
		const parsed = parseNewChapterForm(form);
		if (!parsed.ok) return fail(400, { chapterErrors: parsed.errors, chapterValues: formValues(form) });
		const id = await handbookId(projectId);
		let chapter: number;
		try {
			chapter = await commands.addWrittenChapter(app().database.db, actor, id, { title: parsed.data.title, body: {} }, new Date());
		} catch (e) {
			return refusal(e);
		}
		redirect(303, localizeHref(`/admin/handbuch/${projectId}/kapitel/${chapter}?angelegt`));
	}
};
