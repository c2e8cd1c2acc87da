/**
 * Links that stand in for a password: the participant's own page is reached through an HMAC-signed
 * link (in every mail); the double opt-in uses a random token of which only the hash is stored.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const b64 = (value: Buffer | string) => Buffer.from(value).toString('base64url');

function sign(email: string, secret: string): string {
	return createHmac('sha256', secret).update(`participant:${email}`).digest('base64url');
}

export function participantToken(email: string, secret: string): string {
	return `${b64(email)}.${sign(email, secret)}`;
}

/** The email a participant token was made for, or null when it is not genuine. */
export function verifyParticipantToken(token: string, secret: string): string | null {
	const [encoded, signature] = token.split('.');
	if (!encoded || !signature) return null;
	let email: string;
	try {
		email = Buffer.from(encoded, 'base64url').toString('utf8');
	} catch {
		return null;
	}
	const expected = Buffer.from(sign(email, secret));
	const given = Buffer.from(signature);
	return expected.length === given.length && timingSafeEqual(expected, given) ? email : null;
}

export function newConfirmToken(): { token: string; hash: string } {
	const token = randomBytes(24).toString('base64url');
	return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}
