/**
 * The development plan: goals per dimension, measures with owner, due date and status, and the
 * consultant's comments. Every write is scoped by the organisation id the caller is allowed
 * (the member's own, or any for staff), checked here again for measures.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { planComment, planGoal, planMeasure } from '../db/schema/assessment.ts';
import { recordAudit, type Actor } from '../audit/record.ts';
import { DomainError } from '../errors.ts';
import { createDocument, INK, TYPE, type DocumentBranding } from '../reports/document.ts';
import { drawRadar } from '../reports/pdf-radar.ts';
import { localise } from '../../content/translatable.ts';
import type { Locale } from '../../i18n/locales.ts';
import { formatDate, formatNumber } from '../../programme/dates.ts';
import type { organisationResults } from './results.ts';

export const MEASURE_STATUSES = ['open', 'in_progress', 'done'] as const;
export type MeasureStatus = (typeof MEASURE_STATUSES)[number];

export async function getPlan(db: Db, organisationId: number) {
	const goals = await db.select().from(planGoal).where(eq(planGoal.organisationId, organisationId)).orderBy(asc(planGoal.id));
	const measures = goals.length ? await db.select().from(planMeasure).where(inArray(planMeasure.goalId, goals.map((g) => g.id))).orderBy(asc(planMeasure.id)) : [];
	const comments = await db.select().from(planComment).where(eq(planComment.organisationId, organisationId)).orderBy(asc(planComment.id));
	return { goals: goals.map((g) => ({ ...g, measures: measures.filter((m) => m.goalId === g.id) })), comments };
}

export async function addGoal(db: Db, actor: Actor, organisationId: number, input: { dimensionKey: string; text: string }, now: Date) {
	const [row] = await db.insert(planGoal).values({ organisationId, dimensionKey: input.dimensionKey, text: input.text.trim(), createdAt: now }).returning();
	await recordAudit(db, actor, 'plan.goal_added', { type: 'organisation', id: organisationId }, now, { goalId: row.id });
	return row;
}

async function goalOf(db: Db, organisationId: number, goalId: number) {
	const [goal] = await db.select().from(planGoal).where(and(eq(planGoal.id, goalId), eq(planGoal.organisationId, organisationId)));
	if (!goal) throw new DomainError('not_found');
	return goal;
}

export async function addMeasure(db: Db, actor: Actor, organisationId: number, goalId: number, input: { text: string; owner: string; dueDate: string | null }, now: Date) {
	await goalOf(db, organisationId, goalId);
	const [row] = await db.insert(planMeasure).values({ goalId, text: input.text.trim(), owner: input.owner.trim(), dueDate: input.dueDate, updatedAt: now }).returning();
	await recordAudit(db, actor, 'plan.measure_added', { type: 'organisation', id: organisationId }, now, { measureId: row.id });
	return row;
}

export async function setMeasureStatus(db: Db, actor: Actor, organisationId: number, measureId: number, status: MeasureStatus, now: Date) {
	const [measure] = await db.select().from(planMeasure).where(eq(planMeasure.id, measureId));
	if (!measure) throw new DomainError('not_found');
	await goalOf(db, organisationId, measure.goalId);
	await db.update(planMeasure).set({ status, updatedAt: now }).where(eq(planMeasure.id, measureId));
	await recordAudit(db, actor, 'plan.measure_status', { type: 'organisation', id: organisationId }, now, { measureId, status });
}

export async function addComment(db: Db, actor: Actor & { name: string }, organisationId: number, text: string, now: Date) {
	await db.insert(planComment).values({ organisationId, authorName: actor.name, text: text.trim(), createdAt: now });
	await recordAudit(db, actor, 'plan.commented', { type: 'organisation', id: organisationId }, now);
}

/** Plan and results on A4 in the document style (reports/document.ts), for printing and for the organisation's files. */
export function planPdf(
	view: Awaited<ReturnType<typeof organisationResults>>,
	plan: Awaited<ReturnType<typeof getPlan>>,
	labels: { title: string; results: string; plan: string; comments: string; asOf: string; legend: string; statuses: Record<MeasureStatus, string> },
	locale: Locale,
	provider: { branding: DocumentBranding | null; accent?: string } = { branding: null }
): Promise<Buffer> {
	const d = createDocument({ locale, title: labels.title, subtitle: `${view.organisation.name} · ${labels.asOf}`, branding: provider.branding, accent: provider.accent });
	const { doc, fonts, direction, box } = d;
	const title = (key: string) => localise(view.instrument.dimensions.find((dim) => dim.key === key)?.title, locale).text;
	d.titleBlock();
	const latest = view.latest;
	if (latest) {
		d.heading(labels.results);
		// The chart at the end side, the numbered areas beside it (the numbers match the chart's axes).
		const chart = 200;
		d.ensureSpace(chart + 10);
		const top = doc.y;
		const rtl = direction === 'rtl';
		const chartX = rtl ? box.left : box.right - chart;
		drawRadar(doc, {
			x: chartX,
			y: top,
			size: chart,
			axes: latest.results.length,
			series: [
				{ name: labels.results, values: latest.results.map((r) => r.score), color: '#0b5cad' },
				{ name: 'target', values: view.instrument.dimensions.map((dim) => view.targets[dim.key] ?? null), color: '#7a4b00', dashed: true }
			],
			rtl,
			font: fonts.bold
		});
		const textX = rtl ? box.left + chart + 12 : box.left;
		const textWidth = box.width - chart - 12;
		doc.y = top;
		latest.results.forEach((r, i) => {
			const target = view.targets[r.key];
			d.paragraph(`${formatNumber(i + 1, locale)}. ${title(r.key)}: ${r.score === null ? '–' : formatNumber(r.score, locale)}${target ? ` → ${formatNumber(target, locale)}` : ''}`, { x: textX, width: textWidth });
		});
		d.paragraph(labels.legend, { x: textX, width: textWidth, size: TYPE.small, color: INK.muted });
		doc.y = Math.max(doc.y, top + chart) + 10;
	}
	d.heading(labels.plan);
	const comma = locale === 'ar' ? '،' : ',';
	for (const g of plan.goals) {
		doc.moveDown(0.4);
		d.paragraph(`${title(g.dimensionKey)}: ${g.text}`, { font: 'bold' });
		for (const mm of g.measures) {
			d.paragraph(`• ${mm.text}${mm.owner ? ` (${mm.owner})` : ''}${mm.dueDate ? `${comma} ${formatDate(mm.dueDate, locale)}` : ''} – ${labels.statuses[mm.status as MeasureStatus] ?? mm.status}`, { indent: 12 });
		}
	}
	if (plan.comments.length) {
		d.heading(labels.comments);
		for (const c of plan.comments) d.paragraph(`${c.authorName}: ${c.text}`);
	}
	return d.finish();
}
