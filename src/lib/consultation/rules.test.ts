import { describe, expect, it } from 'vitest';
import { associationMayChange, bookingWindow, joinWindowOpen, offerExpiry, parseIntakeForm, DEFAULT_RULES } from './rules.ts';

const HOUR = 3_600_000;
const form = (fields: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
};

describe('consultation rules', () => {
	it('booking window, change deadline, offer expiry and join window', () => {
		const now = new Date('2027-03-01T08:00:00Z');
		const at = (h: number) => new Date(now.getTime() + h * HOUR);
		const rules = { ...DEFAULT_RULES, closesHoursBefore: 24, bookableDaysAhead: 10, changeUntilHoursBefore: 48, offerHours: 12 };
		expect(bookingWindow(rules, at(23), now)).toBe('too_late');
		expect(bookingWindow(rules, at(24), now)).toBe('open');
		expect(bookingWindow(rules, at(240), now)).toBe('open');
		expect(bookingWindow(rules, at(241), now)).toBe('too_early');
		expect(associationMayChange(rules, at(48), now)).toBe(true);
		expect(associationMayChange(rules, at(47), now)).toBe(false);
		expect(offerExpiry(rules, at(100), now)).toEqual(at(12));
		expect(offerExpiry(rules, at(30), now)).toEqual(at(6));
		expect(offerExpiry(rules, at(24), now)).toBeNull();
		expect(joinWindowOpen(at(1), at(3), 30, at(0.49))).toBe(false);
		expect(joinWindowOpen(at(1), at(3), 30, at(0.5))).toBe(true);
		expect(joinWindowOpen(at(1), at(3), 30, at(3.01))).toBe(false);
	});

	it('parses the booking form with each error on its own field and the typed values kept', () => {
		const ok = parseIntakeForm(form({ topic: 'Vereinscloud', dimensionKey: '', language: 'ar', 'attendees.0.name': 'Amira', 'attendees.0.email': 'Amira@Example.org', 'attendees.2.name': 'Karim', 'attendees.2.email': 'karim@example.org' }));
		expect(ok).toEqual({ ok: true, data: { topic: 'Vereinscloud', dimensionKey: null, language: 'ar', needs: '', attendees: [{ name: 'Amira', email: 'amira@example.org' }, { name: 'Karim', email: 'karim@example.org' }] } });
		const bad = parseIntakeForm(form({ topic: '', language: 'xx', 'attendees.0.name': 'Amira', 'attendees.0.email': 'amira@', 'attendees.2.name': '', 'attendees.2.email': 'k@example.org' }));
		expect(bad.ok).toBe(false);
		if (bad.ok) return;
		expect(bad.errors).toEqual({ topic: { key: 'err_required' }, language: { key: 'err_choice' }, 'attendees.0.email': { key: 'reg_err_email' }, 'attendees.2.name': { key: 'err_required' } });
		expect(bad.values['attendees.0.email']).toBe('amira@');
		const none = parseIntakeForm(form({ topic: 'x', language: 'de' }));
		expect(!none.ok && none.errors['attendees.0.name']).toEqual({ key: 'err_consultation_attendees' });
		const twice = parseIntakeForm(form({ topic: 'x', language: 'de', 'attendees.0.name': 'A', 'attendees.0.email': 'a@example.org', 'attendees.1.name': 'B', 'attendees.1.email': 'A@example.org' }));
		expect(!twice.ok && twice.errors['attendees.0.name']).toEqual({ key: 'err_consultation_attendee_twice' });
	});
});
