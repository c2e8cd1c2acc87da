// Words for the webhook pages: event types, delivery states, answers. Pure (the catalogue only).
import * as m from '#lib/paraglide/messages.js';
import { t } from '#lib/i18n/message.ts';
import { EVENT_TYPES } from '#lib/webhooks/events.ts';

/** `registration.created` → "Anmeldung eingegangen" (webhook_event_registration_created). */
export const eventName = (type: string) => t(`webhook_event_${type.replaceAll('.', '_')}`);

export const eventOptions = () => EVENT_TYPES.map((type) => ({ value: type, label: eventName(type), hint: type }));

/** The last answer of a delivery: "HTTP 500 in 12 ms", or "keine Antwort". */
export function answerText(status: number | null, ms: number | null): string {
	if (status === null) return m.webhook_no_answer();
	return ms === null ? `HTTP ${status}` : m.webhook_answer({ status, ms });
}
