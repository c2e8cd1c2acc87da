import { describe, expect, it } from 'vitest';
import { languageList, languageName } from './locales.ts';

describe('language names instead of codes', () => {
	it('names a language in the reader’s language', () => {
		expect(languageName('en', 'de')).toBe('Englisch');
		expect(languageName('tr', 'en')).toBe('Turkish');
		expect(languageName('ar', 'ar')).toBe('العربية');
	});

	it('lists several as the reader writes a list, and leaves words that are no code alone', () => {
		expect(languageList(['de', 'tr'], 'de')).toBe('Deutsch und Türkisch');
		expect(languageList(['ar', 'de'], 'ar')).toBe('العربية والألمانية');
		expect(languageName('Kurdisch (Kurmancî)', 'de')).toBe('Kurdisch (Kurmancî)');
	});
});
