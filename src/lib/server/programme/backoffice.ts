/**
 * Reads for the backoffice (trusted layer: staff only, everything included). A project's and an
 * item's page run the publish check live; the dashboard reads the findings stored at save time
 * (stored-check.ts), which are those of the current data too.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { onlineMeeting, programmeItem, project, session } from '../db/schema/programme.ts';
import { checkProject, type CheckSite, type Finding } from '../../programme/publish-check.ts';
import { checkSite } from '../settings/legal.ts';
import { meetingStatus } from '../../programme/meeting.ts';
import { DomainError } from '../errors.ts';
import { loadProjectTree, type ItemTree, type ProjectTree } from './tree.ts';

export interface LabelledFinding extends Finding {
	/** What the finding is about, as staff know it: the project's or the item's title. */
	label: string;
}

/** The publish check of a project, each finding named by the title of the thing it is about. */
export function labelledCheck(tree: ProjectTree, now: Date, site?: CheckSite): LabelledFinding[] {
	const itemOf = new Map<string, ItemTree>();
	for (const i of tree.items) {
		itemOf.set(`item:${i.id}`, i);
		for (const s of i.sessions) itemOf.set(`session:${s.id}`, i);
		for (const m of i.meetings) itemOf.set(`meeting:${m.id}`, i);
	}
	return checkProject(tree, now, site).map((f) => {
		const item = itemOf.get(`${f.target.kind}:${f.target.id}`);
		const label = item ? `${item.number !== null ? `${item.number}. ` : ''}${item.title.de ?? ''}` : tree.phaseName || tree.title.de || tree.slug;
		return { ...f, label };
	});
}

export async function getProjectForStaff(db: Db, id: number, now: Date) {
	const tree = await loadProjectTree(db, id);
	if (!tree) throw new DomainError('not_found');
	return { tree, findings: labelledCheck(tree, now, await checkSite(db)) };
}

export async function getItemForStaff(db: Db, id: number, now: Date) {
	const [row] = await db.select({ projectId: programmeItem.projectId }).from(programmeItem).where(eq(programmeItem.id, id));
	if (!row) throw new DomainError('not_found');
	const { tree, findings } = await getProjectForStaff(db, row.projectId, now);
	const item = tree.items.find((i) => i.id === id)!;
	const ids = new Set<string>([`item:${id}`, ...item.sessions.map((s) => `session:${s.id}`), ...item.meetings.map((m) => `meeting:${m.id}`)]);
	const meetings = item.meetings.map((m) => ({
		...m,
		status: meetingStatus(m, item.sessions.filter((s) => s.meetingId === m.id).map((s) => s.startsAt), now)
	}));
	return {
		project: tree,
		item: { ...item, meetings },
		findings: findings.filter((f) => ids.has(`${f.target.kind}:${f.target.id}`))
	};
}

export async function getSessionForStaff(db: Db, id: number) {
	const [row] = await db.select().from(session).where(eq(session.id, id));
	if (!row) throw new DomainError('not_found');
	const [item] = await db.select().from(programmeItem).where(eq(programmeItem.id, row.itemId));
	const meetings = await db.select().from(onlineMeeting).where(eq(onlineMeeting.itemId, row.itemId));
	const [p] = await db.select().from(project).where(eq(project.id, item.projectId));
	return { session: row, item, meetings, project: p };
}

export async function getMeetingForStaff(db: Db, id: number, now: Date) {
	const [row] = await db.select().from(onlineMeeting).where(eq(onlineMeeting.id, id));
	if (!row) throw new DomainError('not_found');
	const [item] = await db.select().from(programmeItem).where(eq(programmeItem.id, row.itemId));
	const [p] = await db.select().from(project).where(eq(project.id, item.projectId));
	const starts = (await db.select({ startsAt: session.startsAt }).from(session).where(eq(session.meetingId, id))).map((s) => s.startsAt);
	return { meeting: row, item, project: p, status: meetingStatus(row, starts, now) };
}

export async function getItemBasics(db: Db, id: number) {
	const [item] = await db.select().from(programmeItem).where(eq(programmeItem.id, id));
	if (!item) throw new DomainError('not_found');
	const [p] = await db.select().from(project).where(eq(project.id, item.projectId));
	const meetings = await db.select().from(onlineMeeting).where(eq(onlineMeeting.itemId, id));
	return { item, project: p, meetings };
}

export async function getProjectBasics(db: Db, id: number) {
	const [p] = await db.select().from(project).where(eq(project.id, id));
	if (!p) throw new DomainError('not_found');
	return p;
}

