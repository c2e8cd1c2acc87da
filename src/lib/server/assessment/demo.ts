/**
 * Demo for the readiness check: five fictional associations (marked "(fiktiv)" in their names),
 * each with two rounds of two or three respondents, so that charts, progress and the cohort view
 * show something on first start. They form the cohort of Digit-Ready II. Answers are derived deterministically from a seed per association.
 */
import { count, eq, like } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { assessmentResponse, assessmentRound, assessmentTarget } from '../db/schema/assessment.ts';
import { cohortMember, organisation } from '../db/schema/organisations.ts';
import { project } from '../db/schema/programme.ts';
import type { Answer } from '../../assessment/scoring.ts';
import { currentInstrument } from './instrument.ts';

export const DEMO_ORGANISATIONS = [
	{ name: 'Deutsch-Türkischer Elternverein Köln (fiktiv)', legalForm: 'e.V.', city: 'Köln', federalState: 'Nordrhein-Westfalen', yearFounded: 1998, memberCount: 64, languages: ['de', 'tr'], fieldsOfActivity: ['Bildung', 'Elternarbeit'], seed: 1 },
	{ name: 'Ukrainische Nachbarschaftshilfe Berlin (fiktiv)', legalForm: 'Initiative ohne Rechtsform', city: 'Berlin', federalState: 'Berlin', yearFounded: 2022, memberCount: 23, languages: ['uk', 'ru', 'de'], fieldsOfActivity: ['Beratung', 'Ankommen'], seed: 2 },
	{ name: 'Syrisch-Deutscher Kulturverein Stuttgart (fiktiv)', legalForm: 'e.V.', city: 'Stuttgart', federalState: 'Baden-Württemberg', yearFounded: 2016, memberCount: 41, languages: ['ar', 'de'], fieldsOfActivity: ['Kultur', 'Jugend'], seed: 3 },
	{ name: 'Afrikanisches Frauennetzwerk Frankfurt (fiktiv)', legalForm: 'e.V.', city: 'Frankfurt am Main', federalState: 'Hessen', yearFounded: 2009, memberCount: 35, languages: ['de', 'en', 'fr'], fieldsOfActivity: ['Empowerment', 'Gesundheit'], seed: 4 },
	{ name: 'Polnisch-Deutsche Jugend München (fiktiv)', legalForm: 'gGmbH', city: 'München', federalState: 'Bayern', yearFounded: 2012, memberCount: 58, languages: ['pl', 'de'], fieldsOfActivity: ['Jugend', 'Sport'], seed: 5 }
];

/** The demo project whose cohort the five associations form. */
export const DEMO_COHORT_PROJECT = 'digit-ready-ii';

/** A small deterministic generator, so the demo looks the same on every machine. */
function random(seed: number) {
	let s = seed * 9301 + 49297;
	return () => ((s = (s * 9301 + 49297) % 233280) / 233280);
}

/** Loads the demo once, when no organisation has rounds yet. Returns true when it loaded. */
export async function loadAssessmentDemo(db: Db, now: Date): Promise<boolean> {
	const [{ n }] = await db.select({ n: count() }).from(assessmentRound);
	const [{ existing }] = await db.select({ existing: count() }).from(organisation).where(like(organisation.name, '%(fiktiv)'));
	if (n > 0 || existing > 0) return false;
	const instrument = await currentInstrument(db);
	// The pilot group belongs to Digit-Ready II's cohort (when the demo programme is there).
	const [pilot] = await db.select({ id: project.id }).from(project).where(eq(project.slug, DEMO_COHORT_PROJECT));
	await db.transaction(async (tx) => {
		for (const demo of DEMO_ORGANISATIONS) {
			const { seed, ...profile } = demo;
			const [org] = await tx.insert(organisation).values({ ...profile, confirmed: true, createdAt: now }).returning();
			if (pilot) await tx.insert(cohortMember).values({ projectId: pilot.id, organisationId: org.id, addedAt: now });
			const rnd = random(seed);
			// Each association starts somewhere between "not started" and "well on the way" per dimension…
			const base = Object.fromEntries(instrument.content.dimensions.map((d) => [d.key, 1 + Math.floor(rnd() * 2.6)]));
			for (const number of [1, 2]) {
				const opened = new Date(now.getTime() - (number === 1 ? 240 : 60) * 86_400_000);
				const [round] = await tx.insert(assessmentRound).values({ organisationId: org.id, instrumentId: instrument.id, number, openedAt: opened, closedAt: number === 1 ? new Date(opened.getTime() + 14 * 86_400_000) : null }).returning();
				const respondents = 2 + (seed % 2);
				for (let p = 0; p < respondents; p++) {
					const answers: Record<string, Answer> = {};
					for (const d of instrument.content.dimensions) {
						// …and improves by the second round; respondents differ a little, and skip now and then.
						// The chair (first respondent) sees the association's structure more rosily than the others.
						const level = base[d.key] + (number === 2 ? 1 : 0) + (p === 0 && d.key === 'structure' ? 2 : 0);
						for (const s of d.statements) {
							const r = rnd();
							answers[s.key] = r < 0.08 ? null : (Math.max(1, Math.min(4, level + (r < 0.3 ? -1 : r > 0.85 ? 1 : 0))) as Answer);
						}
					}
					await tx.insert(assessmentResponse).values({ roundId: round.id, respondentId: `demo-${seed}-${p + 1}`, answers, updatedAt: opened, completedAt: opened });
				}
			}
			for (const d of instrument.content.dimensions) {
				await tx.insert(assessmentTarget).values({ organisationId: org.id, dimensionKey: d.key, level: Math.min(4, base[d.key] + 2), updatedAt: now });
			}
		}
	});
	return true;
}

export async function organisationIdByName(db: Db, name: string): Promise<number | null> {
	const [row] = await db.select({ id: organisation.id }).from(organisation).where(eq(organisation.name, name));
	return row?.id ?? null;
}
