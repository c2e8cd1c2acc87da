import { describe, expect, it } from 'vitest';
import { findPlaceholder, withoutPlaceholders } from './placeholder.ts';

describe('findPlaceholder', () => {
	it.each([
		['Lorem ipsum dolor sit amet', 'Lorem ipsum'],
		['lorem IPSUM', 'lorem IPSUM'],
		['… dolor sit amet, consectetur', 'dolor sit amet'],
		['TODO: Referentin anfragen', 'TODO'],
		['Ort: TBD', 'TBD'],
		['FIXME', 'FIXME'],
		['Raum XXX', 'XXX'],
		['Platzhalter für den Text', 'Platzhalter'],
		['This is a placeholder', 'placeholder'],
		['Beschreibung [Text folgt]', '[Text folgt]'],
		['[Datum folgt]', '[Datum folgt]']
	])('finds the placeholder in %j', (text, found) => {
		expect(findPlaceholder(text)).toBe(found);
	});

	it.each([
		'Todos und Aufgabenlisten',
		'Mit Dolores Fernández',
		'Der Todo-Listen-Workshop', // lower-case "Todo" is a real word here
		'Lorem ist ein Name; ipsum auch',
		'Größe XL und XXL',
		'10 x 2 Termine',
		'Text folgt in Kürze',
		''
	])('leaves ordinary text alone: %j', (text) => {
		expect(findPlaceholder(text)).toBeNull();
	});

	it('accepts null and undefined', () => {
		expect(findPlaceholder(null)).toBeNull();
		expect(findPlaceholder(undefined)).toBeNull();
	});
});

describe('withoutPlaceholders', () => {
	it('drops only the paragraph that holds Lorem ipsum', () => {
		const text =
			'10 x 2 Termine Jeweils 2 Std; mittwochs\n\nTeilnahme per Zoom\n\nLorem ipsum dolor sit amet, consectetur adipiscing elit. Ut elit tellus.';
		expect(withoutPlaceholders(text)).toBe('10 x 2 Termine Jeweils 2 Std; mittwochs\n\nTeilnahme per Zoom');
	});

	it('keeps the other paragraphs around a placeholder in the middle, lines inside them included', () => {
		const text = 'Erster Absatz.\nZweite Zeile.\n\nLorem ipsum dolor.\n\nDritter Absatz.';
		expect(withoutPlaceholders(text)).toBe('Erster Absatz.\nZweite Zeile.\n\nDritter Absatz.');
	});

	it('treats blank lines with spaces as paragraph breaks', () => {
		expect(withoutPlaceholders('Oben.\n   \nTODO später\n \t\nUnten.')).toBe('Oben.\n\nUnten.');
	});

	it('drops a whole paragraph, not only the line with the placeholder', () => {
		expect(withoutPlaceholders('Echter Satz.\nLorem ipsum.\n\nNoch ein Absatz.')).toBe('Noch ein Absatz.');
	});

	it('leaves text without placeholders unchanged and empties text that is only filler', () => {
		expect(withoutPlaceholders('Teilnahme per Zoom\n\nTodos folgen.')).toBe('Teilnahme per Zoom\n\nTodos folgen.');
		expect(withoutPlaceholders('Lorem ipsum dolor sit amet.')).toBe('');
	});
});
