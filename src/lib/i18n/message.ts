import * as m from '#lib/paraglide/messages.js';

type MessageFn = (params?: Record<string, unknown>) => string;

/** The catalogue text for a key computed at run time (error codes, finding codes, enum labels). */
export function t(key: string, params: Record<string, unknown> = {}): string {
	const fn = (m as unknown as Record<string, MessageFn | undefined>)[key];
	return fn ? fn(params) : key;
}
