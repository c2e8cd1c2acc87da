import { randomBytes } from 'node:crypto';
import { count } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { user } from '../db/schema/auth.ts';
import { recordAudit } from '../audit/record.ts';
import type { Auth } from './auth.ts';

export const DEMO_ADMIN_EMAIL = 'admin@bildungsturbo.local';

/**
 * Creates the first admin when there is no account yet: from ADMIN_EMAIL / ADMIN_PASSWORD, else the
 * demo address with a generated password. Returns the credentials to print once, or null.
 */
export async function ensureFirstAdmin(
	db: Db,
	auth: Auth,
	opts: { email: string | null; password: string | null; now: Date }
): Promise<{ email: string; password: string; generated: boolean } | null> {
	const [{ n }] = await db.select({ n: count() }).from(user);
	if (n > 0) return null;
	const email = (opts.email ?? DEMO_ADMIN_EMAIL).toLowerCase();
	const password = opts.password ?? randomBytes(12).toString('base64url');
	const ctx = await auth.$context;
	let created;
	try {
		created = await ctx.internalAdapter.createUser({ email, name: 'Admin', emailVerified: true, role: 'admin' }, { method: 'email-password' });
	} catch (e) {
		// Several instances starting at once: another one created the first admin a moment earlier.
		const [{ now }] = await db.select({ now: count() }).from(user);
		if (now > 0) return null;
		throw e;
	}
	await ctx.internalAdapter.linkAccount({
		userId: created.id,
		providerId: 'credential',
		accountId: created.id,
		password: await ctx.password.hash(password)
	});
	await recordAudit(db, null, 'user.created', { type: 'user', id: created.id }, opts.now, { role: 'admin' });
	return { email, password, generated: opts.password === null };
}
