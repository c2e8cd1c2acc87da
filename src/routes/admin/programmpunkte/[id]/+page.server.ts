import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '#lib/paraglide/runtime.js';
import { requireStaff } from '#lib/server/auth/guard.ts';
import * as backoffice from '#lib/server/programme/backoffice.ts';
import * as commands from '#lib/server/programme/commands.ts';
import { parseItemForm, parseSeriesForm } from '#lib/programme/forms.ts';
import { generateSeries } from '#lib/programme/series.ts';
import { flatten } from '../../translatable-values.ts';
import { REGISTRATION_DEFAULT_SORT, REGISTRATION_SORTS, registrationsForStaff, suspiciousBursts } from '#lib/server/registration/queries.ts';
import { parseListQuery } from '#lib/forms/list-query.ts';
import { certificateStates } from '#lib/server/registration/certificates.ts';
import { changesOfItem } from '#lib/server/registration/change-notices.ts';
import { parseRegistrationForm } from '#lib/registration/forms.ts';
import { parseId } from '#lib/forms/parse.ts';
import * as registrations from '#lib/server/registration/commands.ts';
import { app, registrationEnv } from '#lib/server/app.ts';
import { formValues, idParam, refusal } from '../../outcome.ts';
import * as materials from '#lib/server/programme/materials.ts';
import { materialLink } from '#lib/programme/materials.ts';
import { DomainError } from '#lib/server/errors.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireStaff(locals);
	let found;
	try {
		found = await backoffice.getItemForStaff(app().database.db, idParam(params.id), new Date());
	} catch (e) {
		throw refusal(e);
	}
	const { project, item, findings } = found;
	const db = app().database.db;
	// One page of the list (search, filter and sort on the server); certificate states only for its rows.
	const registrations = await registrationsForStaff(db, item.id, {
		status: url.searchParams.get('status'),
		sessionId: parseId(url.searchParams.get('termin'))?.toString() ?? null,
		...parseListQuery(url.searchParams, REGISTRATION_SORTS, REGISTRATION_DEFAULT_SORT)
	});
	const shown = registrations.rows.filter((r) => r.status === 'confirmed').map((r) => r.id);
	return {
		project: { id: project.id, name: project.phaseName || project.title.de || project.slug, slug: project.slug, status: project.status },
		item: {
			id: item.id,
			title: item.title.de ?? '',
			format: item.format,
			perSession: item.perSession,
			series: item.series,
			sessions: item.sessions.map((s) => ({ id: s.id, startsAt: s.startsAt, endsAt: s.endsAt, city: s.city, track: s.track, meetingId: s.meetingId })),
			meetings: item.meetings.map((mt) => ({ id: mt.id, provider: mt.provider, meetingCode: mt.meetingCode, joinUrl: mt.joinUrl, recurring: mt.recurring, status: mt.status }))
		},
		values: {
			number: item.number === null ? '' : String(item.number),
			kind: item.kind,
			format: item.format,
			state: item.state,
			registrationOpen: item.registrationOpen ? 'on' : '',
			capacity: item.capacity === null ? '' : String(item.capacity),
			perSession: item.perSession ? 'on' : '',
			requiresApproval: item.requiresApproval ? 'on' : '',
			...flatten({ title: item.title, description: item.description, stateNote: item.stateNote })
		},
		seriesValues: item.series
			? {
					weekday: String(item.series.weekday),
					from: item.series.from,
					to: item.series.to,
					slots: item.series.slots.map((s) => `${s.start}-${s.end} ${s.track}`.trim()).join('\n'),
					excluded: item.series.excludedDates.join('\n'),
					announced: item.series.announcedDates === null ? '' : String(item.series.announcedDates),
					meetingId: item.meetings[0] ? String(item.meetings[0].id) : ''
				}
			: { weekday: '3', from: '', to: '', slots: '', excluded: '', announced: '', meetingId: item.meetings[0] ? String(item.meetings[0].id) : '' },
		findings,
		dimensions: item.dimensions,
		changes: await changesOfItem(app().database.db, item.id),
		certificates: await certificateStates(db, item.id, app().config.certificateMinShare, new Date(), shown),
		registrations,
		bursts: await suspiciousBursts(app().database.db, item.id),
		materials: (await materials.listMaterials(app().database.db, item.id)).map((mt) => ({
			id: mt.id,
			...materialLink(mt, materials.materialPath(project.slug, item.id, mt), 'de'),
			fileName: mt.fileName
		}))
	};
};

async function registrationAction(
	locals: App.Locals,
	request: Request,
	url: URL,
	params: { id: string },
	run: typeof registrations.approveRegistration
) {
	const actor = requireStaff(locals);
	const id = idParam((await request.formData()).get('registrationId'));
	try {
		await run(registrationEnv(), id, actor);
	} catch (e) {
		return refusal(e);
	}
	redirect(303, localizeHref(`/admin/programmpunkte/${params.id}?gespeichert#anmeldungen`));
}

export const actions: Actions = {
	save: async ({ request, locals, params, url }) => {
		const actor = requireStaff(locals);
		const form = await request.formData();
		const parsed = parseItemForm(form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		try {
			await commands.updateItem(app().database.db, actor, idParam(params.id), parsed.data, new Date());
			// More places (or none needed any more) move people up from the waiting list.
			await registrations.fillFreePlaces(registrationEnv(), idParam(params.id));
		} catch (e) {
			return refusal(e, formValues(form));
		}
		redirect(303, localizeHref(`/admin/programmpunkte/${params.id}?gespeichert`));
	},
	preview: async ({ request, locals }) => {
		requireStaff(locals);
		const form = await request.formData();
		const parsed = parseSeriesForm(form);
		if (!parsed.ok) return fail(400, { seriesErrors: parsed.errors, seriesValues: parsed.values });
		const sessions = generateSeries(parsed.data.rule);
		return { seriesValues: formValues(form), preview: { sessions, announced: parsed.data.rule.announcedDates } };
	},
	generate: async ({ request, locals, params }) => {
		const actor = requireStaff(locals);
		const form = await request.formData();
		const parsed = parseSeriesForm(form);
		if (!parsed.ok) return fail(400, { seriesErrors: parsed.errors, seriesValues: parsed.values });
		let count: number;
		try {
			count = await commands.applySeries(app().database.db, actor, idParam(params.id), parsed.data, new Date());
		} catch (e) {
			const failure = refusal(e, formValues(form));
			return fail(failure.status, { seriesErrors: failure.data.errors, seriesValues: failure.data.values });
		}
		redirect(303, localizeHref(`/admin/programmpunkte/${params.id}?erzeugt=${count}`));
	},
	addRegistration: async ({ locals, request, url, params }) => {
		const actor = requireStaff(locals);
		const form = await request.formData();
		const parsed = parseRegistrationForm(form);
		if (!parsed.ok) return fail(400, { addErrors: parsed.errors, addValues: parsed.values });
		try {
			await registrations.addRegistrationByStaff(registrationEnv(), actor, { itemId: idParam(params.id), ...parsed.data });
		} catch (e) {
			const failure = refusal(e, formValues(form));
			return fail(failure.status, { addErrors: failure.data.errors, addValues: failure.data.values });
		}
		redirect(303, localizeHref(`/admin/programmpunkte/${params.id}?gespeichert#anmeldungen`));
	},
	/** Releases a burst of unconfirmed registrations from one client (docs/locking.md); asks first. */
	releaseBurst: async ({ locals, request, url, params }) => {
		const actor = requireStaff(locals);
		const form = await request.formData();
		const key = String(form.get('clientKey') ?? '');
		const itemId = idParam(params.id);
		if (form.get('confirm') !== 'yes') redirect(303, localizeHref(`/admin/programmpunkte/${itemId}?freigeben=${encodeURIComponent(key)}#haeufungen`));
		try {
			await registrations.releaseBurst(registrationEnv(), actor, itemId, key);
		} catch (e) {
			return refusal(e);
		}
		redirect(303, localizeHref(`/admin/programmpunkte/${itemId}?gespeichert#anmeldungen`));
	},
	approve: ({ locals, request, url, params }) => registrationAction(locals, request, url, params, registrations.approveRegistration),
	promote: ({ locals, request, url, params }) => registrationAction(locals, request, url, params, registrations.promoteRegistration),
	cancelRegistration: ({ locals, request, url, params }) =>
		registrationAction(locals, request, url, params, (env, id, actor) => registrations.cancelRegistration(env, id, actor)),
	/** Uploads a material (multipart, at most 2 MB: the input guard lets `?/material` through with more). */
	material: async ({ locals, params, request }) => {
		const actor = requireStaff(locals);
		const form = await request.formData();
		const file = form.get('file');
		const bytes = file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : null;
		const values = { materialTitleDe: String(form.get('materialTitleDe') ?? ''), materialTitleEn: String(form.get('materialTitleEn') ?? '') };
		if (!bytes) return fail(400, { materialErrors: { file: { key: 'err_required' } }, materialValues: values });
		try {
			await materials.addMaterial(app().database.db, actor, idParam(params.id), { title: { de: values.materialTitleDe, en: values.materialTitleEn }, fileName: (file as File).name, bytes }, new Date());
		} catch (e) {
			if (e instanceof DomainError && e.code.startsWith('material_')) return fail(400, { materialErrors: { [e.field === 'title' ? 'materialTitleDe' : 'file']: { key: `err_${e.code}` } }, materialValues: values });
			return refusal(e);
		}
		redirect(303, localizeHref(`/admin/programmpunkte/${params.id}?material=hochgeladen#materialien`));
	},
	/** Removes a material after the confirm step (`?materialEntfernen=<id>#materialien`). */
	materialEntfernen: async ({ locals, params, request }) => {
		const actor = requireStaff(locals);
		const form = await request.formData();
		const material = idParam(form.get('material'));
		if (form.get('confirm') !== 'yes') redirect(303, localizeHref(`/admin/programmpunkte/${params.id}?materialEntfernen=${material}#materialien`));
		try {
			await materials.removeMaterial(app().database.db, actor, idParam(params.id), material, new Date());
		} catch (e) {
			return refusal(e);
		}
		redirect(303, localizeHref(`/admin/programmpunkte/${params.id}?material=entfernt#materialien`));
	},
	delete: async ({ locals, params }) => {
		const actor = requireStaff(locals);
		let projectId: number;
		try {
			projectId = (await commands.deleteItem(app().database.db, actor, idParam(params.id), new Date())).projectId;
		} catch (e) {
			return refusal(e);
		}
		redirect(303, localizeHref(`/admin/projekte/${projectId}?geloescht`));
	}
};
