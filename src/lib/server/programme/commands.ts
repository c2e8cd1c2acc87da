/**
 * Backoffice use cases for the programme. Each runs in one transaction, writes its audit entry in
 * that transaction, and raises the item's SEQUENCE when sessions or the item change (calendars
 * then replace their copy). Callers are authenticated staff; `actor` says who.
 * Throws DomainError for rule violations (unknown id, taken slug, publish blocked by errors).
 */
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { onlineMeeting, programmeChange, programmeItem, project, session } from '../db/schema/programme.ts';
import { ACTIVE, registration } from '../db/schema/registration.ts';
import { recordAudit, type Actor } from '../audit/record.ts';
import { emitEvent } from '../webhooks/events.ts';
import { checkProject, hasErrors, type Finding } from '../../programme/publish-check.ts';
import { atLocalTime, generateSeries, type SeriesRule } from '../../programme/series.ts';
import type { ItemInput, MeetingInput, ProjectInput, SessionInput } from '../../programme/forms.ts';
import { DomainError } from '../errors.ts';
import { loadProjectTree } from './tree.ts';
import { labelledCheck, type LabelledFinding } from './backoffice.ts';
import { lockFindings, storeFindings } from './stored-check.ts';

/** A change to a published project refused because it would add errors of the publish check. */
export class ChangeBlocked extends DomainError {
	constructor(readonly findings: LabelledFinding[]) {
		super('change_blocked', 'form', { count: findings.length });
	}
}

// With its values: moving an already wrong date to another wrong date is a new error, not the old one.
const findingKey = (f: Finding) => `${f.code}:${f.target.kind}:${f.target.id}:${f.target.field}:${JSON.stringify(f.params)}`;

/**
 * Runs a change of a project's programme inside its transaction and stores the project's publish-check
 * findings as they are after it (stored-check.ts; the dashboard reads those). When the project is
 * published, refuses the change (the transaction rolls back) if it adds an error the publish check
 * would have refused before publishing: a published page never shows a mistake the check knows.
 * Errors that were already there (the demo's own, transcribed faithfully) do not block unrelated changes.
 */
async function keepPublishable<T>(tx: Tx, projectId: number, now: Date, change: () => Promise<T>): Promise<T> {
	const [p] = await tx.select({ status: project.status }).from(project).where(eq(project.id, projectId));
	if (!p) return change();
	await lockFindings(tx, projectId);
	const before = p.status === 'published' ? await loadProjectTree(tx, projectId) : null;
	const known = new Set(before ? checkProject(before, now).filter((f) => f.severity === 'error').map(findingKey) : []);
	const result = await change();
	const after = await loadProjectTree(tx, projectId);
	if (!after) return result;
	const findings = labelledCheck(after, now);
	if (p.status === 'published') {
		const added = findings.filter((f) => f.severity === 'error' && !known.has(findingKey(f)));
		if (added.length) throw new ChangeBlocked(added);
	}
	await storeFindings(tx, after, now, findings);
	return result;
}

const snapshot = (s: typeof session.$inferSelect) => ({ startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString(), city: s.city, address: s.address });

async function projectOfItem(tx: Tx, itemId: number): Promise<number> {
	return (await itemOrThrow(tx, itemId)).projectId;
}

async function projectOfSession(tx: Tx, sessionId: number): Promise<number> {
	const [row] = await tx.select({ itemId: session.itemId }).from(session).where(eq(session.id, sessionId));
	if (!row) throw new DomainError('not_found');
	return projectOfItem(tx, row.itemId);
}

async function projectOfMeeting(tx: Tx, meetingId: number): Promise<number> {
	const [row] = await tx.select({ itemId: onlineMeeting.itemId }).from(onlineMeeting).where(eq(onlineMeeting.id, meetingId));
	if (!row) throw new DomainError('not_found');
	return projectOfItem(tx, row.itemId);
}

async function bumpItem(tx: Tx, itemId: number, now: Date) {
	await tx
		.update(programmeItem)
		.set({ sequence: sql`${programmeItem.sequence} + 1`, updatedAt: now })
		.where(eq(programmeItem.id, itemId));
}

async function itemOrThrow(tx: Db | Tx, itemId: number) {
	const [row] = await tx.select().from(programmeItem).where(eq(programmeItem.id, itemId));
	if (!row) throw new DomainError('not_found');
	return row;
}

async function slugFree(tx: Tx, slug: string, exceptId?: number) {
	const [row] = await tx.select({ id: project.id }).from(project).where(eq(project.slug, slug));
	if (row && row.id !== exceptId) throw new DomainError('slug_taken', 'slug');
}

export async function createProject(db: Db, actor: Actor, input: ProjectInput, now: Date) {
	return db.transaction(async (tx) => {
		await slugFree(tx, input.slug);
		const [row] = await tx.insert(project).values({ ...input, status: 'draft', createdAt: now, updatedAt: now }).returning();
		await storeFindings(tx, { ...row, items: [] }, now);
		await recordAudit(tx, actor, 'project.created', { type: 'project', id: row.id }, now, { slug: row.slug });
		return row;
	});
}

export async function updateProject(db: Db, actor: Actor, id: number, input: ProjectInput, now: Date) {
	return db.transaction(async (tx) =>
		keepPublishable(tx, id, now, async () => {
			await slugFree(tx, input.slug, id);
			const [row] = await tx.update(project).set({ ...input, updatedAt: now }).where(eq(project.id, id)).returning();
			if (!row) throw new DomainError('not_found');
			// Title or description changes show in every event of the project's calendar.
			await tx.update(programmeItem).set({ sequence: sql`${programmeItem.sequence} + 1` }).where(eq(programmeItem.projectId, id));
			await recordAudit(tx, actor, 'project.updated', { type: 'project', id }, now, { fields: Object.keys(input) });
			return row;
		})
	);
}

export async function deleteProject(db: Db, actor: Actor, id: number, now: Date) {
	await db.transaction(async (tx) => {
		const [row] = await tx.delete(project).where(eq(project.id, id)).returning();
		if (!row) throw new DomainError('not_found');
		await recordAudit(tx, actor, 'project.deleted', { type: 'project', id }, now, { slug: row.slug });
	});
}

/**
 * Sets the status. Publishing runs the publish check first and refuses while it has errors;
 * the findings come back with the refusal.
 */
export async function setProjectStatus(
	db: Db,
	actor: Actor,
	id: number,
	status: 'draft' | 'published' | 'archived',
	now: Date
): Promise<{ findings: Finding[] }> {
	return db.transaction(async (tx) => {
		const [exists] = await tx.select({ id: project.id }).from(project).where(eq(project.id, id));
		if (!exists) throw new DomainError('not_found');
		// Checked fresh (not the stored findings), with the project's lock taken first like every programme write.
		await lockFindings(tx, id);
		const tree = await loadProjectTree(tx, id);
		if (!tree) throw new DomainError('not_found');
		const findings = checkProject(tree, now);
		if (status === 'published' && hasErrors(findings)) {
			throw new DomainError('publish_blocked', undefined, { count: findings.filter((f) => f.severity === 'error').length });
		}
		await tx.update(project).set({ status, updatedAt: now }).where(eq(project.id, id));
		await storeFindings(tx, { ...tree, status }, now);
		await recordAudit(tx, actor, `project.${status}`, { type: 'project', id }, now, { from: tree.status });
		if (status === 'published' && tree.status !== 'published') await emitEvent(tx, 'project.published', { project_id: id, project_slug: tree.slug }, now);
		return { findings };
	});
}

export async function createItem(db: Db, actor: Actor, projectId: number, input: ItemInput, now: Date) {
	return db.transaction(async (tx) =>
		keepPublishable(tx, projectId, now, async () => {
			const [p] = await tx.select({ id: project.id }).from(project).where(eq(project.id, projectId));
			if (!p) throw new DomainError('not_found');
			const [{ next }] = await tx
				.select({ next: sql<number>`coalesce(max(${programmeItem.position}), 0) + 1` })
				.from(programmeItem)
				.where(eq(programmeItem.projectId, projectId));
			const [row] = await tx
				.insert(programmeItem)
				.values({ ...input, projectId, position: Number(next), createdAt: now, updatedAt: now })
				.returning();
			await recordAudit(tx, actor, 'item.created', { type: 'item', id: row.id }, now, { projectId });
			return row;
		})
	);
}

export async function updateItem(db: Db, actor: Actor, id: number, input: ItemInput, now: Date) {
	return db.transaction(async (tx) =>
		keepPublishable(tx, await projectOfItem(tx, id), now, async () => {
			const before = await itemOrThrow(tx, id);
			const [row] = await tx
				.update(programmeItem)
				.set({ ...input, updatedAt: now, sequence: sql`${programmeItem.sequence} + 1` })
				.where(eq(programmeItem.id, id))
				.returning();
			if (!row) throw new DomainError('not_found');
			if (row.state === 'cancelled' && before.state !== 'cancelled') {
				await tx.insert(programmeChange).values({ itemId: id, sessionId: null, kind: 'item_cancelled', before: null, createdAt: now });
				// Receivers keep sessions, not items: each session of a cancelled item is a cancelled session to them.
				for (const s of await tx.select({ id: session.id }).from(session).where(eq(session.itemId, id))) await emitEvent(tx, 'session.cancelled', { session_id: s.id, item_id: id }, now);
			}
			await recordAudit(tx, actor, 'item.updated', { type: 'item', id }, now, { fields: Object.keys(input) });
			return row;
		})
	);
}

export async function deleteItem(db: Db, actor: Actor, id: number, now: Date) {
	return db.transaction(async (tx) =>
		keepPublishable(tx, await projectOfItem(tx, id), now, async () => {
			const [row] = await tx.delete(programmeItem).where(eq(programmeItem.id, id)).returning();
			if (!row) throw new DomainError('not_found');
			await recordAudit(tx, actor, 'item.deleted', { type: 'item', id }, now, { projectId: row.projectId });
			return row;
		})
	);
}

async function meetingBelongs(tx: Tx, itemId: number, meetingId: number | null) {
	if (meetingId === null) return;
	const [m] = await tx
		.select({ id: onlineMeeting.id })
		.from(onlineMeeting)
		.where(and(eq(onlineMeeting.id, meetingId), eq(onlineMeeting.itemId, itemId)));
	if (!m) throw new DomainError('meeting_not_in_item', 'meetingId');
}

function sessionValues(input: SessionInput) {
	return {
		startsAt: atLocalTime(input.date, input.startTime),
		endsAt: atLocalTime(input.date, input.endTime),
		city: input.city,
		address: input.address,
		track: input.track,
		meetingId: input.meetingId,
		capacity: input.capacity
	};
}

export async function createSession(db: Db, actor: Actor, itemId: number, input: SessionInput, now: Date) {
	return db.transaction(async (tx) =>
		keepPublishable(tx, await projectOfItem(tx, itemId), now, async () => {
			await itemOrThrow(tx, itemId);
			await meetingBelongs(tx, itemId, input.meetingId);
			const [row] = await tx.insert(session).values({ itemId, ...sessionValues(input), createdAt: now, updatedAt: now }).returning();
			await bumpItem(tx, itemId, now);
			await recordAudit(tx, actor, 'session.created', { type: 'session', id: row.id }, now, { itemId });
			return row;
		})
	);
}

export async function updateSession(db: Db, actor: Actor, id: number, input: SessionInput, now: Date) {
	return db.transaction(async (tx) =>
		keepPublishable(tx, await projectOfSession(tx, id), now, async () => {
			const [current] = await tx.select().from(session).where(eq(session.id, id));
			if (!current) throw new DomainError('not_found');
			await meetingBelongs(tx, current.itemId, input.meetingId);
			const [row] = await tx.update(session).set({ ...sessionValues(input), updatedAt: now }).where(eq(session.id, id)).returning();
			await bumpItem(tx, current.itemId, now);
			// Date, time, place or meeting changed: everyone registered hears of it (change-notices.ts).
			if (
				row.startsAt.getTime() !== current.startsAt.getTime() ||
				row.endsAt.getTime() !== current.endsAt.getTime() ||
				row.city !== current.city ||
				row.address !== current.address ||
				row.meetingId !== current.meetingId
			) {
				await tx.insert(programmeChange).values({ itemId: current.itemId, sessionId: id, kind: 'session_changed', before: snapshot(current), createdAt: now });
				await emitEvent(tx, 'session.changed', { session_id: id, item_id: current.itemId }, now);
			}
			await recordAudit(tx, actor, 'session.updated', { type: 'session', id }, now, {
				itemId: current.itemId,
				before: { startsAt: current.startsAt, endsAt: current.endsAt, city: current.city }
			});
			return row;
		})
	);
}

export async function deleteSession(db: Db, actor: Actor, id: number, now: Date) {
	return db.transaction(async (tx) =>
		keepPublishable(tx, await projectOfSession(tx, id), now, async () => {
			// People registered for this one session would lose their registration with it: cancel those first.
			const [booked] = await tx
				.select({ n: count() })
				.from(registration)
				.where(and(eq(registration.sessionId, id), inArray(registration.status, [...ACTIVE])));
			if (booked.n > 0) throw new DomainError('session_has_registrations', 'form', { count: booked.n });
			const [row] = await tx.delete(session).where(eq(session.id, id)).returning();
			if (!row) throw new DomainError('not_found');
			await bumpItem(tx, row.itemId, now);
			await tx.insert(programmeChange).values({ itemId: row.itemId, sessionId: id, kind: 'session_cancelled', before: snapshot(row), createdAt: now });
			await emitEvent(tx, 'session.cancelled', { session_id: id, item_id: row.itemId }, now);
			await recordAudit(tx, actor, 'session.deleted', { type: 'session', id }, now, { itemId: row.itemId, startsAt: row.startsAt });
			return row;
		})
	);
}

export async function createMeeting(db: Db, actor: Actor, itemId: number, input: MeetingInput, now: Date) {
	return db.transaction(async (tx) =>
		keepPublishable(tx, await projectOfItem(tx, itemId), now, async () => {
			await itemOrThrow(tx, itemId);
			const [row] = await tx.insert(onlineMeeting).values({ itemId, ...input, createdAt: now, updatedAt: now }).returning();
			await recordAudit(tx, actor, 'meeting.created', { type: 'meeting', id: row.id }, now, { itemId, provider: input.provider });
			return row;
		})
	);
}

export async function updateMeeting(db: Db, actor: Actor, id: number, input: MeetingInput, now: Date) {
	return db.transaction(async (tx) =>
		keepPublishable(tx, await projectOfMeeting(tx, id), now, async () => {
			const [row] = await tx.update(onlineMeeting).set({ ...input, updatedAt: now }).where(eq(onlineMeeting.id, id)).returning();
			if (!row) throw new DomainError('not_found');
			await recordAudit(tx, actor, 'meeting.updated', { type: 'meeting', id }, now, { itemId: row.itemId, provider: input.provider });
			return row;
		})
	);
}

export async function deleteMeeting(db: Db, actor: Actor, id: number, now: Date) {
	return db.transaction(async (tx) =>
		keepPublishable(tx, await projectOfMeeting(tx, id), now, async () => {
			const [row] = await tx.delete(onlineMeeting).where(eq(onlineMeeting.id, id)).returning();
			if (!row) throw new DomainError('not_found');
			await bumpItem(tx, row.itemId, now);
			await recordAudit(tx, actor, 'meeting.deleted', { type: 'meeting', id }, now, { itemId: row.itemId });
			return row;
		})
	);
}

/**
 * Writes the sessions a series rule generates (the preview is `generateSeries` itself) and stores
 * the rule on the item. With `replace`, the item's existing sessions are removed first.
 */
export async function applySeries(
	db: Db,
	actor: Actor,
	itemId: number,
	input: { rule: SeriesRule; meetingId: number | null; replace: boolean },
	now: Date
) {
	const generated = generateSeries(input.rule);
	return db.transaction(async (tx) =>
		keepPublishable(tx, await projectOfItem(tx, itemId), now, async () => {
			await itemOrThrow(tx, itemId);
			await meetingBelongs(tx, itemId, input.meetingId);
			if (input.replace) await tx.delete(session).where(eq(session.itemId, itemId));
			if (generated.length) {
				await tx.insert(session).values(
					generated.map((g) => ({ itemId, startsAt: g.startsAt, endsAt: g.endsAt, track: g.track, meetingId: input.meetingId, createdAt: now, updatedAt: now }))
				);
			}
			await tx.update(programmeItem).set({ series: input.rule }).where(eq(programmeItem.id, itemId));
			await bumpItem(tx, itemId, now);
			await recordAudit(tx, actor, 'series.generated', { type: 'item', id: itemId }, now, {
				sessions: generated.length,
				replace: input.replace,
				rule: input.rule
			});
			return generated.length;
		})
	);
}
