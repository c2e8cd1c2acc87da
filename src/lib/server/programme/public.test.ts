import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { programmeItem, project } from '../db/schema/programme.ts';
import * as commands from './commands.ts';
import * as reg from '../registration/commands.ts';
import { getPublicProject, startPage } from './public.ts';

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
async function publishedProject(items: { capacity: number | null; open?: boolean; perSession?: boolean; dates: string[]; online?: boolean }[]) {
	const db = database.db;
	const slug = `oeffentlich-${++counter}`;
	const p = await commands.createProject(
		db,
		actor,
		{ slug, phaseName: `Phase ${counter}`, fundingProgramme: 'B', funder: 'D', runtimeStart: '2027-01-01', runtimeEnd: '2027-12-31', title: { de: 'P' }, description: {} },
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
