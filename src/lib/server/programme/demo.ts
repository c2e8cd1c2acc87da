import { count, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { appMeta } from '../db/schema/audit.ts';
import { onlineMeeting, programmeItem, project, session } from '../db/schema/programme.ts';
import { recordAudit } from '../audit/record.ts';
import { atLocalTime, generateSeries } from '../../programme/series.ts';
import { currentDemoProject, DEMO_PROJECTS, WORKSHOP_HOURS } from './demo-data.ts';
import { loadConsultationDemo } from '../consultation/demo.ts';

const DEMO_LOCK = 724_302;

/**
 * Loads the demo programme once, into an empty database: the seed's two projects as the published
 * legacy they are, and a current fictional project with dates from `now` (demo-data.ts).
 * Returns true when it loaded. Safe to call from several instances at once (advisory lock).
 */
export async function loadDemoProgramme(db: Db, now: Date): Promise<boolean> {
	return db.transaction(async (tx) => {
		await tx.execute(sql`select pg_advisory_xact_lock(${DEMO_LOCK})`);
		const [marker] = await tx.select().from(appMeta).where(eq(appMeta.key, 'demo_loaded'));
		const [{ n }] = await tx.select({ n: count() }).from(project);
		if (marker || n > 0) return false;

		for (const demo of [...DEMO_PROJECTS, currentDemoProject(now)]) {
			const [p] = await tx
				.insert(project)
				.values({
					slug: demo.slug,
					title: demo.title,
					phaseName: demo.phaseName,
					fundingProgramme: demo.fundingProgramme,
					funder: demo.funder,
					runtimeStart: demo.runtimeStart,
					runtimeEnd: demo.runtimeEnd,
					description: demo.description,
					status: demo.status ?? 'published'
				})
				.returning();
			for (const [position, d] of demo.items.entries()) {
				const [item] = await tx
					.insert(programmeItem)
					.values({
						projectId: p.id,
						number: d.number,
						position: position + 1,
						kind: d.kind,
						title: d.title,
						description: d.description ?? {},
						format: d.format,
						state: d.state,
						stateNote: d.stateNote ?? {},
						series: d.series ?? null,
						registrationOpen: d.registrationOpen ?? false,
						capacity: d.capacity ?? null
					})
					.returning();
				let meetingId: number | null = null;
				if (d.zoom) {
					const [m] = await tx
						.insert(onlineMeeting)
						.values({ itemId: item.id, provider: 'zoom', meetingCode: d.zoom.meetingCode, recurring: d.zoom.recurring })
						.returning();
					meetingId = m.id;
				}
				if (d.jitsi) {
					const [m] = await tx.insert(onlineMeeting).values({ itemId: item.id, provider: 'jitsi', joinUrl: d.jitsi.joinUrl, recurring: false }).returning();
					meetingId = m.id;
				}
				const rows = d.series
					? generateSeries(d.series).map((g) => ({ itemId: item.id, startsAt: g.startsAt, endsAt: g.endsAt, track: g.track, meetingId }))
					: (d.days ?? []).map((day) => ({
							itemId: item.id,
							startsAt: atLocalTime(day.date, day.start ?? WORKSHOP_HOURS.start),
							endsAt: atLocalTime(day.date, day.end ?? WORKSHOP_HOURS.end),
							city: day.city,
							address: day.address ?? '',
							meetingId: d.format === 'in_person' ? null : meetingId
						}));
				if (rows.length) await tx.insert(session).values(rows);
			}
			await recordAudit(tx, null, 'project.created', { type: 'project', id: p.id }, now, { source: 'demo' });
		}
		// The consultation series' offers, tracks and slots (consultation/demo.ts).
		await loadConsultationDemo(tx, now);
		await tx.insert(appMeta).values({ key: 'demo_loaded', value: now.toISOString() });
		return true;
	});
}
