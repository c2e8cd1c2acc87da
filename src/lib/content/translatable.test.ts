import { describe, expect, it } from 'vitest';
import { compact, languagesOf, localise } from './translatable.ts';

describe('localise', () => {
	it('gives the requested language when it has text', () => {
		expect(localise({ de: 'Workshop', en: 'Workshop (EN)' }, 'en')).toEqual({ text: 'Workshop (EN)', lang: 'en', fallback: false });
	});

	it('trims the text', () => {
		expect(localise({ de: '  Workshop \n' }, 'de')).toEqual({ text: 'Workshop', lang: 'de', fallback: false });
	});

	it('falls back to German and says so', () => {
		expect(localise({ de: 'Beratung', tr: 'Danışmanlık' }, 'en')).toEqual({ text: 'Beratung', lang: 'de', fallback: true });
	});

	it('falls back to German when the requested language is blank', () => {
		expect(localise({ de: 'Beratung', en: '   ' }, 'en')).toEqual({ text: 'Beratung', lang: 'de', fallback: true });
	});

	it('falls back to any language when German is missing too', () => {
		expect(localise({ tr: 'Danışmanlık' }, 'en')).toEqual({ text: 'Danışmanlık', lang: 'tr', fallback: true });
		expect(localise({ de: ' ', uk: 'Консультація' }, 'ar')).toEqual({ text: 'Консультація', lang: 'uk', fallback: true });
	});

	it('falls back from German to another language and says so', () => {
		expect(localise({ en: 'Consultation' }, 'de')).toEqual({ text: 'Consultation', lang: 'en', fallback: true });
	});

	it('is empty without any text, and not a fallback', () => {
		expect(localise({}, 'en')).toEqual({ text: '', lang: 'en', fallback: false });
		expect(localise(null, 'de')).toEqual({ text: '', lang: 'de', fallback: false });
		expect(localise(undefined, 'tr')).toEqual({ text: '', lang: 'tr', fallback: false });
	});
});

describe('languagesOf', () => {
	it('lists the languages with non-blank text, in catalogue order', () => {
		expect(languagesOf({ en: 'A', de: 'B', tr: ' ', ru: '' })).toEqual(['de', 'en']);
		expect(languagesOf(null)).toEqual([]);
	});
});

describe('compact', () => {
	it('drops blank languages and trims the rest', () => {
		expect(compact({ de: ' Workshop ', en: '', tr: '  ' })).toEqual({ de: 'Workshop' });
	});
});
