/**
 * Who may hold how much (docs/locking.md, "Holds and limits"): the pseudonymous key of a client
 * connection, the per-client cap on unconfirmed registrations, the re-send rule and what counts as
 * a suspicious burst. No raw IP address or email is stored for any of it: keys are keyed hashes.
 */
import { createHmac } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/** A repeat registration re-sends the confirmation mail at most once, and not before this. */
export const RESEND_AFTER_MS = 5 * 60_000;
/** At least this many unconfirmed registrations from one client for one item are shown to the team. */
export const BURST_MIN = 3;

/**
 * How many unconfirmed registrations one client may have at once in one scope (an item, or one
 * session of a per-session item): a quarter of the places, at least 2, at most 5; 5 when unlimited.
 */
export function unconfirmedPerClient(capacity: number | null): number {
	if (capacity === null) return 5;
	return Math.min(5, Math.max(2, Math.ceil(capacity / 4)));
}

/** The network a client stands for: an IPv4 address, or the /64 of an IPv6 address (one household or line). */
export function clientNetwork(address: string): string {
	const plain = address.trim().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
	const mapped = plain.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i);
	if (mapped && isIPv4(mapped[1])) return mapped[1];
	if (isIPv4(plain)) return plain;
	if (!isIPv6(plain)) return plain.toLowerCase();
	const [head, tail = ''] = plain.toLowerCase().split('::');
	const left = head ? head.split(':') : [];
	const right = plain.includes('::') && tail ? tail.split(':') : [];
	const groups = plain.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
	return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

const keyed = (kind: string, value: string, secret: string) => createHmac('sha256', secret).update(`${kind}:${value}`).digest('base64url').slice(0, 22);

/** The stored pseudonym of a client connection (a keyed hash of its network). */
export function clientKey(address: string, secret: string): string {
	return keyed('client', clientNetwork(address), secret);
}

/** The rate-limit key of an email address (a keyed hash, so the limit table holds no address). */
export function addressKey(email: string, secret: string): string {
	return keyed('address', email.trim().toLowerCase(), secret);
}
