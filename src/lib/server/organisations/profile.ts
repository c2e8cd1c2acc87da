import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { organisation } from '../db/schema/organisations.ts';
import { recordAudit, type Actor } from '../audit/record.ts';

const list = (max: number) =>
	z
		.string()
		.default('')
		.transform((v) => v.split(/[\n,;]+/).map((x) => x.trim()).filter(Boolean).slice(0, max));
const year = z
	.string()
	.trim()
	.default('')
	.refine((v) => v === '' || (/^\d{4}$/.test(v) && Number(v) >= 1800 && Number(v) <= 2100), { error: 'err_number' })
	.transform((v) => (v === '' ? null : Number(v)));
const count = z
	.string()
	.trim()
	.default('')
	.refine((v) => v === '' || (/^\d{1,6}$/.test(v)), { error: 'err_number' })
	.transform((v) => (v === '' ? null : Number(v)));

/** The profile form; errors are message keys. */
export const profileSchema = z.object({
	legalForm: z.string().trim().max(100, { error: 'err_too_long' }).default(''),
	city: z.string().trim().max(100, { error: 'err_too_long' }).default(''),
	federalState: z.string().trim().max(100, { error: 'err_too_long' }).default(''),
	yearFounded: year,
	memberCount: count,
	languages: list(20),
	fieldsOfActivity: list(20),
	contactEmail: z.union([z.literal(''), z.email({ error: 'reg_err_email' })]).default(''),
	contactPhone: z.string().trim().max(50, { error: 'err_too_long' }).default(''),
	links: list(10).refine((links) => links.every((l) => /^https:\/\//.test(l)), { error: 'err_url' })
});
export type ProfileInput = z.output<typeof profileSchema>;

export async function updateProfile(db: Db, actor: Actor, organisationId: number, input: ProfileInput, now: Date) {
	await db.transaction(async (tx) => {
		await tx.update(organisation).set(input).where(eq(organisation.id, organisationId));
		await recordAudit(tx, actor, 'organisation.profile_updated', { type: 'organisation', id: organisationId }, now, { fields: Object.keys(input) });
	});
}

export async function getProfile(db: Db, organisationId: number) {
	const [row] = await db.select().from(organisation).where(eq(organisation.id, organisationId));
	return row;
}
