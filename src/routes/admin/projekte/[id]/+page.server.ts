import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import * as backoffice from '#lib/server/programme/backoffice.ts';
import * as commands from '#lib/server/programme/commands.ts';
import { parseProjectForm } from '#lib/programme/forms.ts';
import { flatten } from '../../translatable-values.ts';
import { formValues, idParam, refusal } from '../../outcome.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	requireStaff(locals);
	let found;
	try {
		found = await backoffice.getProjectForStaff(app().database.db, idParam(params.id), new Date());
	} catch (e) {
		throw refusal(e);
	}
	const { tree, findings } = found;
	return {
		project: { id: tree.id, slug: tree.slug, status: tree.status, phaseName: tree.phaseName, titleDe: tree.title.de ?? '' },
		values: {
			slug: tree.slug,
			phaseName: tree.phaseName,
			fundingProgramme: tree.fundingProgramme,
			funder: tree.funder,
			runtimeStart: tree.runtimeStart ?? '',
			runtimeEnd: tree.runtimeEnd ?? '',
			...flatten({ title: tree.title, description: tree.description })
		},
		items: tree.items.map((i) => ({ id: i.id, number: i.number, title: i.title.de ?? '', state: i.state, format: i.format, sessions: i.sessions.length })),
		findings
	};
};

async function changeStatus(locals: App.Locals, id: string, status: 'draft' | 'published' | 'archived') {
	const actor = requireStaff(locals);
	try {
		await commands.setProjectStatus(app().database.db, actor, idParam(id), status, new Date());
	} catch (e) {
		return refusal(e);
	}
	redirect(303, localizeHref(`/admin/projekte/${id}?${status === 'published' ? 'veroeffentlicht' : 'gespeichert'}`));
}

export const actions: Actions = {
	save: async ({ request, locals, params }) => {
		const actor = requireStaff(locals);
		const form = await request.formData();
		const parsed = parseProjectForm(form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		try {
			await commands.updateProject(app().database.db, actor, idParam(params.id), parsed.data, new Date());
		} catch (e) {
			return refusal(e, formValues(form));
		}
		redirect(303, localizeHref(`/admin/projekte/${params.id}?gespeichert`));
	},
	publish: ({ locals, params }) => changeStatus(locals, params.id, 'published'),
	unpublish: ({ locals, params }) => changeStatus(locals, params.id, 'draft'),
	archive: ({ locals, params }) => changeStatus(locals, params.id, 'archived'),
	delete: async ({ locals, params }) => {
		const actor = requireStaff(locals);
		try {
			await commands.deleteProject(app().database.db, actor, idParam(params.id), new Date());
		} catch (e) {
			return refusal(e);
		}
		redirect(303, localizeHref('/admin?geloescht'));
	}
};
