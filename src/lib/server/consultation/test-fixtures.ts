/**
 * Fixtures for the consultation tests (real database): a consultation-series item with an offer,
 * a track with rules, consultants (user rows with role `consultant`), associations and slots.
 */
import type { Db } from '../db/client.ts';
import { user } from '../db/schema/auth.ts';
import { organisation } from '../db/schema/organisations.ts';
import { programmeItem, project } from '../db/schema/programme.ts';
import type { TrackRules } from '../../consultation/rules.ts';
import type { IntakeInput } from '../../consultation/rules.ts';
import type { Env, Who } from './access.ts';
import { addSlot, addTrack, createOffer } from './setup.ts';
import { DomainError } from '../errors.ts';

export const TEAM: Who = { kind: 'team', actor: { id: 'team-1', email: 'team@example.org' } };
let counter = 0;

export const envAt = (db: Db, now: Date): Env => ({ db, now, origin: 'http://localhost:3000' });

export async function makeUser(db: Db, role = 'consultant', name = `Beraterin ${++counter}`) {
	const id = `u-${role}-${++counter}`;
	await db.insert(user).values({ id, name, email: `${id}@example.org`, role });
	return { id, name, who: { kind: 'consultant', actor: { id, email: `${id}@example.org` } } as Who };
}

export async function makeOrganisation(db: Db, name = `Verein ${++counter} e.V.`) {
	const [org] = await db.insert(organisation).values({ name, confirmed: true }).returning();
	const member = { id: `member-${org.id}`, email: `admin@verein${org.id}.example.org` };
	await db.insert(user).values({ ...member, name: 'Vorstand', role: 'org_member' });
	const who: Who = { kind: 'association', actor: member, organisationId: org.id };
	return { id: org.id, who };
}

export async function makeOffer(db: Db, now: Date, rules: Partial<TrackRules> = {}) {
	await db.insert(user).values({ id: TEAM.actor.id, name: 'Team', email: TEAM.actor.email, role: 'admin' }).onConflictDoNothing();
	const [p] = await db.insert(project).values({ slug: `c-${++counter}`, title: { de: 'Projekt' }, status: 'published' }).returning();
	const [item] = await db.insert(programmeItem).values({ projectId: p.id, kind: 'consultation_series', format: 'online', title: { de: 'Beratungsreihe' } }).returning();
	const offer = await createOffer(db, TEAM, { itemId: item.id }, now);
	const consultant = await makeUser(db);
	const track = await addTrack(db, TEAM, { offerId: offer.id, title: { de: 'Beratung Organisationsentwicklung', ar: 'استشارة تطوير المنظمة' }, rules, consultantIds: [consultant.id] }, now);
	return { projectId: p.id, itemId: item.id, offer, track, consultant };
}

/** A slot `hoursAhead` after `now`, lasting two hours. */
export async function makeSlot(db: Db, now: Date, trackId: number, consultantId: string | null, hoursAhead: number, capacity = 1) {
	const startsAt = new Date(now.getTime() + hoursAhead * 3_600_000);
	return addSlot(db, TEAM, { trackId, startsAt, endsAt: new Date(startsAt.getTime() + 2 * 3_600_000), consultantId, capacity, room: { provider: 'jitsi' } }, now);
}

export const intake = (n: number | string = 1, extra: Partial<IntakeInput> = {}): IntakeInput => ({
	topic: 'Mitgliederverwaltung digital',
	dimensionKey: 'structure',
	language: 'de',
	needs: '',
	attendees: [{ name: `Person ${n}`, email: `person${n}@example.org` }],
	...extra
});

/** What a service call ends in: `ok`, or its DomainError's code (with `:field` when asked); other errors are thrown. */
export async function errorCode(p: Promise<unknown> | (() => unknown), withField = false): Promise<string> {
	try {
		await (typeof p === 'function' ? p() : p);
		return 'ok';
	} catch (e) {
		if (e instanceof DomainError) return withField && e.field ? `${e.code}:${e.field}` : e.code;
		throw e;
	}
}
