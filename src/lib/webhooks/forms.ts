/**
 * The webhook endpoint form (backoffice): address, description, the events wanted (checkboxes
 * `events`). Pure; errors are catalogue keys.
 */
import { z } from 'zod';
import { parseForm, type Parsed } from '../forms/parse.ts';
import { EVENT_TYPES, type EventType } from './events.ts';

export type EndpointInput = { url: string; description: string; events: EventType[] };

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Why `value` cannot be an endpoint's address, as a catalogue key, or null when it can: an
 * absolute https URL without user name or password; plain http only to this machine
 * (localhost, 127.0.0.1, [::1]) and only when `allowLocalHttp` (a local start, the tests).
 */
export function endpointUrlError(value: string, allowLocalHttp: boolean): string | null {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return 'webhook_err_url';
	}
	if (url.username || url.password || !url.hostname) return 'webhook_err_url';
	if (url.protocol === 'https:') return null;
	if (url.protocol === 'http:' && allowLocalHttp && LOCAL_HOSTS.has(url.hostname)) return null;
	return 'webhook_err_https';
}

const schema = z.object({
	url: z.string().trim().min(1, { error: 'err_required' }).max(2000, { error: 'err_too_long' }),
	description: z.string().trim().max(200, { error: 'err_too_long' }).default('')
});

export function parseEndpointForm(form: FormData, allowLocalHttp: boolean): Parsed<EndpointInput> {
	const events = form.getAll('events').filter((v): v is string => typeof v === 'string');
	const parsed = parseForm(schema, form, (d) => d);
	const values = { url: String(form.get('url') ?? ''), description: String(form.get('description') ?? ''), events: events.join(',') };
	const errors = parsed.ok ? {} : parsed.errors;
	const urlError = parsed.ok ? endpointUrlError(parsed.data.url, allowLocalHttp) : null;
	if (urlError) errors.url = { key: urlError };
	const chosen = [...new Set(events)];
	if (!chosen.length) errors.events = { key: 'webhook_err_events' };
	else if (chosen.some((e) => !(EVENT_TYPES as string[]).includes(e))) errors.events = { key: 'err_choice' };
	if (!parsed.ok || Object.keys(errors).length) return { ok: false, errors, values };
	return { ok: true, data: { url: parsed.data.url, description: parsed.data.description, events: EVENT_TYPES.filter((t) => chosen.includes(t)) } };
}
