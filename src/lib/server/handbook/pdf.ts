/**
 * The handbook as a PDF, in the one document style (reports/document.ts) with every line through
 * writeText (Arabic shaped, bidi runs in order; a chapter with dir 'rtl' set from the right):
 *
 *   cover (provider, title, subtitle, publisher, date, licence)
 *   table of contents: pages reserved before the chapters (their number is known in advance from the
 *     titles' line count) and written at the end, when each chapter's first page is known
 *   one chapter per new page: Markdown from marked's lexer (headings, paragraphs, lists, GFM tables,
 *     quotes, code, images from chapter.images), then its charts as vectors (radar: pdf-radar.ts)
 *   running header (handbook title / chapter title) and footer with "Seite n von N" on every page
 *     after the cover; a bookmark (outline entry) and a named destination per chapter, linked from the TOC
 *
 * Tagged PDF (pdfkit's structure elements): Document → Sect per part → H1…H6, P, L/LI/Lbl/LBody,
 * Table/TR/TH/TD, Figure with alt text, TOC/TOCI; header, footer and rules are artifacts. Inline
 * emphasis is written as plain text (one font per paragraph).
 */
import { Lexer, type Token, type Tokens } from 'marked';
import { createRequire } from 'node:module';
import * as m from '../../paraglide/messages.js';
import { languageName, textDirection } from '../../i18n/locales.ts';
import { formatDate, formatNumber, localDate } from '../../programme/dates.ts';
import { createDocument, INK, TYPE, type DocumentBranding } from '../reports/document.ts';
import { measurer, wrapLines, writeText, type Direction } from '../reports/pdf-text.ts';
import { drawRadar } from '../reports/pdf-radar.ts';
import type { HandbookDocument } from './content.ts';
import { decodeEntities, embeddable, findImage, inlineText, licenceName, radarData, type HandbookChapter, type HandbookImage } from './outputs.ts';

const require = createRequire(import.meta.url);
type Struct = PDFKit.PDFStructureElement;

export interface HandbookPdfOptions {
	branding: DocumentBranding | null;
	accent?: string;
	/** Called after the cover and after each chapter with the share done (0–100); awaited. */
	onProgress?: (percent: number) => void | Promise<void>;
}

const TOC_SIZE = 11;
const TOC_GAP = 5;
const NUMBER_COLUMN = 44;

export async function handbookPdf(hb: HandbookDocument, options: HandbookPdfOptions): Promise<Uint8Array> {
	const locale = hb.language;
	const o = { locale };
	const direction = textDirection(locale);
	const rtl = direction === 'rtl';
	/** What each page's running header names at its end side (index = page); the cover has none. */
	const headerFor: (string | null)[] = [null];
	let current: string | null = null;
	const d = createDocument({
		locale,
		title: hb.title,
		subtitle: hb.subtitle ?? undefined,
		branding: options.branding,
		accent: options.accent,
		tagged: true,
		decorate: (page) => (page === 0 ? { footer: false } : { header: { start: hb.title, end: headerFor[page] ?? '' } })
	});
	const { doc, fonts, box, accent } = d;
	doc.registerFont('mono', require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf'));
	doc.on('pageAdded', () => headerFor.push(current));
	doc.info.Subject = m.handbook_out_licence({ licence: licenceName(hb.licence), url: hb.licenceUrl }, o);
	const progress = async (p: number) => options.onProgress?.(Math.round(p));

	const root = doc.struct('Document');
	doc.addStructure(root);
	const leaf = (parent: Struct, type: string, draw: () => void, extra: Record<string, unknown> = {}) => {
		parent.add(doc.struct(type as 'P', extra, () => draw()));
	};
	const container = (parent: Struct, type: string, extra: Record<string, unknown> = {}): Struct => {
		const s = doc.struct(type as 'Sect', extra);
		parent.add(s);
		return s;
	};
	/** Drawing that carries no content (rules, cell borders): marked as an artifact. */
	const artifact = (draw: () => void) => {
		doc.markContent('Artifact', { type: 'Layout' });
		draw();
		doc.endMarkedContent();
	};
	const rule = (y: number, width = 0.5, colour: string = INK.rule) =>
		artifact(() => doc.moveTo(box.left, y).lineTo(box.right, y).lineWidth(width).strokeColor(colour).stroke());

	// Cover.
	const cover = container(root, 'Sect');
	d.titleBlock({ title: '', subtitle: '' });
	doc.y = box.top + 150;
	leaf(cover, 'H1', () => d.paragraph(hb.title, { font: 'bold', size: TYPE.display, color: accent, base: 'auto' }));
	if (hb.subtitle) {
		doc.moveDown(0.4);
		leaf(cover, 'P', () => d.paragraph(hb.subtitle!, { size: TYPE.title - 4, color: INK.muted, base: 'auto' }));
	}
	doc.moveDown(2);
	if (hb.provider) leaf(cover, 'P', () => d.paragraph(m.handbook_out_published_by({ provider: hb.provider }, o)));
	if (hb.publishedAt) leaf(cover, 'P', () => d.paragraph(m.handbook_out_published_on({ date: formatDate(localDate(new Date(hb.publishedAt!)), locale) }, o)));
	if (hb.fallbackLanguage) {
		doc.moveDown(0.6);
		leaf(cover, 'P', () => d.paragraph(m.handbook_out_fallback({ language: languageName(hb.fallbackLanguage!, locale) }, o), { color: INK.muted }));
	}
	doc.y = box.bottom - 50;
	rule(doc.y - 8);
	leaf(cover, 'P', () => d.paragraph(m.handbook_out_licence({ licence: licenceName(hb.licence), url: hb.licenceUrl }, o), { size: TYPE.small + 1 }));
	cover.end();
	await progress(5);

	// Table of contents: reserve its pages now (the same layout measures and, at the end, writes it).
	const tocTitle = m.handbook_out_contents({}, o);
	const toc = container(root, 'TOC');
	const tocStart = headerFor.length;
	const layoutToc = (write: null | { pages: number[] }) => {
		let page = 0;
		const start = (k: number) => {
			if (write) doc.switchToPage(tocStart + k);
			doc.y = box.top;
		};
		start(0);
		if (write) leaf(toc, 'H1', () => d.paragraph(tocTitle, { font: 'bold', size: TYPE.title, color: accent }));
		else {
			doc.font(fonts.bold).fontSize(TYPE.title);
			doc.y += doc.currentLineHeight(true);
		}
		doc.y += 14;
		doc.font(fonts.regular).fontSize(TOC_SIZE);
		const lineHeight = doc.currentLineHeight(true);
		const measure = measurer(doc);
		hb.chapters.forEach((chapter, i) => {
			const lines = wrapLines(measure, chapter.title, box.width - NUMBER_COLUMN).length;
			const height = lines * lineHeight;
			if (doc.y + height > box.bottom) start(++page);
			if (!write) return void (doc.y += height + TOC_GAP);
			const y = doc.y;
			leaf(toc, 'TOCI', () => {
				doc.font(fonts.regular).fontSize(TOC_SIZE).fillColor(INK.text);
				writeText(doc, chapter.title, { direction, base: chapter.dir, x: rtl ? box.left + NUMBER_COLUMN : box.left, y, width: box.width - NUMBER_COLUMN });
				writeText(doc, formatNumber(write.pages[i], locale), { direction, x: rtl ? box.left : box.right - NUMBER_COLUMN, y, width: NUMBER_COLUMN, align: 'end' });
			});
			doc.goTo(box.left, y, box.width, height, `chapter-${i + 1}`);
			doc.y = y + height + TOC_GAP;
		});
		return page + 1;
	};
	const tocPages = layoutToc(null);
	current = tocTitle;
	for (let k = 0; k < tocPages; k++) d.addPage();

	// Chapters.
	const chapterPages: number[] = [];
	for (const [i, chapter] of hb.chapters.entries()) {
		current = chapter.title;
		d.addPage();
		chapterPages.push(headerFor.length);
		doc.addNamedDestination(`chapter-${i + 1}`);
		doc.outline.addItem(chapter.title);
		// A chapter that fell back to another language says so to screen readers.
		const sect = container(root, 'Sect', chapter.lang && chapter.lang !== locale ? { lang: chapter.lang } : {});
		const ctx: Ctx = { dir: chapter.dir, parent: sect, indent: 0, chapter };
		leaf(sect, 'H1', () => d.paragraph(chapter.title, { font: 'bold', size: TYPE.title, color: accent, direction: chapter.dir }));
		rule(doc.y + 4, 1.5, accent);
		doc.y += 14;
		blocks(new Lexer({ gfm: true }).lex(chapter.markdown), ctx);
		for (const chart of chapter.charts) radar(chart, ctx);
		sect.end();
		await progress(5 + (90 * (i + 1)) / Math.max(1, hb.chapters.length));
	}

	layoutToc({ pages: chapterPages });
	toc.end();
	root.end();
	const bytes = await d.finish();
	return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);

	// --- Markdown blocks ------------------------------------------------------------------------

	interface Ctx {
		dir: Direction;
		parent: Struct;
		/** Indent at the start side, in points. */
		indent: number;
		chapter: HandbookChapter;
	}

	function para(ctx: Ctx, type: string, text: string, p: { font?: 'regular' | 'bold'; size?: number; color?: string; mono?: boolean } = {}) {
		if (!text.trim()) return;
		leaf(ctx.parent, type, () => {
			if (p.mono) {
				doc.font('mono').fontSize(p.size ?? TYPE.body - 1);
				for (const line of text.split('\n')) {
					const lines = wrapLines(measurer(doc), line, box.width - ctx.indent - 8);
					for (const l of lines) {
						d.ensureSpace(doc.currentLineHeight(true));
						doc.font('mono').fontSize(p.size ?? TYPE.body - 1).fillColor(INK.muted);
						writeText(doc, l, { direction: 'ltr', x: box.left, width: box.width, indent: rtl ? 0 : ctx.indent + 8, y: doc.y });
					}
				}
				doc.fillColor(INK.text);
				return;
			}
			d.paragraph(text, { direction: ctx.dir, indent: ctx.indent, font: p.font, size: p.size, color: p.color, lineGap: 1.5 });
		});
	}

	function blocks(tokens: Token[], ctx: Ctx) {
		for (const t of tokens) block(t, ctx);
	}

	function block(t: Token, ctx: Ctx) {
		switch (t.type) {
			case 'space':
				return;
			case 'heading': {
				const h = t as Tokens.Heading;
				const size = h.depth <= 1 ? 16 : h.depth === 2 ? TYPE.heading + 1 : TYPE.body + 1.5;
				doc.font(fonts.bold).fontSize(size);
				d.ensureSpace(doc.currentLineHeight(true) * 3);
				doc.moveDown(0.5);
				para(ctx, `H${Math.min(6, h.depth + 1)}`, inlineText(h.tokens), { font: 'bold', size, color: accent });
				doc.moveDown(0.2);
				return;
			}
			case 'paragraph': {
				const p = t as Tokens.Paragraph;
				// Text between images as paragraphs, each image as a figure where it stands.
				let run: Token[] = [];
				const flush = () => {
					para(ctx, 'P', inlineText(run));
					run = [];
				};
				for (const inline of p.tokens) {
					if (inline.type === 'image') {
						flush();
						figure(inline as Tokens.Image, ctx);
					} else run.push(inline);
				}
				flush();
				doc.moveDown(0.5);
				return;
			}
			case 'text': {
				const x = t as Tokens.Text;
				para(ctx, 'P', x.tokens ? inlineText(x.tokens) : decodeEntities(x.text));
				return;
			}
			case 'list':
				return list(t as Tokens.List, ctx);
			case 'table':
				return table(t as Tokens.Table, ctx);
			case 'blockquote': {
				const quote = container(ctx.parent, 'BlockQuote');
				blocks((t as Tokens.Blockquote).tokens, { ...ctx, parent: quote, indent: ctx.indent + 14 });
				return;
			}
			case 'code':
				para(ctx, 'Code', (t as Tokens.Code).text, { mono: true });
				doc.moveDown(0.5);
				return;
			case 'hr':
				d.ensureSpace(12);
				rule(doc.y + 6);
				doc.y += 14;
				return;
			case 'html':
				para(ctx, 'P', decodeEntities((t as Tokens.HTML).text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim()));
				return;
			default: {
				const text = (t as { tokens?: Token[]; text?: string }).tokens ? inlineText((t as { tokens: Token[] }).tokens) : decodeEntities((t as { text?: string }).text ?? '');
				para(ctx, 'P', text);
			}
		}
	}

	function list(l: Tokens.List, ctx: Ctx) {
		const el = container(ctx.parent, 'L');
		const start = typeof l.start === 'number' ? l.start : 1;
		const labelWidth = l.ordered ? 22 : 14;
		l.items.forEach((item, k) => {
			const li = container(el, 'LI');
			const label = item.task ? (item.checked ? '☑' : '☐') : l.ordered ? `${formatNumber(start + k, locale)}.` : '•';
			doc.font(fonts.regular).fontSize(TYPE.body);
			d.ensureSpace(doc.currentLineHeight(true) + 1.5);
			const y = doc.y;
			leaf(li, 'Lbl', () => {
				doc.font(fonts.regular).fontSize(TYPE.body).fillColor(INK.text);
				writeText(doc, label, { direction: ctx.dir, x: box.left, width: box.width, indent: ctx.indent, y });
			});
			doc.y = y;
			const body = container(li, 'LBody');
			blocks(item.tokens, { ...ctx, parent: body, indent: ctx.indent + labelWidth });
			if (item.loose) doc.moveDown(0.2);
		});
		doc.moveDown(0.4);
	}

	function table(t: Tokens.Table, ctx: Ctx) {
		const size = TYPE.body - 1;
		const pad = 4;
		const header = t.header.map((c) => inlineText(c.tokens));
		const rows = t.rows.map((r) => r.map((c) => inlineText(c.tokens)));
		const columns = header.length;
		if (!columns) return;
		doc.font(fonts.bold).fontSize(size);
		const measure = measurer(doc);
		const natural = header.map((h, c) => Math.max(measure(h), ...rows.map((r) => measure(r[c] ?? ''))) + 2 * pad);
		const available = box.width - ctx.indent;
		const capped = natural.map((w) => Math.min(Math.max(w, 36), available * 0.6));
		const total = capped.reduce((a, b) => a + b, 0);
		const widths = capped.map((w) => (w / total) * available);
		const lineHeight = doc.currentLineHeight(true);
		// Column k's left edge: left to right, or from the right in a right-to-left chapter.
		const lefts: number[] = [];
		let edge = ctx.dir === 'rtl' ? box.right - ctx.indent : box.left + ctx.indent;
		for (const w of widths) {
			if (ctx.dir === 'rtl') {
				edge -= w;
				lefts.push(edge);
			} else {
				lefts.push(edge);
				edge += w;
			}
		}
		const maxLines = Math.floor((box.bottom - box.top - 2 * pad) / lineHeight) - 2;
		const alignOf = (c: number): 'start' | 'end' | 'center' => {
			const a = t.align[c];
			if (a === 'center') return 'center';
			if (!a) return 'start';
			return (a === 'left') === (ctx.dir === 'ltr') ? 'start' : 'end';
		};
		const el = container(ctx.parent, 'Table');
		const row = (cells: string[], head: boolean, parent: Struct) => {
			doc.font(head ? fonts.bold : fonts.regular).fontSize(size);
			const m2 = measurer(doc);
			const height = Math.max(...cells.map((text, c) => Math.min(maxLines, wrapLines(m2, text, widths[c] - 2 * pad).length))) * lineHeight + 2 * pad;
			const paged = d.ensureSpace(height);
			if (paged && !head) row(header, true, container(el, 'TR'));
			const y = doc.y;
			const left = Math.min(...lefts);
			artifact(() => {
				if (head) doc.rect(left, y, available, height).fill('#eef1f5');
				doc.moveTo(left, y + height).lineTo(left + available, y + height).lineWidth(0.5).strokeColor(INK.rule).stroke();
			});
			const tr = parent;
			cells.forEach((text, c) => {
				leaf(tr, head ? 'TH' : 'TD', () => {
					doc.font(head ? fonts.bold : fonts.regular).fontSize(size).fillColor(INK.text);
					writeText(doc, text, { direction: ctx.dir, x: lefts[c] + pad, y: y + pad, width: widths[c] - 2 * pad, align: alignOf(c), maxLines });
				});
			});
			doc.x = box.left;
			doc.y = y + height;
		};
		row(header, true, container(el, 'TR'));
		for (const r of rows) row(Array.from({ length: columns }, (_, c) => r[c] ?? ''), false, container(el, 'TR'));
		doc.moveDown(0.8);
	}

	function figure(token: Tokens.Image, ctx: Ctx) {
		const alt = decodeEntities(token.text || token.title || '');
		const image = findImage(ctx.chapter, token.href);
		if (!image || !embeddable(image) || !place(image, alt, ctx)) para(ctx, 'P', m.handbook_out_image({ alt }, o), { color: INK.muted });
	}

	/** Draws an image centred in the column, at most 300 pt high, with its alt text as caption; false when its bytes are no image. */
	function place(image: HandbookImage, alt: string, ctx: Ctx): boolean {
		let opened: { width: number; height: number };
		try {
			opened = (doc as unknown as { openImage(src: Buffer): { width: number; height: number } }).openImage(Buffer.from(image.bytes));
		} catch {
			return false;
		}
		const available = box.width - ctx.indent;
		const scale = Math.min(1, available / opened.width, 300 / opened.height);
		const w = opened.width * scale;
		const h = opened.height * scale;
		d.ensureSpace(h + 24);
		const y = doc.y;
		const x = (ctx.dir === 'rtl' ? box.left : box.left + ctx.indent) + (available - w) / 2;
		leaf(ctx.parent, 'Figure', () => doc.image(opened as unknown as PDFKit.Mixins.ImageSrc, x, y, { width: w, height: h }), { alt: alt || image.alt });
		doc.x = box.left;
		doc.y = y + h + 4;
		if (alt) para(ctx, 'P', alt, { size: TYPE.small + 1, color: INK.muted });
		doc.moveDown(0.4);
		return true;
	}

	function radar(chart: HandbookChapter['charts'][number], ctx: Ctx) {
		const data = chart.kind === 'radar' ? radarData(chart.data) : null;
		doc.moveDown(0.6);
		para(ctx, 'P', chart.caption, { font: 'bold' });
		if (!data) return;
		const size = 200;
		d.ensureSpace(size + 10);
		const top = doc.y;
		const chartRtl = ctx.dir === 'rtl';
		const chartX = chartRtl ? box.left : box.right - size;
		const values = (k: number) => data.series.map((s) => `${s.name} ${s.values[k] === null ? '–' : formatNumber(s.values[k]!, locale)}`).join(' · ');
		const alt = `${chart.caption}: ${data.axes.map((a, k) => `${a}: ${values(k)}`).join('; ')}`;
		leaf(ctx.parent, 'Figure', () => drawRadar(doc, { x: chartX, y: top, size, axes: data.axes.length, series: data.series, max: data.max, rtl: chartRtl, font: fonts.bold }), { alt });
		// The numbered areas beside the chart (the numbers match its axes), then the series' colours.
		const side = { ...ctx, indent: 0 };
		const textX = chartRtl ? box.left + size + 12 : box.left;
		const textWidth = box.width - size - 12;
		doc.y = top;
		const axes = container(ctx.parent, 'L');
		data.axes.forEach((axis, k) => {
			leaf(axes, 'LI', () => d.paragraph(`${formatNumber(k + 1, locale)}. ${axis}: ${values(k)}`, { direction: side.dir, x: textX, width: textWidth, size: TYPE.small + 1 }));
		});
		doc.moveDown(0.4);
		for (const s of data.series) {
			const y = doc.y;
			artifact(() => {
				doc.save().lineWidth(1.5);
				const sx = chartRtl ? textX + textWidth - 10 : textX;
				if (s.dashed) doc.rect(sx, y + 1, 10, 8).dash(2, { space: 1.5 }).stroke(s.color).undash();
				else doc.rect(sx, y + 1, 10, 8).fill(s.color);
				doc.restore();
			});
			leaf(ctx.parent, 'P', () => d.paragraph(s.name, { direction: side.dir, x: chartRtl ? textX : textX + 16, width: textWidth - 16, size: TYPE.small + 1 }));
		}
		doc.y = Math.max(doc.y, top + size) + 10;
	}
}
