/**
 * What happens next for one registration, in the reader's language: the participant page's first
 * sentence for each state. Pure; messages from the Paraglide catalogue.
 */
import * as m from '../paraglide/messages.js';
import type { Locale } from '../i18n/locales.ts';
import { formatDateTime } from '../programme/dates.ts';

export interface NextStepInput {
	status: string;
	/** Until when an unconfirmed registration waits for the email link (null once confirmed). */
	confirmBy: Date | null;
	waitlistPosition: number | null;
	/** Every session is over. */
	past: boolean;
	format: 'in_person' | 'online' | 'hybrid';
	/** The join data of an online session is already there (confirmed places only). */
	hasJoin: boolean;
}

export function nextStepText(r: NextStepInput, locale: Locale): string {
	const o = { locale };
	const deadline = r.confirmBy ? formatDateTime(r.confirmBy, locale) : '';
	switch (r.status) {
		case 'held':
			return m.pub_me_next_held({ deadline }, o);
		case 'waitlisted':
			if (r.confirmBy) return m.pub_me_next_waitlist_unconfirmed({ deadline }, o);
			return r.waitlistPosition ? m.pub_me_next_waitlisted({ position: r.waitlistPosition }, o) : m.pub_me_next_waitlisted_plain({}, o);
		case 'awaiting_approval':
			return m.pub_me_next_awaiting({}, o);
		case 'confirmed':
			if (r.past) return m.pub_me_next_past({}, o);
			if (r.format === 'in_person') return m.pub_me_next_confirmed({}, o);
			return `${m.pub_me_next_confirmed({}, o)} ${r.hasJoin ? m.pub_me_next_join_here({}, o) : m.pub_me_next_join_later({}, o)}`;
		case 'cancelled':
			return m.pub_me_next_cancelled({}, o);
		default:
			return m.pub_me_next_expired({}, o);
	}
}
