import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { handbookEpub } from './epub.ts';
import { sampleHandbook } from './test-fixtures.ts';

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

describe('the handbook as EPUB 3', () => {
	it('is a well-formed EPUB: mimetype first and stored, container, package with language, rights, modified date and nav, one XHTML per chapter', () => {
		const hb = sampleHandbook();
		const epub = checkEpub(handbookEpub(hb, { now: new Date('2027-07-01T00:00:00Z') }));
		expect(epub.meta('dc:language')).toBe('de');
		expect(epub.meta('dc:title')).toBe('Transferhandbuch Digit-Ready II');
		expect(epub.meta('dc:rights')).toBe('Dieses Handbuch steht unter der Lizenz CC BY-SA 4.0: https://creativecommons.org/licenses/by-sa/4.0/');
		expect(epub.opf.find((e) => e.attributes.property === 'dcterms:modified')?.text).toBe('2027-06-30T10:00:00Z');
		const nav = epub.items.find((i) => i.attributes.properties === 'nav')!;
		const links = epub.xhtml[nav.attributes.href].filter((e) => e.name === 'a');
		expect(links.map((a) => a.text)).toEqual(hb.chapters.map((c) => c.title));
		// Each chapter: its file, its title, lang and direction.
		hb.chapters.forEach((chapter, i) => {
			const doc = epub.xhtml[links[i].attributes.href];
			const html = doc.find((e) => e.name === 'html')!;
			expect(html.attributes.lang).toBe('de');
			expect(html.attributes.dir).toBe(chapter.dir);
			expect(doc.find((e) => e.name === 'h1')?.text).toBe(chapter.title);
		});
		const intro = epub.xhtml['chapter-1.xhtml'];
		expect(intro.filter((e) => e.name === 'li').map((e) => e.text.trim().split('\n')[0])).toEqual(['Erstens: digitale Werkzeuge', 'Zweitens: Strukturen', 'Satzung', 'Finanzen']);
		expect(intro.find((e) => e.name === 'p')?.text).toBe('Das Projekt stärkt Vereine & Initiativen.');
		// The image: a manifest item with its bytes, referenced by the chapter.
		const img = intro.find((e) => e.name === 'img')!;
		expect(img.attributes.alt).toBe('Das Logo des Trägers');
		const item = epub.items.find((i) => i.attributes.href === img.attributes.src)!;
		expect(item.attributes['media-type']).toBe('image/png');
		expect(epub.files[`OEBPS/${img.attributes.src}`].length).toBe(hb.chapters[0].images[0].bytes.length);
		// The generated chapter: its table and the radar chart as inline SVG, with the numbers as a table.
		const programme = epub.xhtml['chapter-2.xhtml'];
		expect(programme.filter((e) => e.name === 'td').map((e) => e.text)).toContain('Online-Seminar Förderanträge');
		expect(programme.some((e) => e.name === 'svg')).toBe(true);
		expect(epub.items.find((i) => i.attributes.href === 'chapter-2.xhtml')?.attributes.properties).toBe('svg');
		expect(programme.filter((e) => e.name === 'td').map((e) => e.text)).toContain('3,5');
		// The Arabic chapter.
		const arabic = epub.xhtml['chapter-3.xhtml'];
		expect(arabic.find((e) => e.name === 'p')?.text).toBe('يساعد المشروع الجمعيات في برلين.');
		// The licence on the title page, as a link.
		const title = epub.xhtml['title.xhtml'];
		expect(title.find((e) => e.name === 'a')?.attributes.href).toBe('https://creativecommons.org/licenses/by-sa/4.0/');
	});

	it('keeps XML well-formed whatever the Markdown holds, and reads right to left for an Arabic handbook', () => {
		const hb = sampleHandbook();
		hb.language = 'ar';
		hb.chapters = [{ ...hb.chapters[2], markdown: 'نص&nbsp;مع <b>وسم</b> &unknown; و<br>سطر\n\n<div>raw</div>\n\n- [x] تم\n- [ ] لا\n\n![صورة مفقودة](غير-موجود)\n\n[رابط](javascript:alert(1)) [موقع](https://example.org/?a=1&b=2)' }];
		const epub = checkEpub(handbookEpub(hb, { now: new Date('2027-07-01T00:00:00Z') }));
		expect(epub.meta('dc:language')).toBe('ar');
		expect(epub.opfText).toContain('page-progression-direction="rtl"');
		const chapter = epub.xhtml['chapter-1.xhtml'];
		expect(chapter.find((e) => e.name === 'html')?.attributes.dir).toBe('rtl');
		expect(chapter.some((e) => e.name === 'div' || e.name === 'b')).toBe(false);
		expect(chapter.filter((e) => e.name === 'a').map((a) => a.attributes.href)).toEqual(['https://example.org/?a=1&b=2']);
		expect(chapter.filter((e) => e.name === 'input').map((i) => i.attributes.checked ?? null)).toEqual(['checked', null]);
		expect(chapter.some((e) => e.name === 'img')).toBe(false);
	});
});
