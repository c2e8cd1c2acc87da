/**
 * Small reads for the team's consultation pages (/admin/beratung): the consultation-series items
 * with their offer, the organisations one may book for, and the team accounts who may advise.
 * Team only; the writes are the services of setup.ts and booking.ts.
 */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { programmeItem, project } from '../db/schema/programme.ts';
import { organisation } from '../db/schema/organisations.ts';
import { user } from '../db/schema/auth.ts';
import { consultationOffer } from '../db/schema/consultation.ts';
import { currentInstrument } from '../assessment/instrument.ts';
import { requireTeam, type Who } from './access.ts';

/** Every programme item of kind consultation series, newest project first, with its offer id (null without one). */
export async function consultationItems(db: Db, who: Who) {
	requireTeam(who);
	return db
		.select({ id: programmeItem.id, title: programmeItem.title, projectTitle: project.title, projectId: project.id, offerId: consultationOffer.id })
		.from(programmeItem)
		.innerJoin(project, eq(project.id, programmeItem.projectId))
		.leftJoin(consultationOffer, eq(consultationOffer.itemId, programmeItem.id))
		.where(eq(programmeItem.kind, 'consultation_series'))
		.orderBy(asc(project.id), asc(programmeItem.position), asc(programmeItem.id));
}

/** One consultation-series item (title and project), or null. */
export async function consultationItem(db: Db, who: Who, itemId: number) {
	requireTeam(who);
	const [row] = await db
		.select({ id: programmeItem.id, title: programmeItem.title, projectTitle: project.title, projectId: project.id })
		.from(programmeItem)
		.innerJoin(project, eq(project.id, programmeItem.projectId))
		.where(and(eq(programmeItem.id, itemId), eq(programmeItem.kind, 'consultation_series')));
	return row ?? null;
}

/** Organisations the team may book on behalf of (every one), by name. */
export async function organisationChoices(db: Db, who: Who) {
	requireTeam(who);
	return db.select({ id: organisation.id, name: organisation.name }).from(organisation).orderBy(asc(organisation.name), asc(organisation.id));
}

/** The digital check's areas, for the intake's "which area is it about" when the team books on an association's behalf. */
export async function checkAreas(db: Db, who: Who) {
	requireTeam(who);
	return (await currentInstrument(db)).content.dimensions.map((d) => ({ key: d.key, title: d.title }));
}

/** Active team accounts with role consultant or staff (or admin): who may advise in a track. */
export async function possibleConsultants(db: Db, who: Who) {
	requireTeam(who);
	return db
		.select({ id: user.id, name: user.name, email: user.email, role: user.role })
		.from(user)
		.where(and(inArray(user.role, ['consultant', 'staff', 'admin']), isNull(user.deactivatedAt)))
		.orderBy(asc(user.name), asc(user.email));
}
