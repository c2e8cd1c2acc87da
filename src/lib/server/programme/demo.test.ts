import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { loadDemoProgramme } from './demo.ts';
import { currentDemoProject } from './demo-data.ts';
import { loadProjectTreeBySlug } from './tree.ts';
import { checkProject } from '../../programme/publish-check.ts';
import { listPublicProjects, getPublicProject } from './public.ts';

const NOW = new Date('2026-11-28T10:00:00Z');
let database: Database;

beforeAll(async () => {
	database = await openTestDatabase();
	await loadDemoProgramme(database.db, NOW);
});
afterAll(() => database?.close());

describe('demo programme', () => {
	it('loads once: a second call changes nothing', async () => {
		expect(await loadDemoProgramme(database.db, NOW)).toBe(false);
	});

	it('holds the online series with 12 Wednesdays × 2 tracks and the Zoom meeting', async () => {
		const tree = await loadProjectTreeBySlug(database.db, 'digit-ready-ii');
		const series = tree!.items.find((i) => i.kind === 'consultation_series')!;
		expect(series.sessions).toHaveLength(24);
		expect(series.meetings[0].meetingCode).toBe('81538756610');
		expect(series.sessions.every((s) => s.meetingId === series.meetings[0].id)).toBe(true);
	});

	it('shows the seed mistakes as publish-check findings', async () => {
		const two = await loadProjectTreeBySlug(database.db, 'digit-ready-ii');
		const codes = checkProject(two!, NOW).map((f) => f.code);
		expect(codes).toContain('session_outside_runtime');
		expect(codes).toContain('placeholder_text');
		expect(codes).toContain('series_count_mismatch');
		expect(codes).toContain('meeting_expired_after_use');
		expect(codes).toContain('number_missing');
		const one = await loadProjectTreeBySlug(database.db, 'digit-ready-i');
		const findings = checkProject(one!, NOW);
		expect(findings.map((f) => f.code)).toContain('runtime_missing');
		expect(findings.filter((f) => f.code === 'translation_missing').length).toBeGreaterThan(0);
	});

	it('has a current fictional project to register for, with dates from the first start, clean for the publish check', async () => {
		const tree = (await loadProjectTreeBySlug(database.db, 'digit-ready-iii'))!;
		expect(tree.status).toBe('published');
		expect(tree.title.de).toContain('fiktiv');
		expect(checkProject(tree, NOW).filter((f) => f.severity === 'error')).toEqual([]);
		const [workshop, online] = tree.items;
		expect(workshop).toMatchObject({ registrationOpen: true, capacity: 25, format: 'in_person' });
		// First start on 28 November 2026: the workshop is on the first Friday and Saturday of December.
		expect(workshop.sessions.map((s) => s.startsAt.toISOString())).toEqual(['2026-12-04T09:00:00.000Z', '2026-12-05T09:00:00.000Z']);
		expect(workshop.sessions[0].address).toContain('Köln');
		expect(online).toMatchObject({ registrationOpen: true, format: 'online' });
		expect(online.meetings).toHaveLength(1);
		expect(online.sessions[0].meetingId).toBe(online.meetings[0].id);
		expect(online.sessions[0].startsAt.getTime()).toBeGreaterThan(NOW.getTime() + 20 * 86_400_000);
		// Started another day, the dates move with it.
		const later = currentDemoProject(new Date('2027-05-10T08:00:00Z'));
		expect(later.items[0].days![0].date).toBe('2027-06-04');
	});

	it('moves both past projects to the archive and never exposes placeholder text', async () => {
		const { current, archived } = await listPublicProjects(database.db, 'de', NOW);
		expect(current.map((p) => p.slug)).toEqual(['digit-ready-iii']);
		expect(archived.map((p) => p.slug).sort()).toEqual(['digit-ready-i', 'digit-ready-ii']);
		const p = await getPublicProject(database.db, 'digit-ready-ii', 'de', NOW);
		const json = JSON.stringify(p);
		expect(json).not.toMatch(/lorem ipsum/i);
		expect(json).not.toContain('81538756610');
		expect(p!.items.find((i) => i.format === 'online')!.onlineNotice).toBe('ended');
		// The state note is translatable; untranslated, it says which language it is in (the page marks it).
		const en = await getPublicProject(database.db, 'digit-ready-i', 'en', NOW);
		expect(en!.items.find((i) => i.state === 'bundled')!.stateNote).toEqual({ text: 'Wird mit einem anderen Projekt gebündelt werden', lang: 'de' });
	});
});
