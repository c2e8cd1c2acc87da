/** A handbook built for the output tests (PDF, EPUB): three chapters (one Arabic), a list, a long paragraph, an image, a table, a radar chart; `extra` short chapters more. */
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
						data: { axes: ['Strategie', 'Kommunikation', 'Daten', 'Werkzeuge'], series: [{ name: 'Vorher', values: [1, 2, 1.5, 2] }, { name: 'Nachher', values: [2.5, 3, 2, 3.5] }] }
					}
				]
			}),
			chapter({
				slug: 'arabisch',
				title: 'مقدمة الدليل',
				dir: 'rtl',
				markdown: 'يساعد المشروع الجمعيات في برلين.\n\n- ورشة Digitale Infrastruktur في برلين\n- الأحمد\n\n| المجال | العدد |\n| --- | --- |\n| الورش | 6 |'
			}),
			...Array.from({ length: extra }, (_, i) => chapter({ slug: `k${i}`, title: `Zusatzkapitel ${i + 1}`, markdown: `Inhalt von Zusatzkapitel ${i + 1}.` }))
		]
	};
}

