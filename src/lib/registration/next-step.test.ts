import { describe, expect, it } from 'vitest';
import { LOCALES } from '../i18n/locales.ts';
import { nextStepText, type NextStepInput } from './next-step.ts';

const base: NextStepInput = { status: 'confirmed', confirmBy: null, waitlistPosition: null, past: false, format: 'in_person', hasJoin: false };
const deadline = new Date('2027-03-01T14:30:00Z');

describe('what happens next, per state', () => {
	it('says in German what to do in each state', () => {
		expect(nextStepText({ ...base, status: 'held', confirmBy: deadline }, 'de')).toContain('01.03.2027');
		expect(nextStepText({ ...base, status: 'held', confirmBy: deadline }, 'de')).toContain('15:30');
		expect(nextStepText({ ...base, status: 'waitlisted', confirmBy: deadline }, 'de')).toMatch(/^Bitte bestätigen Sie zuerst/);
		expect(nextStepText({ ...base, status: 'waitlisted', waitlistPosition: 3 }, 'de')).toContain('Platz 3 der Warteliste');
		expect(nextStepText({ ...base, status: 'waitlisted' }, 'de')).toMatch(/^Sie stehen auf der Warteliste/);
		expect(nextStepText({ ...base, status: 'awaiting_approval' }, 'de')).toContain('prüft');
		expect(nextStepText(base, 'de')).toBe('Sie sind angemeldet. Kurz vor dem Termin erinnern wir Sie per E-Mail.');
		expect(nextStepText({ ...base, format: 'online', hasJoin: true }, 'de')).toContain('finden Sie unten');
		expect(nextStepText({ ...base, format: 'online' }, 'de')).toContain('rechtzeitig per E-Mail');
		expect(nextStepText({ ...base, past: true }, 'de')).toContain('Danke für Ihre Teilnahme');
		expect(nextStepText({ ...base, status: 'cancelled' }, 'de')).toContain('storniert');
		expect(nextStepText({ ...base, status: 'expired' }, 'de')).toContain('verfallen');
	});

	it('has a sentence of its own in every language for every state', () => {
		const cases: NextStepInput[] = [
			{ ...base, status: 'held', confirmBy: deadline },
			{ ...base, status: 'waitlisted', waitlistPosition: 2 },
			{ ...base, status: 'awaiting_approval' },
			base,
			{ ...base, status: 'cancelled' },
			{ ...base, status: 'expired' }
		];
		for (const locale of LOCALES) {
			const texts = cases.map((c) => nextStepText(c, locale));
			expect(new Set(texts).size, locale).toBe(cases.length);
			if (locale !== 'de') expect(texts, locale).not.toContain(nextStepText(base, 'de'));
			expect(texts[1], locale).toContain('2');
		}
	});
});
