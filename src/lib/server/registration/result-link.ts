/**
 * The answer to the public registration form is a redirect (303) to a result page,
 * `/anmeldung/ergebnis/<value>`, instead of the item page rendered again. The value is signed and
 * short-lived: the registration's id and an expiry, with an HMAC of both under the server secret.
 * No address travels in the URL; the page reads the address and the status from the registration.
 * After RESULT_VALID_MS (or with a value not signed by this server) the page is gone (410 with a
 * sentence saying the mail tells the rest).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { programmeItem, project } from '../db/schema/programme.ts';
import { registration } from '../db/schema/registration.ts';
import type { Translatable } from '../../content/translatable.ts';

/** How long the result page shows a registration's result (a reload, the back button). */
export const RESULT_VALID_MS = 60 * 60_000;

const sign = (secret: string, body: string) => createHmac('sha256', secret).update(`registration-result:${body}`).digest('base64url').slice(0, 22);

/** The signed value for `registrationId`'s result page, valid RESULT_VALID_MS from `now`. */
export function resultValue(secret: string, registrationId: number, now: Date): string {
	const body = `${registrationId.toString(36)}.${Math.floor((now.getTime() + RESULT_VALID_MS) / 1000).toString(36)}`;
	return `${body}.${sign(secret, body)}`;
}

/** The registration id of a valid, unexpired value; null for anything else. */
export function readResultValue(secret: string, value: string, now: Date): number | null {
	const m = /^([0-9a-z]{1,10})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{22})$/.exec(value);
	if (!m) return null;
	const expected = Buffer.from(sign(secret, `${m[1]}.${m[2]}`));
	if (!timingSafeEqual(expected, Buffer.from(m[3]))) return null;
	if (Number.parseInt(m[2], 36) * 1000 <= now.getTime()) return null;
	const id = Number.parseInt(m[1], 36);
	return Number.isSafeInteger(id) && id > 0 ? id : null;
}

export interface RegistrationResult {
	email: string;
	waitlisted: boolean;
	itemId: number;
	itemTitle: Translatable;
	projectSlug: string;
}

/** What the result page shows (one indexed read); null once the registration's data is gone. */
export async function registrationResult(db: Db, id: number): Promise<RegistrationResult | null> {
	const [row] = await db
		.select({ email: registration.email, status: registration.status, itemId: programmeItem.id, itemTitle: programmeItem.title, projectSlug: project.slug })
		.from(registration)
		.innerJoin(programmeItem, eq(programmeItem.id, registration.itemId))
		.innerJoin(project, eq(project.id, programmeItem.projectId))
		.where(and(eq(registration.id, id), isNull(registration.anonymisedAt)));
	if (!row || !row.email) return null;
	return { email: row.email, waitlisted: row.status === 'waitlisted', itemId: row.itemId, itemTitle: row.itemTitle, projectSlug: row.projectSlug };
}
