/**
 * Who calls a consultation service, and what they may see. Routes build a `Who` from the session:
 * the team (requireStaff), a consultant (an account with role `consultant`), or an association's
 * person (requireMember: the organisation comes from the membership, never from the address).
 * Services check again: an association only ever reaches its own bookings, a consultant only the
 * slots they hold; anything else is `not_found` (the pages answer 404, revealing nothing).
 */
import type { Db, Tx } from '../db/client.ts';
import type { Actor } from '../audit/record.ts';
import { DomainError } from '../errors.ts';

export type Who =
	| { kind: 'team'; actor: Actor }
	| { kind: 'consultant'; actor: Actor }
	| { kind: 'association'; actor: Actor; organisationId: number };

export interface Env {
	db: Db;
	now: Date;
	/** The configured public origin, for links in mails and calendar files. */
	origin: string;
}

export type Conn = Db | Tx;

export function requireTeam(who: Who): asserts who is Extract<Who, { kind: 'team' }> {
	if (who.kind !== 'team') throw new DomainError('not_found');
}

/** The team, or the consultant holding the slot. */
export function requireTeamOrConsultantOf(who: Who, consultantId: string | null): void {
	if (who.kind === 'team') return;
	if (who.kind === 'consultant' && consultantId !== null && consultantId === who.actor.id) return;
	throw new DomainError('not_found');
}

/** The team, or a person of this very organisation. */
export function requireTeamOrOrganisation(who: Who, organisationId: number): void {
	if (who.kind === 'team') return;
	if (who.kind === 'association' && who.organisationId === organisationId) return;
	throw new DomainError('not_found');
}
