import type { RequestEvent } from '@sveltejs/kit';
import { app } from '#lib/server/app.ts';
import { requireStaff } from '#lib/server/auth/guard.ts';
import { projectFigures } from '#lib/server/reports/figures.ts';
import { figuresCsv, figuresXlsx } from '#lib/server/reports/figure-tables.ts';
import { projectParticipantLists } from '#lib/server/reports/participants.ts';
import { projectParticipantCsv, projectParticipantXlsx } from '#lib/server/reports/participant-list.ts';
import { CONTENT_TYPE } from '#lib/server/reports/spreadsheet.ts';
import { periodFromQuery } from '#lib/reports/forms.ts';
import { idParam, refusal } from '../outcome.ts';

export type Format = 'xlsx' | 'csv';

/**
 * The report's direct downloads, for the period of the page (?von=&bis=; a bad one means the whole
 * runtime, as on the page): staff only, never stored (`no-store`: the participant lists hold names
 * and addresses). `make` reads through one service and writes the file.
 */
async function download(event: RequestEvent, prefix: string, format: Format, make: (projectId: number, period: ReturnType<typeof periodFromQuery>['period']) => Promise<{ slug: string; body: string | Buffer }>) {
	requireStaff(event.locals);
	const { period } = periodFromQuery(event.url.searchParams);
	let file;
	try {
		file = await make(idParam(event.params.projekt), period);
	} catch (e) {
		throw refusal(e);
	}
	const name = `${prefix}-${file.slug}${period ? `-${period.from}-${period.to}` : ''}.${format}`;
	return new Response(typeof file.body === 'string' ? file.body : new Uint8Array(file.body), {
		headers: { 'Content-Type': CONTENT_TYPE[format], 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'no-store' }
	});
}

/** The figures: a sheet per table (XLSX) or the tables one after another (CSV), in the reader's language. */
export const figuresFile = (event: RequestEvent, format: Format) =>
	download(event, 'zahlen', format, async (projectId, period) => {
		const figures = await projectFigures(app().database.db, projectId, period, new Date());
		return { slug: figures.project.slug, body: format === 'xlsx' ? await figuresXlsx(figures, event.locals.locale) : figuresCsv(figures, event.locals.locale) };
	});

/** Every item's participant list of the period in one file. */
export const participantsFile = (event: RequestEvent, format: Format) =>
	download(event, 'teilnehmende', format, async (projectId, period) => {
		const { slug, lists } = await projectParticipantLists(app().database.db, projectId, period);
		return { slug, body: format === 'xlsx' ? await projectParticipantXlsx(lists) : projectParticipantCsv(lists) };
	});
