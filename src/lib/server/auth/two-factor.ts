/**
 * A staff member switches the TOTP second factor on and off for their own account (better-auth
 * twoFactor plugin). Setting up is two steps: the password gives a secret (QR code), a code from the
 * app confirms it; only then does sign-in ask for codes, and the backup codes are shown that once.
 */
import { eq } from 'drizzle-orm';
import { APIError } from 'better-auth/api';
import QRCode from 'qrcode';
import type { Db } from '../db/client.ts';
import { user } from '../db/schema/auth.ts';
import type { Auth } from './auth.ts';

export type SetupStart = { status: 'ok'; totpURI: string; secret: string; qr: string } | { status: 'wrong-password' };

/** The secret for the app, as a QR code (SVG data URL) and as text; nothing is switched on yet. */
export async function startTwoFactorSetup(auth: Auth, headers: Headers, password: string): Promise<SetupStart> {
	try {
		const result = await auth.api.enableTwoFactor({ body: { password, method: 'totp' }, headers });
		if (result.method !== 'totp') throw new Error('TOTP expected');
		return { status: 'ok', ...(await setupView(result.totpURI)) };
	} catch (e) {
		if (e instanceof APIError) return { status: 'wrong-password' };
		throw e;
	}
}

/** The QR code and the key as text for an `otpauth://` URI (redrawn when a confirmation code was wrong). */
export async function setupView(totpURI: string): Promise<{ totpURI: string; secret: string; qr: string }> {
	const uri = new URL(totpURI);
	if (uri.protocol !== 'otpauth:') throw new Error('not a TOTP URI');
	const svg = await QRCode.toString(totpURI, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
	return { totpURI, secret: uri.searchParams.get('secret') ?? '', qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}

export type SetupConfirm = { status: 'ok'; backupCodes: string[]; headers: Headers } | { status: 'wrong-code' };

/** Switches the second factor on with a code from the app; returns the backup codes to show once. */
export async function confirmTwoFactorSetup(auth: Auth, headers: Headers, userId: string, code: string): Promise<SetupConfirm> {
	let renewed: Headers;
	try {
		({ headers: renewed } = await auth.api.verifyTOTP({ body: { code: code.replace(/\s/g, '') }, headers, returnHeaders: true }));
	} catch (e) {
		if (e instanceof APIError) return { status: 'wrong-code' };
		throw e;
	}
	const { backupCodes } = await auth.api.viewBackupCodes({ body: { userId } });
	return { status: 'ok', backupCodes, headers: renewed };
}

/** Switches the second factor off (password again). Returns false for a wrong password. */
export async function disableTwoFactor(auth: Auth, headers: Headers, password: string): Promise<boolean> {
	try {
		await auth.api.disableTwoFactor({ body: { password }, headers });
		return true;
	} catch (e) {
		if (e instanceof APIError) return false;
		throw e;
	}
}

/**
 * Whether the account's sign-in asks for a code. Read by id, not through the request's session:
 * switching the factor on or off replaces the session, and a session lookup with the request's old
 * cookie in the same request would expire the new cookie just set (signing the person out).
 */
export async function twoFactorEnabled(db: Db, userId: string): Promise<boolean> {
	const [row] = await db.select({ enabled: user.twoFactorEnabled }).from(user).where(eq(user.id, userId));
	return row?.enabled ?? false;
}
