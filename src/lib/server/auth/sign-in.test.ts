import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { totpCode } from '../testing/totp.ts';
import { openTestDatabase } from '../testing/db.ts';
import type { Database } from '../db/client.ts';
import { user } from '../db/schema/auth.ts';
import { organisation } from '../db/schema/organisations.ts';
import { randomUUID } from 'node:crypto';
import { mailOutbox } from '../db/schema/registration.ts';
import { organisationMember } from '../db/schema/organisations.ts';
import { enqueueSignInMail } from '../organisations/members.ts';
import { createAuth, type Auth, type MagicLinkMail } from './auth.ts';
import { ensureFirstAdmin } from './staff.ts';
import { isStaff } from './guard.ts';
import { requestSignInLink, signInStaff, verifyStaffCode } from './sign-in.ts';
import { confirmTwoFactorSetup, startTwoFactorSetup, twoFactorEnabled } from './two-factor.ts';

const NOW = new Date('2027-03-01T09:00:00Z');
const ADMIN = 'admin@example.org';
const PASSWORD = 'correct horse battery';
const MEMBER = 'amal@example.org';

let database: Database;
let auth: Auth;
const links: MagicLinkMail[] = [];

/** The cookies a response sets, as a request's Cookie header (deleted cookies left out). */
function cookiesOf(headers: Headers, previous = ''): Headers {
	const jar = new Map(previous.split('; ').filter(Boolean).map((c) => [c.split('=')[0], c] as const));
	for (const line of headers.getSetCookie()) {
		const pair = line.split(';')[0];
		const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
		if (value && !/max-age=0/i.test(line)) jar.set(name, pair);
		else jar.delete(name);
	}
	return new Headers({ cookie: [...jar.values()].join('; ') });
}


async function localsUser(headers: Headers): Promise<App.Locals['user']> {
	const found = await auth.api.getSession({ headers });
	if (!found) return null;
	const role = (found.user as { role?: string }).role ?? '';
	return { id: found.user.id, email: found.user.email, name: found.user.name, role, signInMethod: (found.session as { signInMethod?: string }).signInMethod ?? 'other' };
}

/** An association account with a membership (as an accepted invitation leaves it). */
async function member(organisationId: number, email: string, name: string) {
	const [account] = await database.db.insert(user).values({ id: randomUUID(), email, name, role: 'org_member', emailVerified: true, createdAt: NOW, updatedAt: NOW }).returning();
	await database.db.insert(organisationMember).values({ organisationId, userId: account.id, role: 'member', createdAt: NOW });
}

const mails = (to: string) => database.db.select().from(mailOutbox).where(eq(mailOutbox.to, to));
const tokenOf = (url: string) => decodeURIComponent(url.split('/verein/link/')[1]);
const client = (n: number) => `198.51.100.${n}`;

beforeAll(async () => {
	database = await openTestDatabase();
	auth = createAuth(database.db, {
		secret: 'test-secret-test-secret-test-secret',
		publicOrigin: 'http://localhost:3000',
		sendSignInLink: async (mail) => {
			links.push(mail);
			await enqueueSignInMail(database.db, mail, mail.locale ?? 'de', NOW);
		}
	});
	await ensureFirstAdmin(database.db, auth, { email: ADMIN, password: PASSWORD, now: NOW });
	const [org] = await database.db.insert(organisation).values({ name: 'Verein Brücke', confirmed: true }).returning();
	await member(org.id, MEMBER, 'Amal');
});
afterAll(() => database?.close());

describe('staff sign-in', () => {
	it('is by password only: no sign-in link for staff, and a link session never reaches the backoffice', async () => {
		const ok = await signInStaff(database.db, auth, { email: ADMIN, password: PASSWORD, client: client(1), headers: new Headers() }, NOW);
		expect(ok.status).toBe('signed-in');
		const staff = await localsUser(cookiesOf((ok as { headers: Headers }).headers));
		expect(staff).toMatchObject({ role: 'admin', signInMethod: 'password' });
		expect(isStaff(staff)).toBe(true);

		// The association form mails nothing to a staff address (and says the same as for anyone).
		links.length = 0;
		expect(await requestSignInLink(database.db, auth, { email: ADMIN, client: client(2), locale: 'de', headers: new Headers() }, NOW)).toEqual({ status: 'sent' });
		expect(links).toEqual([]);
		expect(await mails(ADMIN)).toEqual([]);

		// Even a link made some other way (an invitation of a staff address) neither mails nor signs in.
		await auth.api.signInMagicLink({ body: { email: ADMIN, callbackURL: '/verein' }, headers: new Headers() });
		expect(links).toHaveLength(1);
		expect(await mails(ADMIN)).toEqual([]);
		const verify = await auth.api.magicLinkVerify({ query: { token: tokenOf(links[0].url), callbackURL: '/verein', errorCallbackURL: '/verein/anmelden' }, headers: new Headers(), asResponse: true });
		expect(verify.headers.get('location')).toContain('error=');
		expect(verify.headers.getSetCookie().some((c) => c.includes('session_token=') && !/max-age=0/i.test(c))).toBe(false);

		// A member's link session stays out of /admin, even if the account were made staff afterwards.
		links.length = 0;
		await requestSignInLink(database.db, auth, { email: MEMBER, client: client(3), locale: 'de', headers: new Headers() }, NOW);
		const verified = await auth.api.magicLinkVerify({ query: { token: tokenOf(links[0].url), callbackURL: '/verein' }, headers: new Headers(), asResponse: true });
		const memberCookies = cookiesOf(verified.headers);
		await database.db.update(user).set({ role: 'admin' }).where(eq(user.email, MEMBER));
		const promoted = await localsUser(memberCookies);
		await database.db.update(user).set({ role: 'org_member' }).where(eq(user.email, MEMBER));
		expect(promoted).toMatchObject({ role: 'admin', signInMethod: 'magic-link' });
		expect(isStaff(promoted)).toBe(false);
	});

	it('limits guessing per address and client with growing pauses, so the owner still gets in', async () => {
		const attacker = client(66);
		const t = (s: number) => new Date(NOW.getTime() + 3_600_000 + s * 1000);
		for (let i = 0; i < 5; i++) {
			expect((await signInStaff(database.db, auth, { email: ADMIN, password: 'wrong password', client: attacker, headers: new Headers() }, t(i))).status).toBe('failed');
		}
		// Five are free; then pauses of 15 s, 30 s … (the right password waits too, from this client).
		expect(await signInStaff(database.db, auth, { email: ADMIN, password: PASSWORD, client: attacker, headers: new Headers() }, t(5))).toEqual({ status: 'rate-limited', seconds: 14 });
		expect((await signInStaff(database.db, auth, { email: ADMIN, password: 'wrong password', client: attacker, headers: new Headers() }, t(20))).status).toBe('failed');
		expect(await signInStaff(database.db, auth, { email: ADMIN, password: PASSWORD, client: attacker, headers: new Headers() }, t(21))).toEqual({ status: 'rate-limited', seconds: 29 });

		// Meanwhile the owner, on their own connection, signs in with the right password.
		expect((await signInStaff(database.db, auth, { email: ADMIN, password: PASSWORD, client: client(7), headers: new Headers() }, t(23))).status).toBe('signed-in');
	});
});

describe('sign-in links for associations', () => {
	it('go only to association members, at most three an hour per address, the same answer for unknown ones', async () => {
		const at = (min: number) => new Date(NOW.getTime() + 5 * 3_600_000 + min * 60_000);
		const address = 'bora@example.org';
		const [org] = await database.db.select().from(organisation).limit(1);
		await member(org.id, address, 'Bora');
		const before = (await mails(address)).length;
		const answers = [];
		for (let i = 0; i < 5; i++) answers.push(await requestSignInLink(database.db, auth, { email: address, client: client(10 + i), locale: 'de', headers: new Headers() }, at(i)));
		expect(answers.map((a) => a.status)).toEqual(['sent', 'sent', 'sent', 'mail-limited', 'mail-limited']);
		expect(answers[3]).toEqual({ status: 'mail-limited', minutes: 57 });
		expect((await mails(address)).length - before).toBe(3);

		const unknown = [];
		links.length = 0;
		for (let i = 0; i < 4; i++) unknown.push((await requestSignInLink(database.db, auth, { email: 'nobody@example.org', client: client(20), locale: 'de', headers: new Headers() }, at(i))).status);
		expect(unknown).toEqual(['sent', 'sent', 'sent', 'mail-limited']);
		expect(links).toEqual([]);
		expect(await mails('nobody@example.org')).toEqual([]);
		// An hour later the address may have a link again.
		expect((await requestSignInLink(database.db, auth, { email: address, client: client(30), locale: 'de', headers: new Headers() }, at(61))).status).toBe('sent');
	});

	it("arrive in the page's language, with the link to that language's page, naming the association", async () => {
		const address = 'cem@example.org';
		const [org] = await database.db.insert(organisation).values({ name: 'Kulturverein Aydın', confirmed: true }).returning();
		await member(org.id, address, 'Cem');
		await requestSignInLink(database.db, auth, { email: address, client: client(40), locale: 'en', headers: new Headers() }, new Date(NOW.getTime() + 9 * 3_600_000));
		const [mail] = (await mails(address)).slice(-1);
		expect(mail).toMatchObject({ language: 'en', subject: 'Your sign-in link for Bildungsturbo' });
		expect(mail.text).toContain('Kulturverein Aydın');
		expect(mail.text).toMatch(/http:\/\/localhost:3000\/en\/verein\/link\/\S+/);
	});
});

describe('two-factor sign-in', () => {
	it('is switched on with a code from the app; then sign-in asks for a code or a backup code', async () => {
		const when = new Date(NOW.getTime() + 20 * 3_600_000);
		const first = await signInStaff(database.db, auth, { email: ADMIN, password: PASSWORD, client: client(50), headers: new Headers() }, when);
		let cookies = cookiesOf((first as { headers: Headers }).headers);
		const me = (await localsUser(cookies))!;

		expect(await startTwoFactorSetup(auth, cookies, 'not my password')).toEqual({ status: 'wrong-password' });
		const setup = await startTwoFactorSetup(auth, cookies, PASSWORD);
		if (setup.status !== 'ok') throw new Error('setup failed');
		expect(setup.qr).toMatch(/^data:image\/svg\+xml;base64,/);
		const totp = { totp: async () => totpCode(setup.secret, Date.now()) };
		// Not on before the code is confirmed.
		expect(await twoFactorEnabled(database.db, me.id)).toBe(false);
		expect(await confirmTwoFactorSetup(auth, cookies, me.id, '000000' === (await totp.totp()) ? '111111' : '000000')).toEqual({ status: 'wrong-code' });
		const confirmed = await confirmTwoFactorSetup(auth, cookies, me.id, await totp.totp());
		if (confirmed.status !== 'ok') throw new Error('confirm failed');
		expect(confirmed.backupCodes).toHaveLength(10);
		// Switching on replaced the session: the request's old cookie is dead (a page must not look it up again).
		expect(await localsUser(cookies)).toBeNull();
		cookies = cookiesOf(confirmed.headers, cookies.get('cookie') ?? '');
		expect(await twoFactorEnabled(database.db, me.id)).toBe(true);
		// The renewed session is still a password session: the backoffice stays open.
		expect(isStaff(await localsUser(cookies))).toBe(true);

		// Sign-in now stops after the password …
		const step = await signInStaff(database.db, auth, { email: ADMIN, password: PASSWORD, client: client(51), headers: new Headers() }, when);
		expect(step.status).toBe('code-needed');
		const pending = cookiesOf((step as { headers: Headers }).headers);
		expect(await localsUser(pending)).toBeNull();
		expect((await verifyStaffCode(database.db, auth, { code: '12345x', backup: false, client: client(51), headers: pending }, when)).status).toBe('failed');
		const done = await verifyStaffCode(database.db, auth, { code: await totp.totp(), backup: false, client: client(51), headers: pending }, when);
		expect(done.status).toBe('signed-in');
		const signedIn = await localsUser(cookiesOf((done as { headers: Headers }).headers));
		expect(signedIn).toMatchObject({ role: 'admin', signInMethod: 'two-factor' });
		expect(isStaff(signedIn)).toBe(true);

		// … or takes a backup code, once.
		const again = await signInStaff(database.db, auth, { email: ADMIN, password: PASSWORD, client: client(52), headers: new Headers() }, when);
		const backup = await verifyStaffCode(database.db, auth, { code: confirmed.backupCodes[0], backup: true, client: client(52), headers: cookiesOf((again as { headers: Headers }).headers) }, when);
		expect(backup.status).toBe('signed-in');
		const third = await signInStaff(database.db, auth, { email: ADMIN, password: PASSWORD, client: client(53), headers: new Headers() }, when);
		expect((await verifyStaffCode(database.db, auth, { code: confirmed.backupCodes[0], backup: true, client: client(53), headers: cookiesOf((third as { headers: Headers }).headers) }, when)).status).toBe('failed');
	});
});
