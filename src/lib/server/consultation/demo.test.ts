import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { loadDemoProgramme } from '../programme/demo.ts';
import { loadProjectTreeBySlug } from '../programme/tree.ts';
import { checkProject } from '../../programme/publish-check.ts';
import { ZONE } from '../../programme/time.ts';
import { offerOfItem } from './setup.ts';
import { intakeDefaults, listOpenSlots, publicOfferSummary } from './queries.ts';
import { loadAssessmentDemo } from '../assessment/demo.ts';
import { organisationResults } from '../assessment/results.ts';
import { organisation } from '../db/schema/organisations.ts';
import { like } from 'drizzle-orm';
import { bookSlot } from './booking.ts';
import { envAt, intake, makeOrganisation } from './test-fixtures.ts';
import { consultationSlot } from '../db/schema/consultation.ts';
import { inArray } from 'drizzle-orm';

const NOW = new Date('2026-11-28T10:00:00Z');
let database: Database;

beforeAll(async () => {
	database = await openTestDatabase();
	await loadDemoProgramme(database.db, NOW);
	await loadAssessmentDemo(database.db, NOW);
});
afterAll(() => database?.close());

describe('demo consultations', () => {
	it("holds the seed's series exactly: 10 Wednesdays 06.04.–22.06.2022 × 2 tracks × 2 hours, in the past", async () => {
		const db = database.db;
		const tree = (await loadProjectTreeBySlug(db, 'digit-ready-ii'))!;
		const item = tree.items.find((i) => i.kind === 'consultation_series')!;
		const offer = (await offerOfItem(db, item.id))!;
		expect(offer.tracks.map((t) => t.title.de)).toEqual(['Beratung Organisationsentwicklung', 'Beratung Digitale Infrastruktur']);
		const slots = await db.select().from(consultationSlot).where(inArray(consultationSlot.trackId, offer.tracks.map((t) => t.id)));
		expect(slots).toHaveLength(20);
		const local = slots.map((s) => ({ track: s.trackId, start: DateTime.fromJSDate(s.startsAt, { zone: ZONE }), hours: (s.endsAt.getTime() - s.startsAt.getTime()) / 3_600_000 }));
		expect(local.every((s) => s.start.weekday === 3 && s.hours === 2 && s.start.year === 2022)).toBe(true);
		const dates = [...new Set(local.map((s) => s.start.toISODate()))].sort();
		expect(dates).toHaveLength(10);
		expect(dates[0]).toBe('2022-04-06');
		expect(dates.at(-1)).toBe('2022-06-22');
		expect(local.filter((s) => s.track === offer.tracks[0].id).map((s) => s.start.toFormat('HH:mm'))).toEqual(Array(10).fill('16:00'));
		expect(local.filter((s) => s.track === offer.tracks[1].id).map((s) => s.start.toFormat('HH:mm'))).toEqual(Array(10).fill('18:00'));
		expect(slots.every((s) => s.endsAt.getTime() < NOW.getTime())).toBe(true);
		// The programme item keeps the seed's rule and its 24 sessions: the publish check still says 10 ≠ 12.
		expect(item.sessions).toHaveLength(24);
		expect(checkProject(tree, NOW).map((f) => f.code)).toContain('series_count_mismatch');
	});

	it('gives the current fictional project a consultation series a newcomer can book at once, clean for the publish check', async () => {
		const db = database.db;
		const tree = (await loadProjectTreeBySlug(db, 'digit-ready-iii'))!;
		expect(checkProject(tree, NOW).filter((f) => f.severity === 'error')).toEqual([]);
		const item = tree.items.find((i) => i.kind === 'consultation_series')!;
		expect(item.sessions).toHaveLength(16);
		const org = await makeOrganisation(db);
		const open = await listOpenSlots(db, org.who, item.id, {}, NOW);
		expect(open.map((t) => t.track.title.de)).toEqual(['Beratung Organisationsentwicklung', 'Beratung Digitale Infrastruktur']);
		expect(open.every((t) => t.slots.length === 8)).toBe(true);
		// From the Wednesday after the online evening (23 December 2026): 30 December, 16:00 Berlin.
		expect(open[0].slots[0].startsAt.toISOString()).toBe('2026-12-30T15:00:00.000Z');
		const booking = await bookSlot(envAt(db, NOW), org.who, { slotId: open[0].slots[0].id, intake: intake() });
		expect(booking.state).toBe('booked');
		const summary = (await publicOfferSummary(db, item.id, NOW))!;
		expect(summary.map((t) => t.freeSlots)).toEqual([7, 8]);
	});

	it("preselects the association's weakest area for the intake, all areas still offered", async () => {
		const db = database.db;
		const [demo] = await db.select().from(organisation).where(like(organisation.name, '%(fiktiv)'));
		const who = { kind: 'association' as const, actor: { id: 'x', email: 'x@example.org' }, organisationId: demo.id };
		const view = await organisationResults(db, demo.id);
		const defaults = await intakeDefaults(db, who);
		expect(view.priorities.length).toBeGreaterThan(0);
		expect(defaults.preselected).toBe(view.priorities[0]);
		expect(defaults.areas.map((a) => a.key).slice(0, view.priorities.length)).toEqual(view.priorities);
		expect(defaults.areas).toHaveLength(8);
		const fresh = await makeOrganisation(db);
		expect(await intakeDefaults(db, fresh.who)).toMatchObject({ preselected: null });
	});
});
