/**
 * The installation's legal details: read for the Impressum and the privacy notice, edited by the
 * team (audited). One row; reading returns empty details until the team fills them.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { siteSettings } from '../db/schema/settings.ts';
import { recordAudit, type Actor } from '../audit/record.ts';
import { completeLegal, missingLegal, type LegalSettings } from '../../settings/legal.ts';
import type { CheckSite } from '../../programme/publish-check.ts';

export async function getLegalSettings(db: Db): Promise<LegalSettings> {
	const [row] = await db.select({ legal: siteSettings.legal }).from(siteSettings).where(eq(siteSettings.id, 1));
	return completeLegal(row?.legal);
}

export async function saveLegalSettings(db: Db, actor: Actor, legal: LegalSettings, now: Date): Promise<void> {
	await db.transaction(async (tx) => {
		await tx
			.insert(siteSettings)
			.values({ id: 1, legal, updatedAt: now, updatedBy: actor.id })
			.onConflictDoUpdate({ target: siteSettings.id, set: { legal, updatedAt: now, updatedBy: actor.id } });
		await recordAudit(tx, actor, 'settings.legal_updated', { type: 'settings', id: 1 }, now, { missing: missingLegal(legal) });
	});
}

/** What the publish check needs of the installation. */
export async function checkSite(db: Db): Promise<CheckSite> {
	return { legalMissing: missingLegal(await getLegalSettings(db)) };
}
