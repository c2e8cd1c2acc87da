/**
 * Loads a project with its items, sessions and meetings in four queries. Trusted layer: returns
 * everything, including meeting links. Public pages go through `public.ts`, which strips them.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { onlineMeeting, programmeItem, project, session } from '../db/schema/programme.ts';

export type ProjectRow = typeof project.$inferSelect;
export type ItemRow = typeof programmeItem.$inferSelect;
export type SessionRow = typeof session.$inferSelect;
export type MeetingRow = typeof onlineMeeting.$inferSelect;

export interface ItemTree extends ItemRow {
	sessions: SessionRow[];
	meetings: MeetingRow[];
}
export interface ProjectTree extends ProjectRow {
	items: ItemTree[];
}

export async function loadProjectTrees(db: Db | Tx, projects: ProjectRow[]): Promise<ProjectTree[]> {
	if (projects.length === 0) return [];
	const items = await db
		.select()
		.from(programmeItem)
		.where(inArray(programmeItem.projectId, projects.map((p) => p.id)))
		.orderBy(asc(programmeItem.position), asc(programmeItem.id));
	const itemIds = items.map((i) => i.id);
	const [sessions, meetings] = itemIds.length
		? await Promise.all([
				db.select().from(session).where(inArray(session.itemId, itemIds)).orderBy(asc(session.startsAt), asc(session.track), asc(session.id)),
				db.select().from(onlineMeeting).where(inArray(onlineMeeting.itemId, itemIds)).orderBy(asc(onlineMeeting.id))
			])
		: [[], []];
	return projects.map((p) => ({
		...p,
		items: items
			.filter((i) => i.projectId === p.id)
			.map((i) => ({
				...i,
				sessions: sessions.filter((s) => s.itemId === i.id),
				meetings: meetings.filter((m) => m.itemId === i.id)
			}))
	}));
}

export async function loadProjectTree(db: Db | Tx, projectId: number): Promise<ProjectTree | null> {
	const rows = await db.select().from(project).where(eq(project.id, projectId));
	return (await loadProjectTrees(db, rows))[0] ?? null;
}

export async function loadProjectTreeBySlug(db: Db | Tx, slug: string): Promise<ProjectTree | null> {
	const rows = await db.select().from(project).where(eq(project.slug, slug));
	return (await loadProjectTrees(db, rows))[0] ?? null;
}
