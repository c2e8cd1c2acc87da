/**
 * The participant list of a whole project for a period, in one download: the per-item lists
 * (registration/attendance.ts `participantList`, confirmed registrations with their attendance) of
 * every item with a session in the period, one after another with the item named on each row.
 * Trusted layer: callers check that the actor is staff (the lists hold names and addresses).
 */
import { and, asc, eq, exists, gte, lt, notInArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { programmeItem, project, session } from '../db/schema/programme.ts';
import { DomainError } from '../errors.ts';
import { participantList } from '../registration/attendance.ts';
import { periodBounds, type Period } from './figures.ts';

export async function projectParticipantLists(db: Db, projectId: number, period: Period) {
	const [p] = await db.select({ id: project.id, slug: project.slug }).from(project).where(eq(project.id, projectId));
	if (!p) throw new DomainError('not_found');
	const bounds = periodBounds(period);
	const inPeriod = db
		.select({ id: session.id })
		.from(session)
		.where(and(eq(session.itemId, programmeItem.id), ...(bounds ? [gte(session.startsAt, bounds.from), lt(session.startsAt, bounds.to)] : [])));
	const items = await db
		.select({ id: programmeItem.id })
		.from(programmeItem)
		.where(and(eq(programmeItem.projectId, projectId), notInArray(programmeItem.state, ['cancelled', 'bundled']), exists(inPeriod)))
		.orderBy(asc(programmeItem.position), asc(programmeItem.id));
	const lists = [];
	for (const item of items) lists.push(await participantList(db, item.id));
	return { slug: p.slug, lists };
}
