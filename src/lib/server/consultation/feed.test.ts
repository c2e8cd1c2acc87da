import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { bookSlot } from './booking.ts';
import { consultantFeed, issueConsultantFeed } from './feed.ts';
import { envAt, intake, makeOffer, makeOrganisation, makeSlot } from './test-fixtures.ts';

const NOW = new Date('2027-03-01T08:00:00Z');
let database: Database;

beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.close());

describe("a consultant's calendar feed", () => {
	it('lists only their own slots with the booked associations, never a room; a new token ends the old one', async () => {
		const db = database.db;
		const { track, consultant } = await makeOffer(db, NOW);
		const other = await makeOffer(db, NOW);
		const [mine, free] = [await makeSlot(db, NOW, track.id, consultant.id, 72), await makeSlot(db, NOW, track.id, consultant.id, 96)];
		await makeSlot(db, NOW, other.track.id, other.consultant.id, 72);
		const org = await makeOrganisation(db, 'Verein Sonnenblume e.V.');
		await bookSlot(envAt(db, NOW), org.who, { slotId: mine.id, intake: intake() });
		const token = await issueConsultantFeed(db, consultant.who, NOW);
		const ics = await consultantFeed(db, token, 'http://localhost:3000', 'de', NOW);
		expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(2);
		expect(ics).toContain(`consultation-slot-${mine.id}@bildungsturbo`);
		expect(ics).toContain(`consultation-slot-${free.id}@bildungsturbo`);
		expect(ics).toContain('Verein Sonnenblume e.V.');
		expect(ics).toContain('(noch frei)');
		expect(ics).not.toMatch(/beratung-\d+-|jit\.si|bigbluebutton/);
		const again = await issueConsultantFeed(db, consultant.who, NOW);
		await expect(consultantFeed(db, token, 'http://localhost:3000', 'de', NOW)).rejects.toBeInstanceOf(DomainError);
		expect(await consultantFeed(db, again, 'http://localhost:3000', 'de', NOW)).toContain('BEGIN:VCALENDAR');
		await expect(consultantFeed(db, 'x'.repeat(32), 'http://localhost:3000', 'de', NOW)).rejects.toBeInstanceOf(DomainError);
		await expect(issueConsultantFeed(db, org.who, NOW)).rejects.toBeInstanceOf(DomainError);
	});
});
