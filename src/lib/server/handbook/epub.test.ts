import { describe, expect, it } from 'vitest';
import { handbookEpub } from './epub.ts';
import { checkEpub, sampleHandbook } from './test-fixtures.ts';

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
			expect(html.attributes.lang).toBe(chapter.lang ?? 'de');
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
