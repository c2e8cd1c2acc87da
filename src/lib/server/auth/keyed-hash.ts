/**
 * Keyed hashes (HMAC-SHA-256 with the app secret) for values that must be recognisable again but
 * must not be stored readable: rate-limit keys (client addresses, typed email addresses) and the
 * reference to a person in the audit log. Without the secret a hash leads to no one.
 *
 * The secret is set once at start (`useKeyedHashSecret`, from startApp) so that every instance
 * computes the same hashes; until then a random per-process secret is used, so nothing is ever
 * stored in the clear (tests, scripts).
 */
import { createHmac, randomBytes } from 'node:crypto';

let secret = randomBytes(32).toString('hex');

export function useKeyedHashSecret(value: string): void {
	secret = value;
}

/** `purpose` separates uses, so a hash from one table never matches another's. */
export function keyedHash(purpose: string, value: string): string {
	return createHmac('sha256', secret).update(`${purpose}\u0000${value}`).digest('base64url');
}
