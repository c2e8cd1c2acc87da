/**
 * The funder report's documents as export jobs (jobs/exports.ts): the PDF report and the DOCX draft
 * of the Sachbericht. Both always run in the background, whatever the period (one behaviour: the
 * route redirects to the job's status page, which offers the file when it is done); a second request
 * for the same project, period and document while one runs gets the running one. Trusted layer:
 * the routes check that the actor is staff.
 */
import { eq } from 'drizzle-orm';
import * as m from '../../paraglide/messages.js';
import type { Db } from '../db/client.ts';
import { project } from '../db/schema/programme.ts';
import type { Actor } from '../audit/record.ts';
import { DomainError } from '../errors.ts';
import { registerExportKind, requestExport } from '../jobs/exports.ts';
import { documentBranding } from '../settings/branding.ts';
import { loadProjectTree } from '../programme/tree.ts';
import { periodQuery } from '../../reports/forms.ts';
import { projectFigures, type Period } from './figures.ts';
import { funderReportPdf } from './funder-report-pdf.ts';
import { sachberichtDocx } from './sachbericht-docx.ts';

export const REPORT_KINDS = { pdf: 'funder-report-pdf', docx: 'sachbericht-docx' } as const;
export type ReportFormat = keyof typeof REPORT_KINDS;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The job key: project id and period ("7" for the whole runtime, "7/2027-01-01/2027-12-31"). */
export function reportKey(projectId: number, period: Period): string {
	return period ? `${projectId}/${period.from}/${period.to}` : String(projectId);
}

export function parseReportKey(key: string): { projectId: number; period: Period } {
	const [id, from, to] = key.split('/');
	const projectId = Number(id);
	if (!Number.isSafeInteger(projectId) || projectId < 1) throw new DomainError('not_found');
	if (from === undefined) return { projectId, period: null };
	if (!DAY.test(from) || !DAY.test(to ?? '')) throw new DomainError('not_found');
	return { projectId, period: { from, to } };
}

/** Queues the report's PDF or DOCX for a project and period (or joins the one running); not_found for an unknown project. */
export async function requestFunderReport(db: Db, o: { projectId: number; period: Period; format: ReportFormat; actor: Actor; now: Date }): Promise<{ id: number }> {
	const [p] = await db.select({ id: project.id }).from(project).where(eq(project.id, o.projectId));
	if (!p) throw new DomainError('not_found');
	return requestExport(db, { kind: REPORT_KINDS[o.format], key: reportKey(o.projectId, o.period), actor: o.actor, now: o.now });
}

const de = { locale: 'de' as const };
const back = (key: string) => {
	const { projectId, period } = parseReportKey(key);
	return `/admin/bericht/${projectId}${periodQuery(period)}`;
};
const fileName = (slug: string, period: Period, extension: string, prefix: string) => `${prefix}-${slug}${period ? `-${period.from}-${period.to}` : ''}.${extension}`;

registerExportKind(
	REPORT_KINDS.pdf,
	async ({ db, key, report, now }) => {
		const { projectId, period } = parseReportKey(key);
		await report(5, m.report_step_figures({}, de));
		const figures = await projectFigures(db, projectId, period, now);
		await report(30, m.report_step_layout({}, de));
		const { branding, accent } = await documentBranding(db);
		const pdf = await funderReportPdf(figures, { branding, accent, progress: (share) => report(30 + share * 70) });
		return { bytes: pdf, contentType: 'application/pdf', fileName: fileName(figures.project.slug, period, 'pdf', 'foerderbericht') };
	},
	{ back }
);

registerExportKind(
	REPORT_KINDS.docx,
	async ({ db, key, report, now }) => {
		const { projectId, period } = parseReportKey(key);
		await report(5, m.report_step_figures({}, de));
		const figures = await projectFigures(db, projectId, period, now);
		await report(40, m.report_step_programme({}, de));
		const tree = await loadProjectTree(db, projectId);
		if (!tree) throw new DomainError('not_found');
		await report(60, m.report_step_layout({}, de));
		const docx = await sachberichtDocx({ figures, tree });
		return {
			bytes: docx,
			contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
			fileName: fileName(figures.project.slug, period, 'docx', 'sachbericht')
		};
	},
	{ back }
);
