import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { programmeItem } from '../db/schema/programme.ts';
import { registration } from '../db/schema/registration.ts';
import { DomainError } from '../errors.ts';
import { itemCalendar } from '../programme/calendar.ts';
import { loadProjectTree } from '../programme/tree.ts';
import { isLocale } from '../../i18n/locales.ts';

/** The calendar of one person's registration: exactly their sessions. Only for its owner. */
export async function registrationCalendar(db: Db | Tx, registrationId: number, email: string, origin: string): Promise<string> {
	const [reg] = await db.select().from(registration).where(eq(registration.id, registrationId));
	if (!reg || reg.email !== email) throw new DomainError('not_found');
	const [item] = await db.select({ projectId: programmeItem.projectId }).from(programmeItem).where(eq(programmeItem.id, reg.itemId));
	const tree = await loadProjectTree(db, item.projectId);
	const full = tree!.items.find((i) => i.id === reg.itemId)!;
	const sessions = reg.sessionId === null ? full.sessions : full.sessions.filter((s) => s.id === reg.sessionId);
	return itemCalendar(tree!, { ...full, sessions }, isLocale(reg.language) ? reg.language : 'de', origin);
}
