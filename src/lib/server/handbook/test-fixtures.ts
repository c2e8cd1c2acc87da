/**
 * For the output tests (PDF, EPUB): a handbook built for them (three chapters, one Arabic; a list, a
 * long paragraph, an image, a table, a radar chart; `extra` short chapters more), and the EPUB's
 * structure checked (checkEpub).
 */
import { expect } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { DEMO_LOGO_PNG } from '../settings/demo-logo.ts';
import type { HandbookDocument } from './content.ts';

const chapter = (over: Partial<HandbookDocument['chapters'][number]>): HandbookDocument['chapters'][number] => ({
	slug: 'x',
	title: 'Kapitel',
	kind: 'written',
	markdown: '',
	dir: 'ltr',
	charts: [],
	images: [],
	...over
});

export function sampleHandbook(extra = 0): HandbookDocument {
	const long = Array.from({ length: 60 }, (_, i) => `Satz ${i + 1} über die Organisationsentwicklung im Verein.`).join(' ');
	return {
		projectSlug: 'digit-ready-ii',
		title: 'Transferhandbuch Digit-Ready II',
		subtitle: 'Organisationsentwicklung für Migrantenorganisationen',
		language: 'de',
		fallbackLanguage: null,
		licence: 'CC-BY-SA-4.0',
		licenceUrl: 'https://creativecommons.org/licenses/by-sa/4.0/',
		publishedAt: '2027-06-30T10:00:00.000Z',
		provider: 'Brückenwerk Bildung e. V.',
		chapters: [
			chapter({
				slug: 'einleitung',
				title: 'Einleitung',
				markdown: `Das Projekt **stärkt** Vereine &amp; Initiativen.\n\n## Ziele\n\n- Erstens: digitale Werkzeuge\n- Zweitens: Strukturen\n  1. Satzung\n  2. Finanzen\n\n${long}\n\n![Das Logo des Trägers](bild-1)\n\nNach dem Bild.`,
				images: [{ id: 'bild-1', alt: 'Logo', contentType: 'image/png', bytes: new Uint8Array(DEMO_LOGO_PNG) }]
			}),
			chapter({
				slug: 'programm',
				title: 'Das Programm, wie es lief',
				kind: 'generated',
				markdown: '| Programmpunkt | Datum | Teilnehmende |\n| --- | --- | ---: |\n| Workshop Datenschutz | 12.03.2027 | 14 |\n| Online-Seminar Förderanträge | 02.04.2027 | 22 |',
				charts: [
					{
						kind: 'radar',
						caption: 'Digital-Check der Kohorte: vorher und nachher',
						data: { axes: ['Strategie', 'Kommunikation', 'Daten', 'Werkzeuge'], series: [{ name: 'Vorher', values: [1, 2, 1.5, 2], color: '#0b5cad' }, { name: 'Nachher', values: [2.5, 3, 2, 3.5], color: '#7a4b00' }], max: 4 }
					}
				]
			}),
			chapter({
				slug: 'arabisch',
				title: 'مقدمة الدليل',
				dir: 'rtl',
				lang: 'ar',
				markdown: 'يساعد المشروع الجمعيات في برلين.\n\n- ورشة Digitale Infrastruktur في برلين\n- الأحمد\n\n| المجال | العدد |\n| --- | --- |\n| الورش | 6 |'
			}),
			...Array.from({ length: extra }, (_, i) => chapter({ slug: `k${i}`, title: `Zusatzkapitel ${i + 1}`, markdown: `Inhalt von Zusatzkapitel ${i + 1}.` }))
		]
	};
}


interface Element {
	name: string;
	attributes: Record<string, string>;
	text: string;
}

/** Parses strict XML (namespaces on) and returns its elements in document order; throws on anything not well-formed. */
export function parseXml(xml: string): Element[] {
	const parser = new SaxesParser({ xmlns: true });
	const elements: Element[] = [];
	const open: Element[] = [];
	parser.on('error', (e) => {
		throw e;
	});
	parser.on('opentag', (tag: SaxesTagNS) => {
		const el = { name: tag.name, attributes: Object.fromEntries(Object.values(tag.attributes).map((a) => [a.name, a.value])), text: '' };
		elements.push(el);
		open.push(el);
	});
	parser.on('text', (t) => open.forEach((el) => (el.text += t)));
	parser.on('closetag', () => void open.pop());
	parser.write(xml).close();
	return elements;
}

export function checkEpub(bytes: Uint8Array) {
	// The first local file header: "mimetype", stored (method 0), holding exactly the media type.
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	expect(view.getUint32(0, true)).toBe(0x04034b50);
	expect(view.getUint16(8, true)).toBe(0);
	const nameLength = view.getUint16(26, true);
	const extra = view.getUint16(28, true);
	expect(strFromU8(bytes.subarray(30, 30 + nameLength))).toBe('mimetype');
	expect(strFromU8(bytes.subarray(30 + nameLength + extra, 30 + nameLength + extra + 20))).toBe('application/epub+zip');
	const files = unzipSync(bytes);
	const container = parseXml(strFromU8(files['META-INF/container.xml']));
	const opfPath = container.find((e) => e.name === 'rootfile')!.attributes['full-path'];
	const opfText = strFromU8(files[opfPath]);
	const opf = parseXml(opfText);
	const base = opfPath.replace(/[^/]+$/, '');
	const items = opf.filter((e) => e.name === 'item');
	for (const item of items) expect(files[base + item.attributes.href], item.attributes.href).toBeDefined();
	const ids = new Set(items.map((i) => i.attributes.id));
	for (const ref of opf.filter((e) => e.name === 'itemref')) expect(ids.has(ref.attributes.idref)).toBe(true);
	const xhtml: Record<string, Element[]> = {};
	for (const item of items.filter((i) => i.attributes['media-type'] === 'application/xhtml+xml')) {
		xhtml[item.attributes.href] = parseXml(strFromU8(files[base + item.attributes.href]));
	}
	return { files, opf, opfText, items, xhtml, meta: (name: string) => opf.find((e) => e.name === name)?.text };
}

