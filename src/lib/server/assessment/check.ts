/**
 * Answering the check: one response per respondent and round, saved after every module (area),
 * resumable; the open round is created on first use. Targets per dimension, set by the
 * organisation admin.
 */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { assessmentResponse, assessmentRound, assessmentTarget } from '../db/schema/assessment.ts';
import { recordAudit, type Actor } from '../audit/record.ts';
import type { Answer } from '../../assessment/scoring.ts';
import { currentInstrument } from './instrument.ts';

export async function openRound(db: Db | Tx, organisationId: number, now: Date): Promise<typeof assessmentRound.$inferSelect> {
	const [open] = await db
		.select()
		.from(assessmentRound)
		.where(and(eq(assessmentRound.organisationId, organisationId), isNull(assessmentRound.closedAt)))
		.orderBy(desc(assessmentRound.number))
		.limit(1);
	if (open) return open;
	const instrument = await currentInstrument(db);
	const [last] = await db.select().from(assessmentRound).where(eq(assessmentRound.organisationId, organisationId)).orderBy(desc(assessmentRound.number)).limit(1);
	await db
		.insert(assessmentRound)
		.values({ organisationId, instrumentId: instrument.id, number: (last?.number ?? 0) + 1, openedAt: now })
		.onConflictDoNothing();
	return openRound(db, organisationId, now);
}

/** The respondent's answers in the open round and which modules are complete. */
export async function myProgress(db: Db, organisationId: number, respondentId: string, now: Date) {
	const round = await openRound(db, organisationId, now);
	const instrument = await currentInstrument(db);
	const [response] = await db
		.select()
		.from(assessmentResponse)
		.where(and(eq(assessmentResponse.roundId, round.id), eq(assessmentResponse.respondentId, respondentId)));
	const answers = response?.answers ?? {};
	const done = instrument.content.dimensions.filter((d) => d.statements.every((s) => s.key in answers)).map((d) => d.key);
	return { round, instrument: instrument.content, answers, done };
}

/**
 * Stores answers (one, or a whole module) merged into the respondent's response in ONE statement,
 * so answers saved at the same moment (autosave clicks, the module button) never overwrite each
 * other. The response is complete, and stamped so, once every statement has an answer or a skip.
 */
export async function saveModule(db: Db, organisationId: number, respondentId: string, answers: Record<string, Answer>, now: Date) {
	const round = await openRound(db, organisationId, now);
	const { content } = await currentInstrument(db);
	const keys = content.dimensions.flatMap((d) => d.statements.map((s) => s.key));
	const given = Object.fromEntries(Object.entries(answers).filter(([k]) => keys.includes(k)));
	const merged = sql`${assessmentResponse.answers} || excluded.answers`;
	const allKeys = sql`array[${sql.join(keys.map((k) => sql`${k}`), sql`, `)}]::text[]`;
	const [row] = await db
		.insert(assessmentResponse)
		.values({ roundId: round.id, respondentId, answers: given, updatedAt: now, completedAt: keys.every((k) => k in given) ? now : null })
		.onConflictDoUpdate({
			target: [assessmentResponse.roundId, assessmentResponse.respondentId],
			set: { answers: merged, updatedAt: now, completedAt: sql`case when (${merged}) ?& ${allKeys} then ${now.toISOString()}::timestamptz else null end` }
		})
		.returning({ completedAt: assessmentResponse.completedAt });
	return { complete: row.completedAt !== null };
}

export async function setTargets(db: Db, actor: Actor, organisationId: number, targets: Record<string, number>, now: Date) {
	const instrument = await currentInstrument(db);
	await db.transaction(async (tx) => {
		for (const d of instrument.content.dimensions) {
			const level = targets[d.key];
			if (!level || level < 1 || level > 4) continue;
			await tx
				.insert(assessmentTarget)
				.values({ organisationId, dimensionKey: d.key, level, updatedAt: now })
				.onConflictDoUpdate({ target: [assessmentTarget.organisationId, assessmentTarget.dimensionKey], set: { level, updatedAt: now } });
		}
		await recordAudit(tx, actor, 'assessment.targets_set', { type: 'organisation', id: organisationId }, now, { targets });
	});
}

/**
 * The team starts the re-assessment: the open round is closed and the next one opens. The
 * organisation's rounds are locked for it, so a double submit opens one round, not two.
 */
export async function startNextRound(db: Db, actor: Actor, organisationId: number, now: Date) {
	return db.transaction(async (tx) => {
		await tx.execute(sql`select ${assessmentRound.id} from ${assessmentRound} where ${assessmentRound.organisationId} = ${organisationId} for update`);
		const open = await openRound(tx, organisationId, now);
		// A round nobody has answered yet is already the next one: starting again changes nothing.
		const [answered] = await tx.select({ id: assessmentResponse.id }).from(assessmentResponse).where(eq(assessmentResponse.roundId, open.id)).limit(1);
		if (!answered) return open;
		await tx.update(assessmentRound).set({ closedAt: now }).where(eq(assessmentRound.id, open.id));
		const round = await openRound(tx, organisationId, now);
		await recordAudit(tx, actor, 'assessment.round_started', { type: 'organisation', id: organisationId }, now, { number: round.number });
		return round;
	});
}
