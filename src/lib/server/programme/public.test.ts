import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { programmeItem, project } from '../db/schema/programme.ts';
import * as commands from './commands.ts';
import * as reg from '../registration/commands.ts';
import { ARCHIVE_PAGE_SIZE, archivePage, getPublicItem, getPublicProject, START_UPCOMING, startPage } from './public.ts';

const NOW = new Date('2027-02-01T09:00:00Z');
const actor = { id: 'staff', email: 'team@example.org' };
let database: Database;
let counter = 0;

beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.close());

const env = (now = NOW): reg.Env => ({ db: database.db, now, origin: 'http://localhost:3000', secret: 'test-secret', holdHours: 48 });

/** A published project with one item per entry: its capacity, whether open, its session dates. */
async function publishedProject(
	items: { capacity: number | null; open?: boolean; perSession?: boolean; dates: string[]; online?: boolean }[],
	runtime: { start: string | null; end: string | null } = { start: '2027-01-01', end: '2027-12-31' }
) {
	const db = database.db;
	const slug = `oeffentlich-${++counter}`;
	const p = await commands.createProject(
		db,
		actor,
		{ slug, phaseName: `Phase ${counter}`, fundingProgramme: 'B', funder: 'D', runtimeStart: runtime.start, runtimeEnd: runtime.end, title: { de: 'P' }, description: {} },
		NOW
	);
	const ids: number[] = [];
	for (const [n, spec] of items.entries()) {
		const item = await commands.createItem(
			db,
			actor,
			p.id,
			{ number: n + 1, kind: 'workshop', format: spec.online ? 'online' : 'in_person', state: 'scheduled', stateNote: {}, registrationOpen: false, capacity: null, perSession: false, requiresApproval: false, title: { de: `Punkt ${n + 1}` }, description: {} },
			NOW
		);
		const meeting = spec.online
			? await commands.createMeeting(db, actor, item.id, { provider: 'jitsi', joinUrl: 'https://meet.example.org/geheimer-raum', meetingCode: '', passcode: 'pw123', recurring: false }, NOW)
			: null;
		for (const date of spec.dates) {
			await commands.createSession(db, actor, item.id, { date, startTime: '10:00', endTime: '17:00', city: spec.online ? '' : 'Köln', address: 'Domplatz 1', track: '', meetingId: meeting?.id ?? null, capacity: null }, NOW);
		}
		await db
			.update(programmeItem)
			.set({ registrationOpen: spec.open ?? true, capacity: spec.capacity, perSession: spec.perSession ?? false })
			.where(eq(programmeItem.id, item.id));
		ids.push(item.id);
	}
	await db.update(project).set({ status: 'published' }).where(eq(project.id, p.id));
	return { slug, ids };
}

const person = (itemId: number, n: number, sessionId: number | null = null): reg.RegistrationInput => ({
	itemId,
	sessionId,
	name: `Geheimer Name ${n}`,
	email: `person${n}-${counter}@example.org`,
	organisationId: null,
	organisationName: 'Verein Beispiel e.V.',
	language: 'de',
	needs: '',
	photoConsent: false
});

const availability = async (slug: string, itemId: number, now = NOW) => (await getPublicProject(database.db, slug, 'de', now))!.items.find((i) => i.id === itemId)!.availability;

describe('places left on public pages', () => {
	it('counts held and confirmed places, not waiting or cancelled ones, and turns to the waiting list when full', async () => {
		const { slug, ids } = await publishedProject([{ capacity: 2, dates: ['2027-03-27'] }]);
		expect(await availability(slug, ids[0])).toEqual({ status: 'open', free: 2 });
		const first = await reg.registerParticipant(env(), person(ids[0], 1));
		expect(await availability(slug, ids[0])).toEqual({ status: 'open', free: 1 });
		await reg.registerParticipant(env(), person(ids[0], 2));
		expect(await availability(slug, ids[0])).toEqual({ status: 'waitlist', free: 0 });
		const third = await reg.registerParticipant(env(), person(ids[0], 3));
		expect(third.registration.status).toBe('waitlisted');
		expect(await availability(slug, ids[0])).toEqual({ status: 'waitlist', free: 0 });
		await reg.cancelOwnRegistration(env(), first.registration.id, first.registration.email);
		// The freed place goes to the waiting list only once that person confirmed; until then it is free.
		const after = await availability(slug, ids[0]);
		expect(after.status).toBe('open');
		expect(after.free).toBe(1);
	});

	it('says closed, past or no dates, and no limit as free = null', async () => {
		const { slug, ids } = await publishedProject([
			{ capacity: 10, open: false, dates: ['2027-03-27'] },
			{ capacity: 10, dates: ['2027-01-15'] },
			{ capacity: 10, dates: [] },
			{ capacity: null, dates: ['2027-04-10'] }
		]);
		expect(await availability(slug, ids[0])).toEqual({ status: 'closed', free: null });
		expect(await availability(slug, ids[1])).toEqual({ status: 'past', free: null });
		expect(await availability(slug, ids[2])).toEqual({ status: 'none', free: null });
		expect(await availability(slug, ids[3])).toEqual({ status: 'open', free: null });
		// Once the session has started, registration is over.
		expect((await availability(slug, ids[3], new Date('2027-04-10T09:00:00Z'))).status).toBe('past');
	});

	it('per-session items add up the places of the sessions still ahead', async () => {
		const { slug, ids } = await publishedProject([{ capacity: 3, perSession: true, dates: ['2027-01-20', '2027-03-01', '2027-03-08'] }]);
		expect(await availability(slug, ids[0])).toEqual({ status: 'open', free: 6 });
		const tree = (await getPublicProject(database.db, slug, 'de', NOW))!;
		const march = tree.items[0].sessions[1];
		await reg.registerParticipant(env(), person(ids[0], 4, march.id));
		expect(await availability(slug, ids[0])).toEqual({ status: 'open', free: 5 });
	});

	it('the start page lists what is ahead soonest first, with counts but never names, addresses or meeting links', async () => {
		const { slug, ids } = await publishedProject([
			{ capacity: 25, dates: ['2027-04-02', '2027-04-03'] },
			{ capacity: 60, dates: ['2027-03-10'], online: true },
			{ capacity: 5, dates: ['2027-01-10'] }
		]);
		await reg.registerParticipant(env(), person(ids[0], 5));
		const page = await startPage(database.db, 'de', NOW);
		const mine = page.upcoming.filter((u) => u.projectSlug === slug);
		expect(mine.map((u) => u.item.id)).toEqual([ids[1], ids[0]]);
		expect(mine[1].item.availability).toEqual({ status: 'open', free: 24 });
		expect(mine[1].later).toBe(1);
		expect(page.current.some((p) => p.slug === slug)).toBe(true);
		const json = JSON.stringify(page);
		expect(json).not.toContain('Geheimer Name');
		expect(json).not.toContain('@example.org');
		expect(json).not.toContain('geheimer-raum');
		expect(json).not.toContain('pw123');
	});
});

describe('start page, archive and item page read only what they show', () => {
	it('the archive lists past projects newest first, a page at a time; the start page only current ones', async () => {
		const before = await archivePage(database.db, 'de', NOW);
		// Past by runtime (ended 2020–2025, one a year apart so the order is certain), and one without runtime whose sessions are over.
		const past: string[] = [];
		for (let n = 0; n < ARCHIVE_PAGE_SIZE + 2; n++) past.push((await publishedProject([{ capacity: 5, dates: ['2020-03-01'] }], { start: `${2000 + n}-01-01`, end: `${2000 + n}-12-31` })).slug);
		const noRuntimePast = await publishedProject([{ capacity: 5, dates: ['2026-05-01'] }], { start: null, end: null });
		const noRuntimeAhead = await publishedProject([{ capacity: 5, dates: ['2026-05-01', '2027-05-01'] }], { start: null, end: null });
		const current = await publishedProject([{ capacity: 5, dates: ['2027-05-01'] }]);

		const first = await archivePage(database.db, 'de', NOW);
		expect(first.total).toBe(before.total + past.length + 1);
		expect(first.pages).toBe(Math.ceil(first.total / ARCHIVE_PAGE_SIZE));
		expect(first.archived).toHaveLength(ARCHIVE_PAGE_SIZE);
		const all: string[] = [];
		for (let page = 1; page <= first.pages; page++) all.push(...(await archivePage(database.db, 'de', NOW, page)).archived.map((p) => p.slug));
		// Every past project once, newest runtime first; no current one.
		expect(new Set(all).size).toBe(all.length);
		const mine = all.filter((s) => past.includes(s));
		expect(mine).toEqual([...past].reverse());
		expect(all).toContain(noRuntimePast.slug);
		expect(all).not.toContain(noRuntimeAhead.slug);
		expect(all).not.toContain(current.slug);
		// A card carries no items, only what it shows.
		expect(Object.keys(first.archived[0]).sort()).toEqual(['funder', 'fundingProgramme', 'id', 'phaseName', 'runtimeEnd', 'runtimeStart', 'slug', 'title']);
		// Beyond the last page: the last page; below 1: the first.
		expect((await archivePage(database.db, 'de', NOW, 999)).page).toBe(first.pages);
		expect((await archivePage(database.db, 'de', NOW, 0)).page).toBe(1);

		const start = await startPage(database.db, 'de', NOW);
		const slugs = start.current.map((p) => p.slug);
		expect(slugs).toContain(current.slug);
		expect(slugs).toContain(noRuntimeAhead.slug);
		expect(slugs.some((s) => all.includes(s))).toBe(false);
		expect(start.hasArchive).toBe(true);
	});

	it('the start page lists at most START_UPCOMING items, soonest first, and says there are more', async () => {
		const days = Array.from({ length: START_UPCOMING + 3 }, (_, n) => `2027-0${3 + Math.floor(n / 28)}-${String(1 + (n % 28)).padStart(2, '0')}`);
		const many = await publishedProject(days.map((d) => ({ capacity: 5, dates: [d] })));
		const page = await startPage(database.db, 'de', NOW);
		expect(page.upcoming).toHaveLength(START_UPCOMING);
		expect(page.more).toBe(true);
		const starts = page.upcoming.map((u) => u.next.startsAt.getTime());
		expect(starts).toEqual([...starts].sort((a, b) => a - b));
		// The project's last items (latest dates) are the ones left out.
		expect(page.upcoming.some((u) => u.item.id === many.ids.at(-1))).toBe(false);
		expect(page.current.find((p) => p.slug === many.slug)).toMatchObject({ slug: many.slug, phaseName: expect.any(String) });
	});

	it('an item page reads one item: the same item as on the project page, and only within its own visible project', async () => {
		const a = await publishedProject([
			{ capacity: 4, dates: ['2027-03-01', '2027-03-02'] },
			{ capacity: 3, perSession: true, dates: ['2027-01-20', '2027-03-01'], online: true }
		]);
		const b = await publishedProject([{ capacity: 4, dates: ['2027-03-01'] }]);
		await reg.registerParticipant(env(), person(a.ids[0], 60));
		const whole = (await getPublicProject(database.db, a.slug, 'de', NOW))!;
		for (const [n, id] of a.ids.entries()) {
			const one = (await getPublicItem(database.db, a.slug, id, 'de', NOW))!;
			expect(one.item).toEqual(whole.items[n]);
			expect(one.project.slug).toBe(a.slug);
			expect(one.project.archived).toBe(false);
			expect('items' in one.project).toBe(false);
		}
		expect((await getPublicItem(database.db, a.slug, a.ids[0], 'de', NOW))!.item.availability).toEqual({ status: 'open', free: 3 });
		// Another project's item under this slug, an unknown item, a draft project: nothing.
		expect(await getPublicItem(database.db, a.slug, b.ids[0], 'de', NOW)).toBeNull();
		expect(await getPublicItem(database.db, a.slug, 2_000_000, 'de', NOW)).toBeNull();
		await database.db.update(project).set({ status: 'draft' }).where(eq(project.slug, b.slug));
		expect(await getPublicItem(database.db, b.slug, b.ids[0], 'de', NOW)).toBeNull();
		// A past project's item (runtime over) says so.
		const old = await publishedProject([{ capacity: 4, dates: ['2020-03-01'] }], { start: '2020-01-01', end: '2020-12-31' });
		const gone = (await getPublicItem(database.db, old.slug, old.ids[0], 'de', NOW))!;
		expect(gone.project.archived).toBe(true);
		expect(gone.item.availability.status).toBe('past');
	});
});
