import { describe, expect, it } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { handbookPdf } from './pdf.ts';
import { DEMO_LOGO_PNG } from '../settings/demo-logo.ts';
import { sampleHandbook } from './test-fixtures.ts';

async function pages(pdf: Uint8Array): Promise<string[]> {
	const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: false });
	// Lines joined by spaces: a title wrapped on the cover still reads as one.
	return (text as string[]).map((t) => t.replace(/\s+/g, ' '));
}

describe('the handbook as PDF', () => {
	it('has a cover, a table of contents whose page numbers are where the chapters start, and reads back in order', async () => {
		const progress: number[] = [];
		const pdf = await handbookPdf(sampleHandbook(), { branding: { name: 'Brückenwerk Bildung e. V.', logo: DEMO_LOGO_PNG }, onProgress: (p) => void progress.push(p) });
		const text = await pages(pdf);
		expect(text[0]).toContain('Transferhandbuch Digit-Ready II');
		expect(text[0]).toContain('Herausgegeben von Brückenwerk Bildung e. V.');
		expect(text[0]).toContain('Dieses Handbuch steht unter der Lizenz CC BY-SA 4.0: https://creativecommons.org/licenses/by-sa/4.0/');
		expect(text[0]).not.toContain('Seite 1 von');
		expect(text[1]).toContain('Inhalt');
		for (const [title, page] of [['Einleitung', 3], ['Das Programm, wie es lief', 0], ['مقدمة الدليل', 0]] as const) {
			const entry = text[1].match(new RegExp(`${title}\\s*(\\d+)`));
			expect(entry, title).not.toBeNull();
			const n = Number(entry![1]);
			if (page) expect(n).toBe(page);
			// The page the TOC names starts with the chapter's title (under the running header), and the page before does not carry it as its chapter.
			expect(text[n - 1], title).toContain(title);
			if (n - 2 > 1) expect(text[n - 2]).not.toContain(title);
		}
		// Running header and footer.
		text.slice(1).forEach((page, i) => {
			expect(page).toContain('Transferhandbuch Digit-Ready II');
			expect(page).toContain(`Seite ${i + 2} von ${text.length}`);
		});
		const all = text.join('\n');
		// Order: list, long paragraph across a page break, the image's caption, the text after it.
		const order = ['Erstens: digitale Werkzeuge', 'Satzung', 'Satz 1 über', 'Satz 60 über', 'Das Logo des Trägers', 'Nach dem Bild.', 'Workshop Datenschutz', 'Online-Seminar Förderanträge', 'Digital-Check der Kohorte', '1. Strategie', 'يساعد المشروع الجمعيات في برلين.'];
		let at = -1;
		for (const s of order) {
			const i = all.indexOf(s, at + 1);
			expect(i, s).toBeGreaterThan(at);
			at = i;
		}
		expect(all).toContain('Vereine & Initiativen');
		expect(all).not.toContain('**');
		// The Arabic chapter: words in logical order, a mixed line with its Latin run in place, the lam-alef ligature.
		expect(all).toContain('ورشة Digitale Infrastruktur في برلين');
		expect(all).toContain('الأحمد');
		expect(all).toContain('الورش');
		expect(progress.at(-1)).toBe(95);
		expect(progress).toEqual([...progress].sort((a, b) => a - b));
	});

	it('reserves as many contents pages as the entries need, bookmarks each chapter and is a tagged PDF', async () => {
		const hb = sampleHandbook(45);
		const pdf = await handbookPdf(hb, { branding: null });
		const text = await pages(pdf);
		expect(text[1]).toContain('Inhalt');
		expect(text[2]).toContain('Zusatzkapitel');
		const last = hb.chapters.at(-1)!.title;
		const n = Number(text[2].match(new RegExp(`${last}\\s*(\\d+)`))![1]);
		expect(n).toBe(text.length);
		expect(text[n - 1]).toContain('Inhalt von Zusatzkapitel 45.');
		const proxy = await getDocumentProxy(new Uint8Array(pdf));
		const outline = await proxy.getOutline();
		expect(outline.map((o) => o.title)).toEqual(hb.chapters.map((c) => c.title));
		const markInfo = await proxy.getMarkInfo();
		expect(markInfo?.Marked).toBe(true);
		const tree = await (await proxy.getPage(4)).getStructTree();
		expect(JSON.stringify(tree)).toContain('"role":"H1"');
	});

	it('sets an Arabic handbook from the right, with its contents and page numbers in Arabic', async () => {
		const hb = { ...sampleHandbook(), language: 'ar' as const, title: 'دليل النقل', chapters: [sampleHandbook().chapters[2]] };
		const text = await pages(await handbookPdf(hb, { branding: null }));
		expect(text[1]).toContain('المحتويات');
		expect(text[2]).toContain('مقدمة الدليل');
		expect(text[2]).toContain('الصفحة 3 من 3');
	});
});
